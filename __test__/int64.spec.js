// 64-bit integer arrays (NumPy's and PyTorch's default integer, ONNX's ArgMax output) are
// read in place within ±2^53, where they are exact as numbers, and refused beyond.
const test = require('ava')
const { eachBackend } = require('./helpers/backends')

const LIMIT = 2n ** 53n

function refuses(t, api, fn, code, label) {
  const error = t.throws(fn, { instanceOf: api.LossInputError }, label)
  t.is(error?.code, code, `${label}: ${error?.message}`)
  return error
}

/** Labels in {-1, 0, 1, 2}, predictions around them, and the same data as float64. */
function data(rows, cols, Int) {
  const n = rows * cols
  const labels = new Int(n)
  const weights = new Int(rows)
  const preds = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    labels[i] = Int === BigInt64Array ? BigInt((i % 4) - 1) : BigInt(i % 3)
    preds[i] = ((i * 37) % 11) / 4 - 1.2
  }
  for (let r = 0; r < rows; r++) weights[r] = BigInt(r % 5)
  const asFloat = (a) => Float64Array.from(a, Number)
  return { labels, weights, preds, labels64: asFloat(labels), weights64: asFloat(weights) }
}

for (const Int of [BigInt64Array, BigUint64Array]) {
  eachBackend(test, `${Int.name} labels and weights give the values of the same numbers as float64, sync and async`, async (t, api) => {
    // 600 rows of 3: above the size where the default entry hands work to the native kernels.
    const { labels, weights, preds, labels64, weights64 } = data(600, 3, Int)
    const shape = [600, 3]
    for (const Loss of [api.Hinge, api.SquaredHinge, api.CategoricalHinge]) {
      for (const dtype of ['float32', 'float64']) {
        const loss = new Loss({ dtype, reduction: 'sum' })
        const expected = loss.compute({ data: labels64, shape }, { data: preds, shape }, weights64)
        t.is(loss.compute({ data: labels, shape }, { data: preds, shape }, weights), expected, `${Loss.name} ${dtype}`)
        t.is(await loss.computeAsync({ data: labels, shape }, { data: preds, shape }, weights), expected, `${Loss.name} ${dtype} async`)
      }
    }
  })
}

eachBackend(test, '{0,1} int64 labels follow the Keras rule, and the extremes ±2^53 read exactly', (t, api) => {
  const binary = BigInt64Array.of(0n, 1n, 1n, 0n)
  const yPred = { data: Float32Array.of(0.5, 0.5, 0.25, 0.75), shape: [2, 2] }
  t.is(new api.Hinge().compute({ data: binary, shape: [2, 2] }, yPred), 1.125)
  const extremes = BigInt64Array.of(LIMIT, -LIMIT)
  const asNumbers = Float64Array.of(2 ** 53, -(2 ** 53))
  for (const dtype of ['float32', 'float64']) {
    const loss = new api.Hinge({ dtype, reduction: 'none' })
    t.deepEqual(loss.compute(extremes, Float64Array.of(1e-10, 3)), loss.compute(asNumbers, Float64Array.of(1e-10, 3)))
  }
  t.deepEqual(api.hinge(BigUint64Array.of(LIMIT), [1]), api.hinge([2 ** 53], [1]))
})

eachBackend(test, 'int64 values beyond ±2^53 are ERR_INVALID_TYPE naming the position, and nothing is computed', (t, api) => {
  const yPred = new Float32Array(6)
  for (const [label, array] of [
    ['2^53 + 1', BigInt64Array.of(0n, 1n, 0n, 1n, LIMIT + 1n, 0n)],
    ['-2^53 - 1', BigInt64Array.of(0n, 1n, 0n, 1n, -LIMIT - 1n, 0n)],
    ['-2^63', BigInt64Array.of(0n, 1n, 0n, 1n, -(2n ** 63n), 0n)],
    ['2^64 - 1', BigUint64Array.of(0n, 1n, 0n, 1n, 2n ** 64n - 1n, 0n)],
    ['2^53 + 2^32', BigUint64Array.of(0n, 1n, 0n, 1n, LIMIT + 2n ** 32n, 0n)],
  ]) {
    const error = refuses(t, api, () => api.hinge({ data: array, shape: [3, 2] }, { data: yPred, shape: [3, 2] }), 'ERR_INVALID_TYPE', label)
    t.regex(error.message, /yTrue.*element 4/, label)
    refuses(t, api, () => new api.Hinge().compute(yPred, yPred, array), 'ERR_INVALID_TYPE', `${label} as weights`)
  }
})

eachBackend(test, 'int64 arrays at an offset read their own elements', (t, api) => {
  const backing = BigInt64Array.of(5n, 0n, 1n, 1n, 0n, 7n)
  const view = backing.subarray(1, 5)
  t.deepEqual(api.hinge({ data: view, shape: [2, 2] }, [[0.5, 0.5], [0.25, 0.75]]), api.hinge([[0, 1], [1, 0]], [[0.5, 0.5], [0.25, 0.75]]))
})
