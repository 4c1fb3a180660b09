#!/usr/bin/env node
// Inputs past 2^31 elements, outside the default test run: about 12 GiB of memory.
//
//   node scripts/large-input.js
//
// Labels are a Uint8Array of 1s, predictions a Float32Array repeating 0, 0.5, 1, 1.5, so
// every row of 4 has the hinge loss (1 + 0.5 + 0 + 0) / 4 = 0.375 exactly: any index or
// length that wraps at 2^31 or 2^32 shows as a wrong value or a crash. Checks, on the
// native backend: compute and computeAsync as [n/4, 4] and as one row of n, and the
// per-sample tensor; then the pure-TS backend's compute. Exits 1 on any mismatch.
const os = require('node:os')
const assert = require('node:assert/strict')
const api = require('..')

const N = 2 ** 31 + 8
const NEEDED = N * (1 + 4) + (N / 4) * 4 + 2 ** 30

function seconds(since) {
  return `${(Number(process.hrtime.bigint() - since) / 1e9).toFixed(1)} s`
}

async function check(label, run, expected) {
  const started = process.hrtime.bigint()
  const value = await run()
  assert.equal(value, expected, label)
  console.log(`ok  ${label}: ${value} in ${seconds(started)}`)
}

async function main() {
  if (os.totalmem() < NEEDED) {
    console.log(`skipped: needs ${(NEEDED / 2 ** 30).toFixed(1)} GiB of memory, the machine has ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`)
    return
  }
  const started = process.hrtime.bigint()
  const yTrue = new Uint8Array(N).fill(1)
  const yPred = new Float32Array(N)
  for (let i = 0; i < N; i += 4) yPred.set([0, 0.5, 1, 1.5], i)
  console.log(`filled ${N} elements (2^31 + 8) in ${seconds(started)}`)

  const rows = [{ data: yTrue, shape: [N / 4, 4] }, { data: yPred, shape: [N / 4, 4] }]
  const oneRow = [yTrue, yPred]
  api.setBackend('native')
  const loss = new api.Hinge()
  await check('native compute [n/4, 4]', () => loss.compute(...rows), 0.375)
  await check('native computeAsync [n/4, 4]', () => loss.computeAsync(...rows), 0.375)
  await check('native compute, one row of n', () => api.hinge(...oneRow).data[0], 0.375)
  await check('native computeAsync, one row of n', () => loss.computeAsync(...oneRow), 0.375)
  await check('native sum [n/4, 4]', () => new api.Hinge({ reduction: 'sum' }).compute(...rows), Math.fround((N / 4) * 0.375))
  await check(
    'native per-sample tensor [n/4]: every value',
    () => {
      const { data } = new api.Hinge({ reduction: 'none' }).compute(...rows)
      assert.equal(data.length, N / 4)
      return data.every((v) => v === 0.375) ? 0.375 : NaN
    },
    0.375,
  )
  api.setBackend('js')
  await check('js compute [n/4, 4]', () => loss.compute(...rows), 0.375)
  await check('js compute, one row of n', () => api.hinge(...oneRow).data[0], 0.375)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
