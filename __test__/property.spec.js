// Property-based differential tests: arbitrary calls (see helpers/arbitraries.js) on both
// backends, against the float64 reference and against a model of the dtype's rounding.
const { testProp, fc } = require('@fast-check/ava')
const { js, native } = require('./helpers/backends')
const { TOLERANCE, closeTo } = require('./helpers/close')
const { drawCase } = require('./helpers/arbitraries')
const { near, illConditioned, show } = require('./helpers/interval')
const { model } = require('./helpers/model')
const { reference } = require('./helpers/reference')
const { snapshot, unchanged } = require('./helpers/snapshot')

const RUNS = { numRuns: 150 }
const CLASS = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge' }
const FUNCTION = { hinge: 'hinge', squared_hinge: 'squaredHinge', categorical_hinge: 'categoricalHinge' }

function args(c) {
  return c.weight === undefined ? c.inputs : [...c.inputs, c.weight.input]
}

function invoke(api, c) {
  if (c.api === 'function') return api[FUNCTION[c.loss]](...c.inputs)
  const loss = new api[CLASS[c.loss]]({ reduction: c.reduction, dtype: c.dtype })
  return c.api === 'call' ? loss.call(...c.inputs) : loss.compute(...args(c))
}

/** The result, or the code of the LossInputError that refused the call. */
function outcome(api, c) {
  try {
    return { result: invoke(api, c) }
  } catch (error) {
    if (!(error instanceof api.LossInputError)) throw error
    return { error: error.code }
  }
}

const values = (result) => (typeof result === 'number' ? [result] : Array.from(result.data))

function describeCase(c) {
  return `${c.api} ${c.loss} ${c.dtype} ${c.reduction} yTrue [${c.trueShape}] yPred [${c.predShape}] weight ${c.weight ? `[${c.weight.shape}]` : '-'}`
}

/** Shape, dtype and result kind of a successful call. */
function checkForm(t, result, expected, dtype, label) {
  if (expected.number !== undefined) {
    t.is(typeof result, 'number', label)
    if (dtype === 'float32') t.true(Object.is(Math.fround(result), result), `${label}: float32-exact`)
    return
  }
  t.deepEqual(result.shape, expected.tensor.shape, label)
  t.is(result.dtype, dtype, label)
  t.is(result.data.length, expected.tensor.values.length, label)
}

testProp(
  'native = pure TS = float64 reference, on values exact in float32',
  [fc.gen()],
  (t, g) => {
    const c = drawCase(g, 'tame')
    const label = describeCase(c)
    const expected = model(c)
    const [a, b] = [outcome(native, c), outcome(js, c)]
    if (expected.error !== undefined) {
      t.deepEqual([a.error, b.error], [expected.error, expected.error], label)
      return
    }
    const ref = reference(c)
    const want = ref.value === undefined ? ref.data : [ref.value]
    const tolerance = TOLERANCE[c.dtype]
    for (const [name, { result }] of [['native', a], ['js', b]]) {
      checkForm(t, result, expected, c.dtype, `${label} ${name}`)
      const got = values(result)
      const bad = got.findIndex((v, i) => !closeTo(v, want[i], tolerance))
      t.is(bad, -1, `${label} ${name}: element ${bad} is ${got[bad]}, the reference ${want[bad]}`)
    }
  },
  RUNS,
)

testProp(
  'native = pure TS = the rounding model, on NaN, ±Inf, -0, subnormals and ±3e38',
  [fc.gen()],
  (t, g) => {
    const c = drawCase(g, 'hostile')
    const label = describeCase(c)
    const expected = model(c)
    const [a, b] = [outcome(native, c), outcome(js, c)]
    if (expected.error !== undefined) {
      t.deepEqual([a.error, b.error], [expected.error, expected.error], label)
      return
    }
    checkForm(t, a.result, expected, c.dtype, `${label} native`)
    checkForm(t, b.result, expected, c.dtype, `${label} js`)
    const intervals = expected.number !== undefined ? [expected.number] : expected.tensor.values
    const [x, y] = [values(a.result), values(b.result)]
    const tolerance = TOLERANCE[c.dtype]
    intervals.forEach((iv, i) => {
      const at = `${label} element ${i}: native ${x[i]}, js ${y[i]}, model ${show(iv)}`
      t.true(near(iv, x[i], tolerance) && near(iv, y[i], tolerance), at)
      // Within the documented tolerance of the model (the pure-TS backend may round a float32
      // row once instead of at every step), NaN in the same places, and within that
      // tolerance of each other wherever the order of the sums cannot move a value further.
      if (!iv.any) t.is(Number.isNaN(x[i]), Number.isNaN(y[i]), at)
      if (!illConditioned(iv, tolerance)) t.true(closeTo(x[i], y[i], tolerance), at)
    })
  },
  RUNS,
)

function sameBits(x, y) {
  if (typeof x === 'number') return Buffer.from(Float64Array.of(x).buffer).equals(Buffer.from(Float64Array.of(y).buffer))
  return x.dtype === y.dtype && x.shape.join() === y.shape.join() && Buffer.from(x.data.buffer).equals(Buffer.from(y.data.buffer))
}

testProp(
  'computeAsync = compute bit for bit, and the inputs are unchanged afterwards',
  [fc.gen()],
  async (t, g) => {
    const c = { ...drawCase(g, 'hostile'), api: 'class' }
    const label = describeCase(c)
    const given = args(c)
    const copy = snapshot(given)
    for (const [name, api] of [['native', native], ['js', js]]) {
      const loss = new api[CLASS[c.loss]]({ reduction: c.reduction, dtype: c.dtype })
      let sync
      try {
        sync = loss.compute(...given)
      } catch (error) {
        const rejection = await t.throwsAsync(loss.computeAsync(...given), { instanceOf: api.LossInputError }, `${label} ${name}`)
        t.is(rejection.code, error.code, `${label} ${name}`)
        continue
      }
      t.true(sameBits(await loss.computeAsync(...given), sync), `${label} ${name}`)
    }
    t.true(unchanged(given, copy), `${label}: inputs changed`)
  },
  RUNS,
)
