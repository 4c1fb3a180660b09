// Golden masked values from real Keras (NumPy backend, the mask attached with Keras' own
// set_keras_mask), made by scripts/keras-golden/masks.py: the loss classes from Keras 3.6.0
// (the contract's rule: total / (valid + 1e-7) for 'sum_over_batch_size'), the reductions
// 'sum', 'mean' and 'mean_with_sample_weight' from Keras 3.15.1, the metrics from Keras 3.15.1
// (the mask an unscaled weight, with or without sample weights).
const test = require('ava')
const { eachBackend } = require('./helpers/backends')
const { TOLERANCE, assertClose, closeTo } = require('./helpers/close')

// As keras-golden.spec.js: Keras sums float32 in float32, we in float64.
const KERAS_TOLERANCE = { float32: 1e-5, float64: TOLERANCE.float64 }

const CLASS = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge' }
const number = (v) => (typeof v === 'string' ? Number(v) : v)
const floats = (dtype, data) => (dtype === 'float64' ? Float64Array : Float32Array).from(data, number)
const tensor = (dtype, encoded) => ({ data: floats(dtype, encoded.data), shape: encoded.shape })
const weightOf = (dtype, w) => (w === undefined ? undefined : w.shape.length === 0 ? number(w.data[0]) : tensor(dtype, w))

/** Flat row-major booleans as nested arrays of `shape`. */
function nested(data, shape) {
  if (shape.length === 0) return data[0]
  const [n, ...rest] = shape
  const size = rest.reduce((a, b) => a * b, 1)
  return Array.from({ length: n }, (_, i) => nested(data.slice(i * size, (i + 1) * size), rest))
}

/** The fixture's mask in one of the two forms a mask comes in, alternating by case. */
function maskOf(encoded, i) {
  return i % 2 === 0 ? nested(encoded.data, encoded.shape) : { data: Uint8Array.from(encoded.data, Number), shape: encoded.shape }
}

const sameBits = (a, b) => Object.is(a, b)

/** Two results (numbers or tensors) equal bit for bit, NaN included. */
function assertSame(t, actual, expected, label) {
  if (typeof expected === 'number') {
    t.true(sameBits(actual, expected), `${label}: ${actual} vs ${expected}`)
    return
  }
  t.deepEqual(actual.shape, expected.shape, `${label} shape`)
  const a = Array.from(actual.data)
  const e = Array.from(expected.data)
  const bad = a.findIndex((v, j) => !sameBits(v, e[j]))
  t.true(a.length === e.length && bad === -1, `${label}: element ${bad}: ${a[bad]} vs ${e[bad]}`)
}

const lossFixtures = ['keras-golden-masks.json', 'keras-golden-masks-3.15.json'].map((f) => require(`./fixtures/${f}`))
const metricFixture = require('./fixtures/keras-golden-masks-metrics.json')

for (const fixture of lossFixtures) {
  const title = `Keras ${fixture.keras_version} golden masked losses (${fixture.cases.length} cases)`

  eachBackend(test, title, (t, api) => {
    t.true(fixture.cases.length >= 100)
    fixture.cases.forEach((c, i) => {
      const loss = new api[CLASS[c.loss]]({ reduction: c.reduction, dtype: c.dtype })
      const out = loss.compute(tensor(c.dtype, c.y_true), tensor(c.dtype, c.y_pred), weightOf(c.dtype, c.sample_weight), { mask: maskOf(c.mask, i) })
      const expected = c.expected.data.map(number)
      const tol = KERAS_TOLERANCE[c.dtype]
      if (c.reduction === 'none' || c.reduction === null) {
        t.deepEqual(out.shape, c.expected.shape, c.id)
        assertClose(t, out.data, expected, tol, c.id)
      } else {
        assertClose(t, out, expected[0], tol, c.id)
      }
    })
  })

  eachBackend(test, `${title}: computeAsync and valueAndGrad's value equal compute bit for bit`, async (t, api) => {
    for (const [i, c] of fixture.cases.entries()) {
      const loss = new api[CLASS[c.loss]]({ reduction: c.reduction, dtype: c.dtype })
      const args = () => [tensor(c.dtype, c.y_true), tensor(c.dtype, c.y_pred), weightOf(c.dtype, c.sample_weight)]
      const sync = loss.compute(...args(), { mask: maskOf(c.mask, i) })
      assertSame(t, await loss.computeAsync(...args(), { mask: maskOf(c.mask, i + 1) }), sync, `${c.id} async`)
      assertSame(t, loss.valueAndGrad(...args(), { mask: maskOf(c.mask, i) }).value, sync, `${c.id} valueAndGrad`)
    }
  })
}

test('the loss fixtures cover every reduction, both dtypes, masks with no true element and all true, with and without weights', (t) => {
  const cases = lossFixtures.flatMap((f) => f.cases)
  const reductions = new Set(cases.map((c) => c.reduction))
  for (const r of ['sum_over_batch_size', 'sum', 'none', null, 'mean', 'mean_with_sample_weight']) t.true(reductions.has(r), String(r))
  t.deepEqual(new Set(cases.map((c) => c.dtype)), new Set(['float32', 'float64']))
  const valid = (c) => c.mask.data.filter(Boolean).length
  for (const weighted of [true, false]) {
    const these = cases.filter((c) => (c.sample_weight !== undefined) === weighted)
    t.true(these.some((c) => valid(c) === 0), `no true element, weighted ${weighted}`)
    t.true(these.some((c) => valid(c) === c.mask.data.length), `all true, weighted ${weighted}`)
    t.true(these.some((c) => valid(c) > 0 && valid(c) < c.mask.data.length), `some true, weighted ${weighted}`)
  }
  t.true(cases.some((c) => c.mask.shape.length === 2 && c.y_pred.shape.length === 3), 'a [batch, steps] mask')
})

const METRICS = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge' }

/** Feeds the fixture's updates to a new metric, synchronously or not. */
async function fed(api, c, async) {
  const metric = new api.metrics[METRICS[c.metric]]({ dtype: c.dtype })
  for (const [i, u] of c.updates.entries()) {
    const args = [tensor('float32', u.y_true), tensor('float32', u.y_pred), weightOf('float32', u.sample_weight)]
    const options = u.mask === undefined ? undefined : { mask: maskOf(u.mask, i) }
    if (async) await metric.updateStateAsync(...args, options)
    else metric.updateState(...args, options)
  }
  return metric
}

eachBackend(test, `Keras ${metricFixture.keras_version} golden masked metrics (${metricFixture.cases.length} cases)`, async (t, api) => {
  t.true(metricFixture.cases.length >= 30)
  for (const c of metricFixture.cases) {
    const metric = await fed(api, c, false)
    // Keras keeps total and count in float32 variables; ours are float64 (see metrics.spec.js).
    const { total, count } = metric.state()
    t.true(closeTo(metric.result(), number(c.expected), 1e-5), `${c.id}: result ${metric.result()} vs ${c.expected}`)
    t.true(closeTo(total, number(c.total), 1e-5), `${c.id}: total ${total} vs ${c.total}`)
    t.true(closeTo(count, number(c.count), 1e-5), `${c.id}: count ${count} vs ${c.count}`)
    const later = await fed(api, c, true)
    t.deepEqual(later.state(), metric.state(), `${c.id}: updateStateAsync`)
    t.true(sameBits(later.result(), metric.result()), `${c.id}: async result`)
  }
})
