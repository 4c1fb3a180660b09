// Golden values from real Keras (NumPy backend), made by scripts/keras-golden/generate.py.
const test = require('ava')
const { eachBackend } = require('./helpers/backends')
const { TOLERANCE, assertClose } = require('./helpers/close')

// Keras sums float32 values in float32 (an error of up to ~n·2^-24 of the magnitudes summed);
// we sum in float64, so against Keras' float32 numbers the bound is looser than the documented
// backend-to-backend 1e-6. Float64 paths compute alike and keep the 1e-12 bound.
const KERAS_TOLERANCE = { float32: 1e-5, float64: TOLERANCE.float64 }

const CLASS = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge' }
const FUNCTION = { hinge: 'hinge', squared_hinge: 'squaredHinge', categorical_hinge: 'categoricalHinge' }
const number = (v) => (typeof v === 'string' ? Number(v) : v)
const floats = (dtype, data) => (dtype === 'float64' ? Float64Array : Float32Array).from(data, number)

function check(t, api, fixture) {
  t.true(fixture.cases.length > 0)
  for (const c of fixture.cases) {
    const yTrue = { data: floats(c.dtype, c.y_true.data), shape: c.y_true.shape }
    const yPred = { data: floats(c.dtype, c.y_pred.data), shape: c.y_pred.shape }
    const expected = c.expected.data.map(number)
    const tol = KERAS_TOLERANCE[c.dtype]
    if (c.api === 'function') {
      const out = api[FUNCTION[c.loss]](yTrue, yPred)
      t.deepEqual(out.shape, c.expected.shape, c.id)
      assertClose(t, out.data, expected, tol, c.id)
      continue
    }
    const loss = new api[CLASS[c.loss]]({ reduction: c.reduction, dtype: c.dtype })
    const w = c.sample_weight
    const weight = w === undefined ? undefined : w.shape.length === 0 ? number(w.data[0]) : { data: w.data.map(number), shape: w.shape }
    const out = loss.compute(yTrue, yPred, weight)
    if (c.reduction === 'none') {
      t.deepEqual(out.shape, c.expected.shape, c.id)
      assertClose(t, out.data, expected, tol, c.id)
    } else {
      assertClose(t, out, expected[0], tol, c.id)
    }
  }
}

for (const file of ['keras-golden.json', 'keras-golden-3.15.json']) {
  const fixture = require(`./fixtures/${file}`)
  eachBackend(test, `Keras ${fixture.keras_version} golden values (${fixture.cases.length} cases)`, (t, api) => check(t, api, fixture))
}
