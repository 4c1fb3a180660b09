// TensorFlow.js tensors as inputs: read through dataSync() (in place on the CPU backend),
// with the results of the equivalent { data, shape }; disposed, string and complex tensors refused.
const test = require('ava')
const tf = require('@tensorflow/tfjs')
const { eachBackend } = require('./helpers/backends')
const { sameResults, refuses } = require('./helpers/foreign')
const { rng } = require('./helpers/random')
const { parseTensorLike } = require('../dist/tensor-like.js')

test.before(async () => {
  await tf.setBackend('cpu')
})

const rows = 150
const cols = 4

function draw(seed) {
  const r = rng(seed)
  const labels = Float32Array.from({ length: rows * cols }, () => (r.next() < 0.5 ? 1 : 0))
  const preds = Float32Array.from({ length: rows * cols }, () => Math.fround(r.next() * 4 - 2))
  const weights = Float32Array.from({ length: rows }, () => Math.fround(r.next() * 2))
  const mask = Uint8Array.from({ length: rows }, () => (r.next() < 0.8 ? 1 : 0))
  return { labels, preds, weights, mask }
}

eachBackend(test, 'float32, int32 and bool tensors, weights and masks equal { data, shape }', async (t, api) => {
  const { labels, preds, weights, mask } = draw(1)
  const shape = [rows, cols]
  const plain = { yTrue: { data: labels, shape }, yPred: { data: preds, shape }, sampleWeight: { data: weights, shape: [rows] }, mask: { data: mask, shape: [rows] } }
  const yPred = tf.tensor(preds, shape, 'float32')
  for (const dtype of ['float32', 'int32', 'bool']) {
    const yTrue = tf.tensor(dtype === 'bool' ? Array.from(labels, Boolean) : labels, shape, dtype)
    const inputs = { yTrue, yPred, sampleWeight: tf.tensor(weights, [rows]), mask: tf.tensor(Array.from(mask, Boolean), [rows], 'bool') }
    await sameResults(t, api, inputs, plain, { label: `yTrue ${dtype}` })
  }
  // int32 predictions, and a scalar weight.
  const ints = Int32Array.from(preds, Math.round)
  await sameResults(
    t,
    api,
    { yTrue: tf.tensor(labels, shape), yPred: tf.tensor(ints, shape, 'int32'), sampleWeight: tf.scalar(0.5) },
    { yTrue: { data: labels, shape }, yPred: { data: ints, shape }, sampleWeight: 0.5 },
    { label: 'int32 yPred' },
  )
})

eachBackend(test, 'int32 class ids for sparse categorical hinge, and an upstream gradient', async (t, api) => {
  const { preds } = draw(2)
  const ids = Int32Array.from({ length: rows }, (_, i) => (i * 7) % cols)
  const shape = [rows, cols]
  await sameResults(t, api, { yTrue: tf.tensor(ids, [rows], 'int32'), yPred: tf.tensor(preds, shape) }, { yTrue: { data: ids, shape: [rows] }, yPred: { data: preds, shape } }, { classes: ['SparseCategoricalHinge'] })
  const upstream = Float32Array.from({ length: rows }, (_, i) => i / rows)
  const loss = new api.SparseCategoricalHinge({ reduction: 'none' })
  const a = loss.valueAndGrad(tf.tensor(ids, [rows], 'int32'), tf.tensor(preds, shape), undefined, { upstream: tf.tensor(upstream) })
  const b = loss.valueAndGrad({ data: ids, shape: [rows] }, { data: preds, shape }, undefined, { upstream })
  t.deepEqual(Array.from(a.grad.data), Array.from(b.grad.data))
})

test('a CPU tensor is read in place: the parsed data is a view of its own buffer', (t) => {
  const x = tf.tensor([1, 2, 3, 4], [2, 2])
  const parsed = parseTensorLike(x, 'yPred')
  t.is(parsed.data.buffer, x.dataSync().buffer)
  t.deepEqual(parsed.shape, [2, 2])
  t.false(parsed.float64)
})

eachBackend(test, 'disposed, string and complex64 tensors, and malformed tfjs-like objects, are refused', (t, api) => {
  const loss = new api.Hinge()
  const ok = tf.tensor([[0, 1]])
  const disposed = tf.tensor([[1, 0]])
  disposed.dispose()
  refuses(t, api, () => loss.compute(disposed, ok), 'ERR_INVALID_TYPE', 'disposed yTrue')
  refuses(t, api, () => loss.compute(ok, ok, disposed), 'ERR_INVALID_TYPE', 'disposed weights')
  refuses(t, api, () => loss.compute(ok, tf.tensor([['a', 'b']])), 'ERR_INVALID_TYPE', 'string')
  refuses(t, api, () => loss.compute(ok, tf.complex([[1, 2]], [[0, 0]])), 'ERR_INVALID_TYPE', 'complex64')
  refuses(t, api, () => loss.compute(ok, ok, undefined, { mask: disposed }), 'ERR_INVALID_TYPE', 'disposed mask')
  const like = (fields) => ({ shape: [1, 2], dtype: 'float32', dataSync: () => Float32Array.of(1, 2), ...fields })
  refuses(t, api, () => loss.compute(ok, like({ dataSync: 1 })), 'ERR_INVALID_TYPE', 'dataSync not a function')
  refuses(t, api, () => loss.compute(ok, like({ dtype: 7 })), 'ERR_INVALID_TYPE', 'dtype not a string')
  refuses(t, api, () => loss.compute(ok, like({ shape: '1,2' })), 'ERR_INVALID_TYPE', 'shape not an array')
  refuses(t, api, () => loss.compute(ok, like({ dtype: 'float64' })), 'ERR_INVALID_TYPE', 'a dtype tfjs has not')
  refuses(t, api, () => loss.compute(ok, like({ dataSync: () => Float64Array.of(1, 2) })), 'ERR_INVALID_TYPE', 'dataSync of the wrong kind')
  refuses(t, api, () => loss.compute(ok, like({ dataSync: () => [1, 2] })), 'ERR_INVALID_TYPE', 'dataSync giving numbers')
  refuses(t, api, () => loss.compute(ok, like({ dtype: 'bool', dataSync: () => Int8Array.of(1, 0) })), 'ERR_INVALID_TYPE', 'bool not as Uint8Array')
  refuses(t, api, () => loss.compute(ok, like({ shape: [1, 3] })), 'ERR_LENGTH_MISMATCH', 'shape and data disagree')
  refuses(t, api, () => loss.compute(ok, like({ shape: [1, -2] })), 'ERR_INVALID_SHAPE', 'negative dimension')
  refuses(t, api, () => loss.compute(ok, tf.tensor([[1, 2, 3]])), 'ERR_SHAPE_MISMATCH', 'shapes of the pair differ')
})

eachBackend(test, 'each property and dataSync are read once per use', (t, api) => {
  const reads = {}
  const count = (key, value) => {
    reads[key] = (reads[key] ?? 0) + 1
    return value
  }
  const tensor = {
    get shape() {
      return count('shape', [2, 2])
    },
    get dtype() {
      return count('dtype', 'float32')
    },
    get isDisposed() {
      return count('isDisposed', false)
    },
    dataSync() {
      return count('dataSync()', Float32Array.of(0.5, 0.5, 0.25, 0.75))
    },
  }
  t.is(new api.Hinge().compute({ data: Int8Array.of(0, 1, 1, 0), shape: [2, 2] }, tensor), 1.125)
  t.deepEqual(reads, { shape: 1, dtype: 1, isDisposed: 1, 'dataSync()': 1 })
})

eachBackend(test, "a later argument's dataSync that detaches an earlier one's buffer is refused", (t, api) => {
  const labels = Float32Array.of(0, 1, 1, 0)
  const detaching = { shape: [2, 2], dtype: 'float32', dataSync: () => (structuredClone(labels.buffer, { transfer: [labels.buffer] }), Float32Array.of(1, 2, 3, 4)) }
  refuses(t, api, () => new api.Hinge().compute({ data: labels, shape: [2, 2] }, detaching), 'ERR_INVALID_TYPE', 'detached by dataSync')
})
