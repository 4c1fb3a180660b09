// evaluateInWorkers: batches split over worker_threads (shared or transferred, never
// copied), states merged, equal to one pass; errors come back with their codes.
const test = require('ava')
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const { eachBackend, js, native } = require('./helpers/backends')
const { rng } = require('./helpers/random')

const near = (a, b, tolerance) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b))

/** A data set of `rows` rows on SharedArrayBuffers, with labels of the metric's kind. */
function sharedDataSet(seed, rows, cols, categorical) {
  const r = rng(seed)
  // Filled in place: TypedArray#map would return a copy on an ordinary ArrayBuffer.
  const on = (Kind, n, value) => {
    const array = new Kind(new SharedArrayBuffer(n * Kind.BYTES_PER_ELEMENT))
    for (let i = 0; i < n; i++) array[i] = value(i)
    return array
  }
  const yTrue = on(Uint8Array, rows * cols, (i) => (categorical ? Number(i % cols === r.int(0, cols - 1)) : r.next() < 0.5 ? 1 : 0))
  const yPred = on(Float32Array, rows * cols, () => r.next() * 4 - 2)
  const sampleWeight = on(Float32Array, rows, () => r.next() * 2)
  return { yTrue: { data: yTrue, shape: [rows, cols] }, yPred: { data: yPred, shape: [rows, cols] }, sampleWeight }
}

eachBackend(test, 'workers over shared data equal one pass, for every metric', async (t, api) => {
  for (const [name, Metric] of Object.entries(api.metrics)) {
    const data = sharedDataSet(11, 30_000, 6, name === 'CategoricalHinge' || name === 'SparseCategoricalHinge')
    if (name === 'SparseCategoricalHinge') {
      // Class ids, on a SharedArrayBuffer too.
      const ids = new Int32Array(new SharedArrayBuffer(30_000 * 4))
      for (let row = 0; row < 30_000; row++) ids[row] = (row * 7) % 6
      data.yTrue = { data: ids, shape: [30_000] }
    }
    const batches = api.splitBatches(data, 2_500)
    const one = new Metric()
    for (const b of batches) one.updateState(b.yTrue, b.yPred, b.sampleWeight)
    const parallel = new Metric()
    const result = await api.evaluateInWorkers(parallel, batches, { workers: 3 })
    t.is(result, parallel.result())
    t.true(near(parallel.state().total, one.state().total, 1e-12), name)
    t.true(near(parallel.state().count, one.state().count, 1e-12), name)
    t.true(near(result, one.result(), 1e-6), `${name}: ${result} vs ${one.result()}`)
    // Shared, not moved: the caller's arrays still hold the data.
    t.is(data.yPred.data.length, 30_000 * 6)
  }
})

test('workers follow setBackend, and merge into a metric that already counted', async (t) => {
  // Batches above the default entry's switch to native, so that its workers compute natively too.
  const data = sharedDataSet(12, 8_000, 4, false)
  const batches = native.splitBatches(data, 2_000).map(({ yTrue, yPred }) => ({ yTrue, yPred }))
  const onePass = (api) => {
    const metric = new api.metrics.SquaredHinge({ dtype: 'float64' })
    for (const b of batches) metric.updateState(b.yTrue, b.yPred)
    return metric.result()
  }
  const metric = new native.metrics.SquaredHinge({ dtype: 'float64' })
  metric.updateState(batches[0].yTrue, batches[0].yPred)
  await native.evaluateInWorkers(metric, batches.slice(1))
  t.true(near(metric.result(), onePass(native), 1e-12))
  native.setBackend('js')
  try {
    const viaJs = new native.metrics.SquaredHinge({ dtype: 'float64' })
    await native.evaluateInWorkers(viaJs, batches, { workers: 2 })
    t.true(near(viaJs.result(), onePass(js), 1e-12))
  } finally {
    native.setBackend('native')
  }
})

eachBackend(test, 'typed arrays not on a SharedArrayBuffer are transferred, not copied', async (t, api) => {
  const r = rng(13)
  const batches = Array.from({ length: 4 }, () => ({
    yTrue: { data: new Int8Array(800).map(() => (r.next() < 0.5 ? 1 : -1)), shape: [200, 4] },
    yPred: { data: new Float64Array(800).map(() => r.next() * 2 - 1), shape: [200, 4] },
    sampleWeight: new Float32Array(200).fill(1.5),
  }))
  const one = new api.metrics.Hinge()
  for (const b of batches) one.updateState(b.yTrue, b.yPred, b.sampleWeight)
  const metric = new api.metrics.Hinge()
  await api.evaluateInWorkers(metric, batches, { workers: 2 })
  t.true(near(metric.result(), one.result(), 1e-6))
  // The buffers moved to the workers: the caller's arrays are detached.
  t.true(batches.every((b) => b.yPred.data.length === 0 && b.yTrue.data.length === 0 && b.sampleWeight.length === 0))
})

eachBackend(test, 'one ArrayBuffer behind batches for different workers is refused before any work', async (t, api) => {
  const scores = new Float32Array(40).fill(0.5)
  const labels = new Float32Array(40).fill(1)
  const batches = api.splitBatches({ yTrue: { data: labels, shape: [20, 2] }, yPred: { data: scores, shape: [20, 2] } }, 5)
  const metric = new api.metrics.Hinge()
  const error = await t.throwsAsync(api.evaluateInWorkers(metric, batches, { workers: 2 }))
  t.is(error.code, 'ERR_INVALID_TYPE')
  t.regex(error.message, /SharedArrayBuffer/)
  t.is(scores.length, 40, 'nothing was transferred')
  // One worker may take them all: its batches travel together on the one buffer.
  await api.evaluateInWorkers(metric, batches, { workers: 1 })
  t.is(metric.state().count, 20)
})

eachBackend(test, "a worker's refusal rejects with the LossInputError and its code; the metric is unchanged", async (t, api) => {
  const metric = new api.metrics.Hinge()
  const batches = [{ yTrue: [[1, 0]], yPred: [[0.5, 0.5]] }, { yTrue: [[1, 0]], yPred: [[0.5, 0.5, 0.5]] }]
  const error = await t.throwsAsync(api.evaluateInWorkers(metric, batches, { workers: 2 }))
  t.true(error instanceof api.LossInputError)
  t.is(error.code, 'ERR_SHAPE_MISMATCH')
  t.deepEqual(metric.state(), { total: 0, count: 0 })
})

test('options and arguments are checked', async (t) => {
  const metric = new native.metrics.Hinge()
  t.is(await native.evaluateInWorkers(metric, []), 0)
  for (const workers of [0, 1.5, 'two']) {
    t.is((await t.throwsAsync(native.evaluateInWorkers(metric, [{ yTrue: [[1]], yPred: [[1]] }], { workers }))).code, 'ERR_INVALID_TYPE')
  }
  t.is((await t.throwsAsync(native.evaluateInWorkers(new native.Hinge(), [{ yTrue: [[1]], yPred: [[1]] }]))).code, 'ERR_INVALID_TYPE')
  t.is((await t.throwsAsync(native.evaluateInWorkers(metric, [{ yTrue: [[1]] }]))).code, 'ERR_INVALID_TYPE')
})

test('examples/workers.js runs and agrees with one pass', (t) => {
  const out = execFileSync(process.execPath, [path.join(__dirname, '..', 'examples', 'workers.js')], { encoding: 'utf8' })
  const [, parallel, serial] = /in 2 workers: ([\d.]+); one by one: ([\d.]+)/.exec(out)
  t.true(near(Number(parallel), Number(serial), 1e-6), out)
})

eachBackend(test, 'a Proxy-wrapped nested array is converted before it is posted, and workers agree with the main thread', async (t, api) => {
  const yTrue = new Proxy([[0, 1], [1, 0]], {})
  const yPred = new Proxy([[0.6, 0.4], [0.3, 0.9]], {})
  const batches = [{ yTrue, yPred, sampleWeight: new Proxy([1, 2], {}) }, { yTrue: [[1, 1]], yPred: { data: [0.2, 0.7], shape: [1, 2] } }]
  const main = new api.metrics.Hinge()
  for (const b of batches) main.updateState(b.yTrue, b.yPred, b.sampleWeight)
  const viaWorkers = await api.evaluateInWorkers(new api.metrics.Hinge(), batches, { workers: 2 })
  t.is(viaWorkers, main.result())
})
