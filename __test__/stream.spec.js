// Streams of batches: feedMetric over async iterables, metricSink in stream.pipeline
// (backpressure, errors, flat memory over 1,000 batches), and splitBatches.
const test = require('ava')
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const { Readable } = require('node:stream')
const { pipeline } = require('node:stream/promises')
const { eachBackend, native } = require('./helpers/backends')
const { rng } = require('./helpers/random')

const root = path.join(__dirname, '..')

function makeBatches(seed, count, rows = 64, cols = 5) {
  const r = rng(seed)
  return Array.from({ length: count }, (_, i) => ({
    yTrue: { data: new Int8Array(rows * cols).map(() => (r.next() < 0.5 ? 1 : 0)), shape: [rows, cols] },
    yPred: { data: new Float32Array(rows * cols).map(() => r.next() * 4 - 2), shape: [rows, cols] },
    ...(i % 2 === 0 ? { sampleWeight: new Float32Array(rows).map(() => r.next()) } : {}),
  }))
}

function onePass(api, batches) {
  const metric = new api.metrics.Hinge()
  for (const b of batches) metric.updateState(b.yTrue, b.yPred, b.sampleWeight)
  return metric
}

eachBackend(test, 'feedMetric: an object-mode Readable or any iterable, equal to updateState one by one', async (t, api) => {
  const batches = makeBatches(1, 25)
  const expected = onePass(api, batches)
  const fromStream = new api.metrics.Hinge()
  t.is(await api.feedMetric(fromStream, Readable.from(batches)), expected.result())
  t.deepEqual(fromStream.state(), expected.state())
  const fromArray = new api.metrics.Hinge()
  await api.feedMetric(fromArray, batches)
  t.deepEqual(fromArray.state(), expected.state())
  async function* generate() {
    for (const b of batches) yield b
  }
  const fromGenerator = new api.metrics.Hinge()
  await api.feedMetric(fromGenerator, generate())
  t.deepEqual(fromGenerator.state(), expected.state())
})

eachBackend(test, 'feedMetric: a bad batch rejects and destroys the source; a signal aborts', async (t, api) => {
  const source = Readable.from([...makeBatches(2, 3), { yTrue: [[1]] }, ...makeBatches(3, 3)])
  const error = await t.throwsAsync(api.feedMetric(new api.metrics.Hinge(), source))
  t.is(error.code, 'ERR_INVALID_TYPE')
  t.regex(error.message, /batch 3: .*without yPred/)
  t.true(source.destroyed)
  const controller = new AbortController()
  controller.abort()
  t.is((await t.throwsAsync(api.feedMetric(new api.metrics.Hinge(), makeBatches(4, 2), { signal: controller.signal }))).name, 'AbortError')
})

eachBackend(test, 'metricSink: stream.pipeline into a metric, equal to updateState one by one', async (t, api) => {
  const batches = makeBatches(5, 40)
  const metric = new api.metrics.Hinge()
  await pipeline(Readable.from(batches), api.metricSink(metric))
  t.deepEqual(metric.state(), onePass(api, batches).state())
})

test('metricSink: backpressure holds the source back while the metric works', async (t) => {
  const template = makeBatches(6, 1, 20_000, 8)[0]
  let produced = 0
  let counted = 0
  let maxAhead = 0
  const source = new Readable({
    objectMode: true,
    highWaterMark: 2,
    read() {
      produced++
      maxAhead = Math.max(maxAhead, produced - counted)
      this.push(produced <= 200 ? template : null)
    },
  })
  const metric = new native.metrics.Hinge()
  const update = metric.updateStateAsync.bind(metric)
  metric.updateStateAsync = (...args) => update(...args).then(() => void counted++)
  await pipeline(source, native.metricSink(metric, { highWaterMark: 4 }))
  t.is(counted, 200)
  // At most the sink's 4, the source's 2 and the batch in the metric are in flight.
  t.true(maxAhead <= 4 + 2 + 2, `${maxAhead} batches were read ahead`)
  t.log(`at most ${maxAhead} batches read ahead of the metric`)
})

eachBackend(test, 'metricSink: a bad batch fails the pipeline with its LossInputError; a signal aborts it', async (t, api) => {
  const batches = [...makeBatches(7, 2), { yTrue: [[1, 0]], yPred: [[1, 2, 3]] }]
  const error = await t.throwsAsync(pipeline(Readable.from(batches), api.metricSink(new api.metrics.Hinge())))
  t.is(error.code, 'ERR_SHAPE_MISMATCH')
  t.is((await t.throwsAsync(pipeline(Readable.from([42]), api.metricSink(new api.metrics.Hinge())))).code, 'ERR_INVALID_TYPE')
  const controller = new AbortController()
  const sink = api.metricSink(new api.metrics.Hinge(), { signal: controller.signal })
  controller.abort()
  t.is((await t.throwsAsync(pipeline(Readable.from(makeBatches(8, 3)), sink))).name, 'AbortError')
})

/**
 * 1,000 batches of 4,000 × 8 (about 176 KB each with their weights, 170 MB in all) made on
 * demand and piped into a metric, in a child process with --expose-gc: the heap and the
 * array buffers are measured after 100 batches and after the other 900, each time once
 * garbage collection and the native finalizers it schedules have run.
 */
const FLAT_MEMORY = `
const { Readable } = require('node:stream')
const { pipeline } = require('node:stream/promises')
const h = require('.')
const rows = 4000, cols = 8
const batches = (from, to) => { let i = from; return new Readable({ objectMode: true, highWaterMark: 4, read() {
  if (i++ === to) return this.push(null)
  const yTrue = new Uint8Array(rows * cols).map((_, k) => (k + i) % 3 === 0 ? 1 : 0)
  const yPred = new Float32Array(rows * cols).map((_, k) => ((k * 7 + i) % 13) / 6 - 1)
  this.push({ yTrue: { data: yTrue, shape: [rows, cols] }, yPred: { data: yPred, shape: [rows, cols] }, sampleWeight: new Float32Array(rows).fill(0.5) })
} }) }
const used = async () => {
  for (let k = 0; k < 3; k++) { global.gc(); await new Promise(setImmediate) }
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}
;(async () => {
  const metric = new h.metrics.SquaredHinge()
  await pipeline(batches(0, 100), h.metricSink(metric))
  const early = await used()
  await pipeline(batches(100, 1000), h.metricSink(metric))
  console.log(JSON.stringify({ early, late: await used(), count: metric.state().count }))
})()
`

for (const backend of ['native', 'js']) {
  test(`1,000 batches through metricSink keep memory flat [${backend}]`, (t) => {
    const out = execFileSync(process.execPath, ['--expose-gc', '-e', FLAT_MEMORY], { cwd: root, env: { ...process.env, HINGE_LOSSES_BACKEND: backend }, encoding: 'utf8' })
    const { early, late, count } = JSON.parse(out)
    t.is(count, 1000 * 4000 * 0.5)
    const growth = late - early
    t.true(growth < 2 * 1024 * 1024, `heap + array buffers grew by ${(growth / 1048576).toFixed(2)} MB over 900 batches of 176 KB`)
  })
}

test('splitBatches cuts along the first axis into views, never copies', (t) => {
  const shared = new Float32Array(new SharedArrayBuffer(10 * 3 * 4)).map((_, i) => i)
  const labels = new Int8Array(30).fill(1)
  const weights = new Float64Array(10).fill(2)
  const batches = native.splitBatches({ yTrue: { data: labels, shape: [10, 3] }, yPred: { data: shared, shape: [10, 3] }, sampleWeight: weights }, 4)
  t.deepEqual(batches.map((b) => b.yPred.shape), [[4, 3], [4, 3], [2, 3]])
  t.true(batches.every((b) => b.yPred.data.buffer === shared.buffer && b.yTrue.data.buffer === labels.buffer && b.sampleWeight.data.buffer === weights.buffer))
  t.deepEqual(Array.from(batches[2].yPred.data), [24, 25, 26, 27, 28, 29])
  t.deepEqual(batches[1].sampleWeight.shape, [4])
  // Labels [n] against predictions [n, 1] split together; nested predictions stay float32.
  const column = native.splitBatches({ yTrue: [1, 0, 1], yPred: [[0.1], [0.2], [0.3]] }, 2)
  t.deepEqual(column.map((b) => [b.yTrue.shape, b.yPred.shape]), [[[2], [2, 1]], [[1], [1, 1]]])
  t.true(column[0].yPred.data instanceof Float32Array)
})

test('splitBatches refuses what it cannot split', (t) => {
  const { splitBatches } = native
  t.is(t.throws(() => splitBatches({ yTrue: [1, 0], yPred: [0.5, 0.5] }, 1)).code, 'ERR_RANK')
  t.is(t.throws(() => splitBatches({ yTrue: [[1], [0]], yPred: [[1], [0], [1]] }, 1)).code, 'ERR_SHAPE_MISMATCH')
  t.is(t.throws(() => splitBatches({ yTrue: [[1], [0]], yPred: [[1], [0]], sampleWeight: 2 }, 1)).code, 'ERR_SHAPE_MISMATCH')
  t.is(t.throws(() => splitBatches({ yTrue: [[1]], yPred: [[1]] }, 0)).code, 'ERR_INVALID_SHAPE')
  t.is(t.throws(() => splitBatches(null, 1)).code, 'ERR_INVALID_TYPE')
})

test('examples/metrics-stream.js runs and its ways agree', (t) => {
  const out = execFileSync(process.execPath, [path.join(root, 'examples', 'metrics-stream.js')], { encoding: 'utf8' })
  t.regex(out, /^Keras example: 0\.5062500238418579 \{ total: 1\.01250001788\d*, count: 2 \}$/m)
  const values = [...out.matchAll(/(?:feedMetric over 200 batches|metricSink|merged halves): ([\d.]+)/g)].map((m) => m[1])
  t.is(values.length, 3)
  t.is(new Set(values).size, 1)
})

test('an invalid metricSink highWaterMark is a LossInputError', (t) => {
  for (const highWaterMark of [-1, 1.5, 'many', NaN]) {
    const error = t.throws(() => native.metricSink(new native.metrics.Hinge(), { highWaterMark }), { instanceOf: native.LossInputError })
    t.is(error.code, 'ERR_INVALID_OPTION')
  }
})
