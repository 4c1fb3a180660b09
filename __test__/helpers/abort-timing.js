// Run by abort-native.spec.js in a child process with a one-thread native pool: times a
// large native computeAsync whole, then aborted 2 ms after it starts, then the calls after.
// Prints one JSON line of findings.
const { Hinge, setBackend } = require('../..')

setBackend('native')

// 2^26 float64 elements per input in rows of 8: a pass reads 1 GiB.
const COLS = 8
const ROWS = 2 ** 26 / COLS
const yTrue = new Float64Array(ROWS * COLS)
const yPred = new Float64Array(ROWS * COLS)
for (let i = 0; i < yTrue.length; i++) {
  yTrue[i] = i % 3 === 0 ? 1 : -1
  yPred[i] = (i % 11) / 5 - 1
}
const args = [{ data: yTrue, shape: [ROWS, COLS] }, { data: yPred, shape: [ROWS, COLS] }]
const loss = new Hinge({ dtype: 'float64' })

async function timed(signal) {
  const start = performance.now()
  try {
    const value = await loss.computeAsync(...args, undefined, signal && { signal })
    return { ms: performance.now() - start, value }
  } catch (error) {
    return { ms: performance.now() - start, error: { name: error.name, code: error.code } }
  }
}

async function main() {
  await timed() // Pages the inputs in, so the next pass is timed on warm memory.
  const whole = await timed()
  const controller = new AbortController()
  const pending = timed(controller.signal)
  setTimeout(() => controller.abort(), 2)
  const aborted = await pending
  const next = await timed()
  const late = new AbortController()
  const finished = await timed(late.signal)
  late.abort()
  const afterAbort = await timed()
  console.log(JSON.stringify({ whole, aborted, next, finished, afterAbort }))
}

main()
