// ONNX Runtime tensors as inputs: `dims` as the shape, `data` read in place, float16 as
// half precision, 64-bit integers within ±2^53; string, 4-bit, GPU and disposed tensors refused.
const test = require('ava')
const ort = require('onnxruntime-common')
const { eachBackend } = require('./helpers/backends')
const { sameResults, refuses } = require('./helpers/foreign')
const { rng } = require('./helpers/random')
const { parseTensorLike } = require('../dist/tensor-like.js')

const rows = 140
const cols = 4
const shape = [rows, cols]

/** The typed array of each type, and predictions it can hold. */
const TYPES = {
  float32: [Float32Array, (r) => Math.fround(r.next() * 4 - 2)],
  float64: [Float64Array, (r) => r.next() * 4 - 2],
  int8: [Int8Array, (r) => r.int(-3, 3)],
  uint8: [Uint8Array, (r) => r.int(0, 3)],
  int16: [Int16Array, (r) => r.int(-3, 3)],
  uint16: [Uint16Array, (r) => r.int(0, 3)],
  int32: [Int32Array, (r) => r.int(-3, 3)],
  uint32: [Uint32Array, (r) => r.int(0, 3)],
  int64: [BigInt64Array, (r) => BigInt(r.int(-3, 3))],
  uint64: [BigUint64Array, (r) => BigInt(r.int(0, 3))],
  bool: [Uint8Array, (r) => r.int(0, 1)],
}

const from = (Kind, n, value) => Kind.from({ length: n }, value)

eachBackend(test, 'every numeric type, in yTrue, yPred, weights and mask, equals { data, shape }', async (t, api) => {
  const r = rng(3)
  for (const [type, [Kind, value]] of Object.entries(TYPES)) {
    const big = Kind === BigInt64Array || Kind === BigUint64Array
    const labels = from(Kind, rows * cols, () => (big ? BigInt(r.int(0, 1)) : r.int(0, 1)))
    const preds = from(Kind, rows * cols, () => value(r))
    const weights = from(Kind, rows, () => value(r))
    const mask = from(Kind, rows, () => (big ? BigInt(r.int(0, 1)) : r.int(0, 1)))
    const inputs = { yTrue: new ort.Tensor(type, labels, shape), yPred: new ort.Tensor(type, preds, shape), sampleWeight: new ort.Tensor(type, weights, [rows]), mask: new ort.Tensor(type, mask, [rows]) }
    const plain = { yTrue: { data: labels, shape }, yPred: { data: preds, shape }, sampleWeight: { data: weights, shape: [rows] }, mask: { data: mask, shape: [rows] } }
    await sameResults(t, api, inputs, plain, { label: type })
  }
})

/** float16 bits of values in (-4, 4): biased exponents up to 16, subnormals included. */
function halfBits(r, n) {
  return Uint16Array.from({ length: n }, () => {
    for (;;) {
      const bits = r.int(0, 0xffff)
      if (((bits >> 10) & 0x1f) <= 16) return bits
    }
  })
}

eachBackend(test, "'float16' tensors of Uint16Array bits are half precision, not integers", async (t, api) => {
  const r = rng(16)
  const labels = from(Uint16Array, rows * cols, () => (r.next() < 0.5 ? 0x3c00 : 0))
  const preds = halfBits(r, rows * cols)
  const weights = halfBits(r, rows).map((b) => b & 0x7fff)
  const inputs = { yTrue: new ort.Tensor('float16', labels, shape), yPred: new ort.Tensor('float16', preds, shape), sampleWeight: new ort.Tensor('float16', weights, [rows]) }
  const plain = { yTrue: { data: labels, shape, dtype: 'float16' }, yPred: { data: preds, shape, dtype: 'float16' }, sampleWeight: { data: weights, shape: [rows], dtype: 'float16' } }
  await sameResults(t, api, inputs, plain, { label: 'float16' })
  // The same bits under type 'uint16' are integers: a different loss.
  const asInts = new api.Hinge().compute(new ort.Tensor('float16', labels, shape), new ort.Tensor('uint16', preds, shape))
  t.not(asInts, new api.Hinge().compute(inputs.yTrue, inputs.yPred))
})

;(typeof Float16Array === 'function' ? eachBackend : () => {})(test, "'float16' tensors holding a Float16Array", (t, api) => {
  const values = [0.5, -1.25, 2, 0]
  const half = new ort.Tensor('float16', Float16Array.from(values), [2, 2])
  t.is(new api.Hinge().compute([[0, 1], [1, 0]], half), new api.Hinge().compute([[0, 1], [1, 0]], [values.slice(0, 2), values.slice(2)]))
})

eachBackend(test, 'int64 class ids (ArgMax outputs) for sparse categorical hinge; beyond ±2^53 refused', async (t, api) => {
  const r = rng(4)
  const ids = from(BigInt64Array, rows, () => BigInt(r.int(0, cols - 1)))
  const preds = from(Float32Array, rows * cols, () => Math.fround(r.next() * 4 - 2))
  await sameResults(t, api, { yTrue: new ort.Tensor('int64', ids, [rows]), yPred: new ort.Tensor('float32', preds, shape) }, { yTrue: { data: ids, shape: [rows] }, yPred: { data: preds, shape } }, { classes: ['SparseCategoricalHinge'] })
  const huge = new ort.Tensor('int64', BigInt64Array.of(0n, 2n ** 53n + 1n), [1, 2])
  refuses(t, api, () => new api.Hinge().compute(huge, new ort.Tensor('float32', new Float32Array(2), [1, 2])), 'ERR_INVALID_TYPE', 'int64 beyond 2^53')
})

test('data is read in place, dims are the shape, on the CPU and in pinned CPU memory', (t) => {
  const data = new Float32Array(6)
  for (const tensor of [new ort.Tensor('float32', data, [2, 3]), ort.Tensor.fromPinnedBuffer('float32', data, [3, 2])]) {
    const parsed = parseTensorLike(tensor, 'yPred')
    t.is(parsed.data.buffer, data.buffer)
    t.deepEqual(parsed.shape, [...tensor.dims])
  }
  t.true(parseTensorLike(new ort.Tensor('float64', new Float64Array(2), [2]), 'yPred').float64)
})

eachBackend(test, 'string, 4-bit, disposed and GPU tensors, and malformed ort-like objects, are refused', (t, api) => {
  const loss = new api.Hinge()
  const ok = new ort.Tensor('float32', Float32Array.of(0, 1), [1, 2])
  refuses(t, api, () => loss.compute(ok, new ort.Tensor('string', ['a', 'b'], [1, 2])), 'ERR_INVALID_TYPE', 'string')
  refuses(t, api, () => loss.compute(ok, new ort.Tensor('int4', Uint8Array.of(0x21), [1, 2])), 'ERR_INVALID_TYPE', 'int4')
  refuses(t, api, () => loss.compute(ok, new ort.Tensor('uint4', Uint8Array.of(0x21), [1, 2])), 'ERR_INVALID_TYPE', 'uint4')
  const disposed = new ort.Tensor('float32', Float32Array.of(1, 0), [1, 2])
  disposed.dispose()
  const error = refuses(t, api, () => loss.compute(disposed, ok), 'ERR_INVALID_TYPE', 'disposed')
  t.regex(error.message, /disposed/)
  const gpuBuffer = { size: 8, usage: 0, mapAsync() {}, getMappedRange() {}, unmap() {}, destroy() {} }
  const gpu = ort.Tensor.fromGpuBuffer(gpuBuffer, { dataType: 'float32', dims: [1, 2] })
  t.regex(refuses(t, api, () => loss.compute(ok, gpu), 'ERR_INVALID_TYPE', 'gpu-buffer').message, /gpu-buffer.*getData/)
  refuses(t, api, () => loss.compute(ok, ok, undefined, { mask: new ort.Tensor('string', ['a'], [1]) }), 'ERR_INVALID_TYPE', 'string mask')
  const like = (fields) => ({ dims: [1, 2], type: 'float32', data: Float32Array.of(1, 2), ...fields })
  refuses(t, api, () => loss.compute(ok, like({ type: 1 })), 'ERR_INVALID_TYPE', 'type not a string')
  refuses(t, api, () => loss.compute(ok, like({ dims: 2 })), 'ERR_INVALID_TYPE', 'dims not an array')
  refuses(t, api, () => loss.compute(ok, like({ type: 'complex64' })), 'ERR_INVALID_TYPE', 'unknown type')
  refuses(t, api, () => loss.compute(ok, like({ type: 'int32' })), 'ERR_INVALID_TYPE', 'data not of the type')
  refuses(t, api, () => loss.compute(ok, like({ type: 'float16', data: Int16Array.of(1, 2) })), 'ERR_INVALID_TYPE', 'float16 over Int16Array')
  refuses(t, api, () => loss.compute(ok, like({ data: [1, 2] })), 'ERR_INVALID_TYPE', 'numbers for data')
  refuses(t, api, () => loss.compute(ok, like({ location: 'texture' })), 'ERR_INVALID_TYPE', 'texture')
  refuses(t, api, () => loss.compute(ok, like({ dims: [2, 2] })), 'ERR_LENGTH_MISMATCH', 'dims and data disagree')
  refuses(t, api, () => loss.compute(ok, like({ dims: [1, 2.5] })), 'ERR_INVALID_SHAPE', 'fractional dimension')
})

eachBackend(test, 'each property is read once, and data only after the checks pass', (t, api) => {
  const reads = []
  const tensor = new Proxy(new ort.Tensor('float32', Float32Array.of(0.5, 0.5, 0.25, 0.75), [2, 2]), {
    get(target, key) {
      reads.push(key)
      return Reflect.get(target, key)
    },
  })
  t.is(new api.Hinge().compute({ data: Int8Array.of(0, 1, 1, 0), shape: [2, 2] }, tensor), 1.125)
  t.deepEqual(reads, ['dims', 'type', 'location', 'data'])
  reads.length = 0
  const string = new Proxy(new ort.Tensor('string', ['a', 'b', 'c', 'd'], [2, 2]), { get: (target, key) => (reads.push(key), Reflect.get(target, key)) })
  t.throws(() => new api.Hinge().compute([[0, 1], [1, 0]], string))
  t.deepEqual(reads, ['dims', 'type', 'location'])
})

eachBackend(test, 'float16 tensors keep their meaning through splitBatches and worker threads', async (t, api) => {
  const r = rng(17)
  const labels = Float32Array.from({ length: rows * cols }, () => (r.next() < 0.5 ? 1 : 0))
  const fresh = () => ({ yTrue: { data: labels.slice(), shape }, yPred: new ort.Tensor('float16', halfBits(rng(18), rows * cols), shape) })
  const direct = new api.metrics.Hinge()
  direct.updateState(fresh().yTrue, fresh().yPred)
  const split = new api.metrics.Hinge()
  for (const batch of api.splitBatches(fresh(), 32)) split.updateState(batch.yTrue, batch.yPred)
  t.is(split.result(), direct.result())
  // Workers take the batches' buffers: each run gets fresh ones.
  t.is(await api.evaluateInWorkers(new api.metrics.Hinge(), [fresh()], { workers: 1 }), direct.result())
  const shared = (array) => {
    const copy = new array.constructor(new SharedArrayBuffer(array.byteLength))
    copy.set(array)
    return copy
  }
  const onShared = { yTrue: { data: shared(labels), shape }, yPred: new ort.Tensor('float16', shared(halfBits(rng(18), rows * cols)), shape) }
  t.is(await api.evaluateInWorkers(new api.metrics.Hinge(), api.splitBatches(onShared, 50), { workers: 2 }), direct.result())
})
