// Streaming metrics: Keras' values and golden values, the MeanMetricWrapper rules, state and merge.
const test = require('ava')
const { eachBackend, js, native } = require('./helpers/backends')
const { rng } = require('./helpers/random')
const golden = require('./fixtures/keras-golden-metrics.json')

const yTrue01 = [[0, 1, 0, 1], [0, 0, 1, 1]]
const yTruePm1 = [[-1, 1, -1, 1], [-1, -1, 1, 1]]
const yPred = [[-0.3, 0.2, -0.1, 1.6], [-0.25, -1.0, 0.5, 0.6]]
// Keras' CategoricalHinge test (keras/src/metrics/hinge_metrics_test.py, v3.6.0).
const catTrue = [[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]]
const catPred = [[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]]

const METRICS = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge' }

/** Relative closeness for float64 states that add the same numbers in another order. */
const near = (a, b, tolerance) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b))

eachBackend(test, "Keras' own metric values", (t, api) => {
  const { Hinge, SquaredHinge, CategoricalHinge } = api.metrics
  const cases = [
    [new Hinge(), [yTrue01, yPred], 0.506],
    [new Hinge(), [yTruePm1, yPred, [1.5, 2.0]], 0.493],
    [new SquaredHinge(), [yTrue01, yPred], 0.364],
    [new SquaredHinge(), [yTruePm1, yPred, [1.5, 2.0]], 0.347],
    [new CategoricalHinge(), [catTrue, catPred], 0.5],
    [new CategoricalHinge(), [catTrue, catPred, [1.0, 1.5, 2.0, 2.5]], 0.5],
  ]
  for (const [metric, args, expected] of cases) {
    metric.updateState(...args)
    t.true(Math.abs(metric.result() - expected) < 1e-3, `${metric.name}: ${metric.result()} vs ${expected}`)
    t.is(metric.result(), Math.fround(metric.result()), 'a float32 result')
  }
})

/** A fixture tensor as the package takes it: float32 data (Keras' dtype there), non-finite strings decoded. */
function tensorOf(encoded) {
  return { data: Float32Array.from(encoded.data, Number), shape: encoded.shape }
}

eachBackend(test, 'golden metric values from Keras 3.6.0', (t, api) => {
  t.true(golden.cases.length >= 40)
  for (const c of golden.cases) {
    const metric = new api.metrics[METRICS[c.metric]]({ dtype: c.dtype })
    for (const u of c.updates) metric.updateState(tensorOf(u.y_true), tensorOf(u.y_pred), u.sample_weight && tensorOf(u.sample_weight))
    // Keras keeps total and count in float32 variables and sums in float32; ours are
    // float64, so the two agree to float32 rounding of each addition: about 1e-6
    // relative, well inside 1e-5.
    const { total, count } = metric.state()
    t.true(near(metric.result(), Number(c.expected), 1e-5), `${c.id}: result ${metric.result()} vs ${c.expected}`)
    t.true(near(total, Number(c.total), 1e-5), `${c.id}: total ${total} vs ${c.total}`)
    t.true(near(count, Number(c.count), 1e-5), `${c.id}: count ${count} vs ${c.count}`)
  }
})

eachBackend(test, 'the {0,1} decision is made per update, as in Keras', (t, api) => {
  const perUpdate = new api.metrics.Hinge()
  perUpdate.updateState([[0, 1]], [[0.5, 0.5]]) // binary: labels become [-1, 1]
  perUpdate.updateState([[-1, 2]], [[0.5, 0.5]]) // not binary: kept
  const first = api.hinge([[0, 1]], [[0.5, 0.5]]).data[0]
  const second = api.hinge([[-1, 2]], [[0.5, 0.5]]).data[0]
  t.is(perUpdate.result(), Math.fround((first + second) / 2))
  // One update of both rows makes one decision for both: the 0 stays 0.
  const together = new api.metrics.Hinge()
  together.updateState([[0, 1], [-1, 2]], [[0.5, 0.5], [0.5, 0.5]])
  t.not(together.result(), perUpdate.result())
})

eachBackend(test, 'weights: per row, per element, scalar, and ones that do not broadcast', (t, api) => {
  const rows = [[0, 1], [1, 1], [0, 0]]
  const preds = [[0.2, 0.9], [-0.4, 0.3], [0.1, -2]]
  const v = Array.from(api.hinge(rows, preds).data)
  const m = new api.metrics.Hinge({ dtype: 'float64' })
  m.updateState(rows, preds, [1, 0, 2])
  t.true(near(m.state().total, v[0] + 2 * v[2], 1e-7))
  t.is(m.state().count, 3)
  // A scalar weight averages the whole batch to one value and counts the weight once.
  m.resetState()
  m.updateState(rows, preds, 4)
  t.true(near(m.state().total, 4 * ((v[0] + v[1] + v[2]) / 3), 1e-7))
  t.is(m.state().count, 4)
  // Rank-3 inputs: per-sample losses [2, 3], weights [2, 1] broadcast along each row.
  const cube = { data: new Float32Array(12).map((_, i) => (i % 3) - 1), shape: [2, 3, 2] }
  const scores = { data: new Float32Array(12).map((_, i) => i / 6 - 1), shape: [2, 3, 2] }
  const per = Array.from(api.hinge(cube, scores).data)
  m.resetState()
  m.updateState(cube, scores, [[2], [0.5]])
  const mean = (a) => a.reduce((s, x) => s + x, 0) / a.length
  t.true(near(m.state().total, 2 * mean(per.slice(0, 3)) + 0.5 * mean(per.slice(3)), 1e-6))
  t.is(m.state().count, 2.5)
  // Keras broadcasts weights *to* the values: [3, 1] weights do not fit losses of shape [2].
  const before = m.state()
  const error = t.throws(() => m.updateState(rows.slice(0, 2), preds.slice(0, 2), [[1], [2], [3]]))
  t.is(error.code, 'ERR_SHAPE_MISMATCH')
  t.deepEqual(m.state(), before, 'a refused update changes nothing')
})

eachBackend(test, 'the rank rule applies to (yTrue, yPred), and rank-1 inputs are one row', (t, api) => {
  const m = new api.metrics.Hinge()
  m.updateState([1, -1, 1], [[0.5], [0.2], [-0.3]])
  t.is(m.state().count, 3)
  m.resetState()
  m.updateState([1, -1, 1], [0.5, 0.2, -0.3])
  t.is(m.state().count, 1)
  t.is(m.result(), api.hinge([1, -1, 1], [0.5, 0.2, -0.3]).data[0])
})

eachBackend(test, 'result is 0 until something is counted; resetState forgets', (t, api) => {
  const m = new api.metrics.SquaredHinge()
  t.is(m.result(), 0)
  m.updateState(yTrue01, yPred, [0, 0])
  t.deepEqual(m.state(), { total: 0, count: 0 })
  t.is(m.result(), 0)
  m.updateState({ data: new Float32Array(0), shape: [0, 4] }, { data: new Float32Array(0), shape: [0, 4] })
  t.is(m.result(), 0)
  m.updateState(yTrue01, yPred)
  t.true(m.result() > 0)
  m.resetState()
  t.deepEqual(m.state(), { total: 0, count: 0 })
})

eachBackend(test, 'dtype: float64 state always, result rounded to the metric dtype', (t, api) => {
  const f32 = new api.metrics.Hinge()
  const f64 = new api.metrics.Hinge({ dtype: 'float64' })
  const preds = { data: new Float64Array([0.1, 0.7, 0.3, 0.9]), shape: [2, 2] }
  for (const m of [f32, f64]) m.updateState([[1, -1], [-1, 1]], preds)
  // The loss function computes in float64 (yPred's dtype); the float32 metric casts its values.
  const v = api.hinge([[1, -1], [-1, 1]], preds).data
  t.is(f64.result(), (v[0] + v[1]) / 2)
  t.is(f32.result(), Math.fround((Math.fround(v[0]) + Math.fround(v[1])) / 2))
})

eachBackend(test, 'updateStateAsync adds exactly what updateState adds', async (t, api) => {
  const r = rng(7)
  const rows = 5000
  const labels = new Int8Array(rows * 6).map(() => (r.next() < 0.5 ? 1 : 0))
  const scores = new Float32Array(rows * 6).map(() => r.next() * 4 - 2)
  const weights = new Float32Array(rows).map(() => r.next())
  // The sparse metric takes ids: __test__/sparse.spec.js holds it to the categorical one.
  for (const Metric of Object.values(api.metrics).filter((M) => M !== api.metrics.SparseCategoricalHinge)) {
    const sync = new Metric()
    const async = new Metric()
    sync.updateState({ data: labels, shape: [rows, 6] }, { data: scores, shape: [rows, 6] }, weights)
    await async.updateStateAsync({ data: labels, shape: [rows, 6] }, { data: scores, shape: [rows, 6] }, weights)
    t.deepEqual(async.state(), sync.state())
  }
  const error = await t.throwsAsync(new api.metrics.Hinge().updateStateAsync([[1]], [[1, 2]]))
  t.is(error.code, 'ERR_SHAPE_MISMATCH')
})

/** Random batches of every metric's kind of labels, some weighted. */
function randomBatches(r, kind, count) {
  return Array.from({ length: count }, () => {
    const rows = r.int(0, 40)
    const cols = r.int(1, 6)
    const yTrue = new Float32Array(rows * cols)
    for (let i = 0; i < yTrue.length; i++) yTrue[i] = kind === 'categorical_hinge' ? (i % cols === 0 ? 1 : 0) : r.pick([0, 1, r.next() < 0.2 ? -1 : 1])
    const yPred = new Float32Array(rows * cols).map(() => r.next() * 4 - 2)
    const batch = { yTrue: { data: yTrue, shape: [rows, cols] }, yPred: { data: yPred, shape: [rows, cols] } }
    if (r.next() < 0.5) batch.sampleWeight = new Float32Array(rows).map(() => r.next() * 2)
    return batch
  })
}

eachBackend(test, 'merging the states of random splits equals one pass', (t, api) => {
  const r = rng(2024)
  for (const [kind, name] of Object.entries(METRICS)) {
    for (let trial = 0; trial < 10; trial++) {
      const batches = randomBatches(r, kind, r.int(2, 30))
      const one = new api.metrics[name]()
      for (const b of batches) one.updateState(b.yTrue, b.yPred, b.sampleWeight)
      // Each batch goes to one of k metrics; states are merged in a random order, some via JSON.
      const parts = Array.from({ length: r.int(2, 5) }, () => new api.metrics[name]())
      for (const b of batches) r.pick(parts).updateState(b.yTrue, b.yPred, b.sampleWeight)
      const merged = new api.metrics[name]()
      for (const part of parts.sort(() => r.next() - 0.5)) merged.merge(r.next() < 0.5 ? part : JSON.parse(JSON.stringify(part.state())))
      t.true(near(merged.state().total, one.state().total, 1e-12), `${kind} total`)
      t.true(near(merged.state().count, one.state().count, 1e-12), `${kind} count`)
      t.true(near(merged.result(), one.result(), 1e-6), `${kind} result`)
    }
  }
})

test('merge: across entries; another kind or a bad state is refused', (t) => {
  const a = new native.metrics.Hinge()
  const b = new js.metrics.Hinge()
  a.updateState(yTrue01, yPred)
  b.updateState(yTrue01, yPred)
  a.merge(b)
  t.is(a.state().count, 4)
  t.is(t.throws(() => a.merge(new js.metrics.SquaredHinge())).code, 'ERR_SHAPE_MISMATCH')
  for (const bad of [null, 3, { total: 1 }, { total: '1', count: 2 }]) t.is(t.throws(() => a.merge(bad)).code, 'ERR_INVALID_TYPE')
  t.is(a.state().count, 4, 'refused merges change nothing')
  // A state survives JSON and postMessage-style cloning unchanged.
  t.deepEqual(JSON.parse(JSON.stringify(a.state())), a.state())
  t.deepEqual(structuredClone(a.state()), a.state())
})

eachBackend(test, 'options, getConfig and fromConfig', (t, api) => {
  const { Hinge, SquaredHinge, CategoricalHinge } = api.metrics
  t.deepEqual(new Hinge().getConfig(), { name: 'hinge', dtype: 'float32' })
  t.deepEqual(new SquaredHinge().getConfig(), { name: 'squared_hinge', dtype: 'float32' })
  t.deepEqual(new CategoricalHinge({ name: 'ch', dtype: 'float64' }).getConfig(), { name: 'ch', dtype: 'float64' })
  const again = CategoricalHinge.fromConfig({ name: 'ch', dtype: 'float64' })
  t.true(again instanceof CategoricalHinge)
  t.true(again instanceof api.MeanMetric)
  t.deepEqual(again.getConfig(), { name: 'ch', dtype: 'float64' })
  t.is(t.throws(() => new Hinge({ dtype: 'float16' })).code, 'ERR_INVALID_DTYPE')
  t.is(t.throws(() => new Hinge({ name: 3 })).code, 'ERR_INVALID_TYPE')
  t.is(t.throws(() => new Hinge('hinge')).code, 'ERR_INVALID_TYPE')
  t.is(t.throws(() => Hinge.fromConfig(null)).code, 'ERR_INVALID_TYPE')
})

eachBackend(test, 'bad inputs are refused with the losses\' errors and change nothing', (t, api) => {
  const m = new api.metrics.Hinge()
  m.updateState(yTrue01, yPred)
  const before = m.state()
  t.is(t.throws(() => m.updateState(1, 2)).code, 'ERR_RANK')
  t.is(t.throws(() => m.updateState([[1, 2]], [[1, 2, 3]])).code, 'ERR_SHAPE_MISMATCH')
  t.is(t.throws(() => m.updateState([[1, 2]], [[1, 2]], 'w')).code, 'ERR_INVALID_TYPE')
  t.is(t.throws(() => m.updateState([[1, 2]], [[1, 'x']])).code, 'ERR_INVALID_TYPE')
  t.deepEqual(m.state(), before)
})

eachBackend(test, 'resetState during an updateStateAsync drops that batch: a reset counts from there', async (t, api) => {
  const n = 1 << 16
  const metric = new api.metrics.Hinge()
  const pending = metric.updateStateAsync(new Float32Array(n).fill(1), new Float32Array(n))
  metric.resetState()
  await pending
  t.deepEqual(metric.state(), { total: 0, count: 0 })
  await metric.updateStateAsync(new Float32Array(n).fill(1), new Float32Array(n))
  t.deepEqual(metric.state(), { total: 1, count: 1 })
})
