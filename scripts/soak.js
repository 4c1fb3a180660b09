#!/usr/bin/env node
// Soak: many sync and async calls of mixed sizes, losses, dtypes, weights and reductions,
// on fresh inputs, with the resident set size measured before and after. A leak of a
// few bytes per call, or of any input kept alive, shows as growth.
//
//   node scripts/soak.js [syncCalls=1e6] [asyncCalls=1e5] [backend=native|js]
//
// Exits 1 when RSS grows by 10 MiB or more. The tests run a short version.
const { spawnSync } = require('node:child_process')
const v8 = require('node:v8')
const vm = require('node:vm')

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc')

const LIMIT = 10 * 1024 * 1024
const MiB = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

/** Mixed shapes: mostly small batches, some of 16 Ki elements. */
function shapeOf(i) {
  const cols = 1 + (i % 13)
  const rows = i % 10 === 0 ? Math.floor(16384 / cols) : 1 + ((i * 7919) % 50)
  return [rows, cols]
}

function inputs(i) {
  const [rows, cols] = shapeOf(i)
  const n = rows * cols
  const yt = new (i % 3 === 0 ? Int8Array : Float32Array)(n)
  const yp = new (i % 4 === 0 ? Float64Array : Float32Array)(n)
  for (let k = 0; k < n; k++) {
    yt[k] = (k + i) % 3 === 0 ? 1 : 0
    yp[k] = ((k * 31 + i) % 17) / 8 - 1
  }
  const weights = i % 5 === 0 ? new Float32Array(rows).fill(0.5) : undefined
  return [{ data: yt, shape: [rows, cols] }, { data: yp, shape: [rows, cols] }, weights]
}

function losses(api) {
  const out = []
  for (const Loss of [api.Hinge, api.SquaredHinge, api.CategoricalHinge]) {
    for (const reduction of ['sum_over_batch_size', 'sum', 'none', 'mean_with_sample_weight']) {
      for (const dtype of ['float32', 'float64']) out.push(new Loss({ reduction, dtype }))
    }
  }
  return out
}

function memory() {
  gc()
  gc()
  return process.memoryUsage()
}

/**
 * `sync` compute calls, then `async` computeAsync calls (100 in flight), each on fresh
 * inputs. Returns process.memoryUsage() before (after a first round) and after.
 */
async function soak(api, { sync, async }) {
  const all = losses(api)
  const round = async (syncCalls, asyncCalls) => {
    for (let i = 0; i < syncCalls; i++) all[i % all.length].compute(...inputs(i))
    for (let start = 0; start < asyncCalls; start += 100) {
      const batch = Math.min(100, asyncCalls - start)
      await Promise.all(Array.from({ length: batch }, (_, k) => all[(start + k) % all.length].computeAsync(...inputs(start + k))))
    }
  }
  // A first round (the whole load, up to 50,000 + 10,000 calls) compiles every path and
  // takes RSS to its high-water mark: JIT code, malloc's per-thread arenas and freed but
  // unreturned buffer memory are no leak. A leak grows again in the measured round.
  await round(Math.min(sync, 50_000), Math.min(async, 10_000))
  const before = memory()
  await round(sync, async)
  return { before, after: memory() }
}

async function main() {
  const [sync = 1e6, async = 1e5] = process.argv.slice(2, 4).map(Number)
  const backend = process.argv[4] ?? 'native'
  const api = require('..')
  api.setBackend(backend)
  const started = process.hrtime.bigint()
  const { before, after } = await soak(api, { sync, async })
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const growth = after.rss - before.rss
  console.log(
    `${backend}: ${sync} sync + ${async} async calls in ${seconds.toFixed(1)} s; RSS ${MiB(before.rss)} -> ${MiB(after.rss)} ` +
      `(growth ${MiB(growth)}, limit ${MiB(LIMIT)}); JS heap used ${MiB(before.heapUsed)} -> ${MiB(after.heapUsed)}, ` +
      `total ${MiB(before.heapTotal)} -> ${MiB(after.heapTotal)}`,
  )
  process.exitCode = growth < LIMIT ? 0 : 1
}

// Under a soak's allocation rate V8 grows its young generation by tens of MiB, which
// RSS would report as growth; with it capped, RSS shows what the calls leave behind.
const HEAP_FLAG = '--max-semi-space-size=1'
if (process.execArgv.includes(HEAP_FLAG)) {
  main()
} else {
  const child = spawnSync(process.execPath, [HEAP_FLAG, __filename, ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exitCode = child.status ?? 1
}
