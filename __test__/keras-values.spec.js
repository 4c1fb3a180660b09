// The values of Keras' own test suite for these losses (keras/src/losses/losses_test.py, v3.6.0).
const test = require('ava')
const { eachBackend } = require('./helpers/backends')
const { assertClose } = require('./helpers/close')

const yTrue = [[0, 1], [0, 0]]
const yPred = [[0.6, 0.4], [0.4, 0.6]]

const cases = [
  ['Hinge', { mean: 1.3, sum: 2.6, none: [1.1, 1.5], weightedMean: 0.55, weightedSum: 1.1, weightedNone: [1.1, 0] }],
  ['SquaredHinge', { mean: 1.86, sum: 3.72, none: [1.46, 2.26], weightedMean: 0.73, weightedSum: 1.46, weightedNone: [1.46, 0] }],
  ['CategoricalHinge', { mean: 1.4, sum: 2.8, none: [1.2, 1.6], weightedMean: 0.6, weightedSum: 1.2, weightedNone: [1.2, 0] }],
]

for (const [className, v] of cases) {
  eachBackend(test, `${className}: Keras' unweighted values`, (t, api) => {
    const Loss = api[className]
    assertClose(t, new Loss().compute(yTrue, yPred), v.mean, 1e-6)
    assertClose(t, new Loss({ reduction: 'sum_over_batch_size' }).compute(yTrue, yPred), v.mean, 1e-6)
    assertClose(t, new Loss({ reduction: 'sum' }).compute(yTrue, yPred), v.sum, 1e-6)
    const none = new Loss({ reduction: 'none' }).compute(yTrue, yPred)
    t.deepEqual(none.shape, [2])
    t.is(none.dtype, 'float32')
    assertClose(t, none.data, v.none, 1e-6)
  })

  eachBackend(test, `${className}: Keras' weighted values`, (t, api) => {
    const Loss = api[className]
    const w = [1, 0]
    assertClose(t, new Loss().compute(yTrue, yPred, w), v.weightedMean, 1e-6)
    assertClose(t, new Loss({ reduction: 'sum' }).compute(yTrue, yPred, w), v.weightedSum, 1e-6)
    assertClose(t, new Loss({ reduction: 'none' }).compute(yTrue, yPred, w).data, v.weightedNone, 1e-6)
    t.is(new Loss().compute(yTrue, yPred, 0), 0)
  })

  test(`${className}: a bad reduction is refused as Keras refuses it`, (t) => {
    const { LossInputError, [className]: Loss } = require('../index.js')
    const error = t.throws(() => new Loss({ reduction: 'abc' }), { instanceOf: LossInputError })
    t.is(error.code, 'ERR_INVALID_REDUCTION')
    t.regex(error.message, /Invalid value for argument `reduction`/)
  })
}

eachBackend(test, 'the loss functions give the per-sample values', (t, api) => {
  assertClose(t, api.hinge(yTrue, yPred).data, [1.1, 1.5])
  assertClose(t, api.squaredHinge(yTrue, yPred).data, [1.46, 2.26])
  assertClose(t, api.categoricalHinge(yTrue, yPred).data, [1.2, 1.6])
})

// The seed page's formulas, written out by hand on a case small enough to do on paper.
eachBackend(test, "the seed page's formulas", (t, api) => {
  const yt = [[-1, 1, 1], [1, -1, -1]]
  const yp = [[0.5, -0.25, 2], [0.75, 0.5, -3]]
  // hinge terms: max(1 - t*p, 0) → [1.5, 1.25, 0], [0.25, 1.5, 0]
  assertClose(t, api.hinge(yt, yp).data, [2.75 / 3, 1.75 / 3])
  assertClose(t, api.squaredHinge(yt, yp).data, [(2.25 + 1.5625) / 3, (0.0625 + 2.25) / 3])
  // categorical on one-hot labels: pos = p[true], neg = max((1 - t) * p) over every class
  const oneHot = [[0, 1, 0], [1, 0, 0]]
  const pos = [-0.25, 0.75]
  const neg = [2, 0.5]
  assertClose(t, api.categoricalHinge(oneHot, yp).data, [Math.max(neg[0] - pos[0] + 1, 0), Math.max(neg[1] - pos[1] + 1, 0)])
})
