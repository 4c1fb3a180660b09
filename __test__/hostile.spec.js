// Hostile inputs through the public API, on both backends: each is refused with a
// LossInputError and the right code, or computed correctly; the package keeps working.
const test = require('ava')
const { eachBackend } = require('./helpers/backends')

const yTrue = [[0, 1], [1, 0]]
const yPred = [[0.6, 0.4], [0.4, 0.6]]
const EXPECTED = Math.fround(1.1) // hinge of the pair above

function refuses(t, api, fn, code, label) {
  const error = t.throws(fn, { instanceOf: api.LossInputError }, label)
  t.is(error?.code, code, `${label}: ${error?.message}`)
}

/** The package still computes the known pair right after whatever came before. */
function stillWorks(t, api) {
  t.is(new api.Hinge().compute(yTrue, yPred), EXPECTED)
}

function detach(buffer) {
  structuredClone(buffer, { transfer: [buffer] })
}

eachBackend(test, 'detached buffers are refused wherever they hide', (t, api) => {
  const parent = new Float32Array(8)
  const view = parent.subarray(2, 6)
  const row = new Float32Array(2)
  const nested = [row, Float32Array.of(1, 0)]
  detach(parent.buffer)
  detach(row.buffer)
  const cases = [
    ['an offset view of a detached buffer', view],
    ['a detached row of nested arrays', nested],
    ['a detached buffer as data', { data: view, shape: [2, 2] }],
  ]
  for (const [label, value] of cases) {
    refuses(t, api, () => api.hinge(value, yPred), 'ERR_INVALID_TYPE', label)
    refuses(t, api, () => new api.Hinge().compute(yTrue, yPred, value), 'ERR_INVALID_TYPE', `${label} as weights`)
  }
  refuses(t, api, () => api.tensor(view), 'ERR_INVALID_TYPE', 'tensor()')
  // An empty, attached view is no detached buffer: an empty batch, reduced to 0.
  t.is(new api.Hinge().compute({ data: new Float32Array(0), shape: [0, 3] }, { data: new Float32Array(0), shape: [0, 3] }), 0)
  stillWorks(t, api)
})

eachBackend(test, 'views with offsets read exactly their own elements', (t, api) => {
  for (const Type of [Float32Array, Float64Array, Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array]) {
    // Garbage around the views: NaN for floats, the largest value for integers.
    const junk = Type.name.startsWith('Float') ? NaN : 127
    const labels = new Type(16).fill(junk)
    const preds = new Float64Array(16).fill(NaN)
    const t2 = new Type(labels.buffer, 3 * Type.BYTES_PER_ELEMENT, 4)
    const p2 = new Float64Array(preds.buffer, 5 * 8, 4)
    t2.set([0, 1, 1, 0])
    p2.set([0.6, 0.4, 0.4, 0.6])
    const loss = new api.Hinge({ dtype: 'float64' })
    t.is(loss.compute({ data: t2, shape: [2, 2] }, { data: p2, shape: [2, 2] }), loss.compute(yTrue, yPred), Type.name)
    t.is(loss.compute({ data: t2.subarray(1, 3), shape: [1, 2] }, { data: p2.subarray(1, 3), shape: [1, 2] }), loss.compute([[1, 1]], [[0.4, 0.4]]), `${Type.name} subarray`)
  }
})

eachBackend(test, 'SharedArrayBuffer-backed arrays compute like ordinary ones, sync and async', async (t, api) => {
  const shared = (Type, values) => {
    const a = new Type(new SharedArrayBuffer(values.length * Type.BYTES_PER_ELEMENT))
    a.set(values)
    return a
  }
  const yt = shared(Int8Array, [0, 1, 1, 0])
  const yp = shared(Float32Array, [0.6, 0.4, 0.4, 0.6])
  const w = shared(Float64Array, [1, 3])
  for (const Loss of [api.Hinge, api.SquaredHinge, api.CategoricalHinge]) {
    const loss = new Loss({ reduction: 'sum' })
    const plain = loss.compute({ data: Int8Array.from(yt), shape: [2, 2] }, { data: Float32Array.from(yp), shape: [2, 2] }, Float64Array.from(w))
    t.is(loss.compute({ data: yt, shape: [2, 2] }, { data: yp, shape: [2, 2] }, w), plain, Loss.name)
    t.is(await loss.computeAsync({ data: yt, shape: [2, 2] }, { data: yp, shape: [2, 2] }, w), plain, `${Loss.name} async`)
  }
})

eachBackend(test, 'unsupported containers are refused: DataView, ArrayBuffer, clamped bytes', (t, api) => {
  const buffer = new ArrayBuffer(16)
  const values = [
    new DataView(buffer),
    buffer,
    new SharedArrayBuffer(16),
    new Uint8ClampedArray(4),
    { data: new DataView(buffer), shape: [2, 2] },
  ]
  for (const value of values) {
    refuses(t, api, () => api.hinge(value, yPred), 'ERR_INVALID_TYPE', Object.prototype.toString.call(value))
  }
  // A Node Buffer is a Uint8Array, and read as one.
  t.is(new api.Hinge().compute({ data: Buffer.from([0, 1, 1, 0]), shape: [2, 2] }, yPred), EXPECTED)
})

eachBackend(test, 'holes and non-numbers inside arrays are refused', (t, api) => {
  const holey = [[0, 1], [1, 0]]
  delete holey[1][0]
  const sparse = []
  sparse[3] = 1
  const bad = [
    ['a deleted element', holey],
    ['a sparse data array', { data: sparse, shape: [2, 2] }],
    ['a Number object', [[new Number(0), 1], [1, 0]]],
    ['a numeric string', [['0', 1], [1, 0]]],
    ['a boolean', [[false, 1], [1, 0]]],
    ['a bigint', [[0n, 1], [1, 0]]],
    ['a symbol', [[Symbol('x'), 1], [1, 0]]],
    ['undefined', [[undefined, 1], [1, 0]]],
    ['an object', [[{ valueOf: () => 0 }, 1], [1, 0]]],
    ['a function', [[() => 0, 1], [1, 0]]],
  ]
  for (const [label, value] of bad) refuses(t, api, () => api.hinge(value, yPred), 'ERR_INVALID_TYPE', label)
  // A hole is refused even where a length-0 allocation would hide it.
  refuses(t, api, () => api.hinge({ data: new Array(4), shape: [2, 2] }, yPred), 'ERR_INVALID_TYPE', 'an array of holes')
  stillWorks(t, api)
})

eachBackend(test, "Proxies and getters: the caller's exception propagates unchanged, state is untouched", (t, api) => {
  const boom = new Error('boom')
  const throwing = [
    new Proxy([[0, 1], [1, 0]], { get: (target, key) => (key === 'length' ? (() => { throw boom })() : Reflect.get(target, key)) }),
    new Proxy([[0, 1], [1, 0]], { has: () => { throw boom } }),
    { data: new Proxy([0, 1, 1, 0], { get: (target, key) => (key === '2' ? (() => { throw boom })() : Reflect.get(target, key)) }), shape: [2, 2] },
    { data: new Float32Array(4), get shape() { throw boom } },
    { data: new Float32Array(4), shape: new Proxy([2, 2], { get: (target, key) => (key === '1' ? (() => { throw boom })() : Reflect.get(target, key)) }) },
  ]
  for (const value of throwing) {
    t.is(t.throws(() => api.hinge(value, yPred)), boom)
    t.is(t.throws(() => new api.Hinge().compute(yTrue, yPred, value)), boom)
  }
  // A Proxy is no typed array, whatever it forwards to.
  refuses(t, api, () => api.hinge(new Proxy(new Float32Array(4), {}), yPred), 'ERR_INVALID_TYPE', 'a Proxy of a Float32Array')
  // A shape read twice would disagree with itself; it is read once.
  let reads = 0
  const fickle = new Proxy([2, 2], { get: (target, key) => (key === '0' ? ++reads : Reflect.get(target, key)) })
  refuses(t, api, () => api.hinge({ data: new Float32Array(4), shape: fickle }, yPred), 'ERR_LENGTH_MISMATCH', 'a fickle shape')
  stillWorks(t, api)
})

eachBackend(test, 'bad shapes: NaN, negative, fractional, huge, past 2^53, past the buffer', (t, api) => {
  const shapes = [[NaN, 2], [-2, 2], [2, -0.5], [1.5, 2], [2 ** 53, 1], [Infinity, 2], [2, 1e308], ['2', 2], [2n, 2], [null, 2], [{}, 2]]
  for (const shape of shapes) {
    refuses(t, api, () => api.hinge({ data: new Float32Array(4), shape }, yPred), 'ERR_INVALID_SHAPE', `[${shape.map(String)}]`)
  }
  // Every dimension a safe integer, the product past 2^53.
  refuses(t, api, () => api.hinge({ data: new Float32Array(4), shape: [2 ** 27, 2 ** 27] }, yPred), 'ERR_INVALID_SHAPE', 'product past 2^53')
  // Products within 2^53 but past the data: a length mismatch, nothing read.
  for (const shape of [[2 ** 26, 2 ** 26], [2 ** 31, 2], [4, 2]]) {
    refuses(t, api, () => api.hinge({ data: new Float32Array(4), shape }, yPred), 'ERR_LENGTH_MISMATCH', `[${shape}]`)
  }
  // A zero-size axis makes any other dimension harmless: an empty batch.
  const empty = { data: new Float32Array(0), shape: [0, 2 ** 52] }
  t.is(new api.Hinge().compute(empty, empty), 0)
  t.deepEqual(new api.Hinge({ reduction: 'none' }).compute(empty, empty, { data: new Float32Array(0), shape: [0] }).shape, [0])
  stillWorks(t, api)
})

eachBackend(test, 'weights that broadcast past any buffer are refused with an error, not a crash', (t, api) => {
  // Per-sample losses [2^17, 1] against weights [1, 2^17]: 2^34 weighted values.
  const n = 2 ** 17
  const side = { data: new Float32Array(n), shape: [n, 1, 1] }
  const error = t.throws(() => new api.Hinge({ reduction: 'sum' }).compute(side, side, { data: new Float32Array(n), shape: [1, n] }), { instanceOf: api.LossInputError })
  t.is(error.code, 'ERR_INVALID_SHAPE')
  t.regex(error.message, /17179869184 weighted losses/)
  stillWorks(t, api)
})

eachBackend(test, 'thousands of concurrent computeAsync calls all settle with the sync result', async (t, api) => {
  const losses = [new api.Hinge(), new api.SquaredHinge({ reduction: 'sum' }), new api.CategoricalHinge({ reduction: 'none', dtype: 'float64' })]
  const inputs = Array.from({ length: 16 }, (_, k) => {
    const rows = 1 + ((k * 37) % 300)
    const yt = new Float32Array(rows * 4).map((_, i) => ((i * 7 + k) % 3 === 0 ? 1 : 0))
    const yp = new Float32Array(rows * 4).map((_, i) => ((i * 13 + k) % 17) / 8 - 1)
    return [{ data: yt, shape: [rows, 4] }, { data: yp, shape: [rows, 4] }]
  })
  const expected = inputs.map((pair) => losses.map((loss) => loss.compute(...pair)))
  const calls = Array.from({ length: 3000 }, (_, i) => {
    const k = i % inputs.length
    const l = Math.floor(i / inputs.length) % losses.length
    return losses[l].computeAsync(...inputs[k]).then((result) => [k, l, result])
  })
  let mismatches = 0
  for (const [k, l, result] of await Promise.all(calls)) {
    const want = expected[k][l]
    const same = typeof want === 'number' ? Object.is(result, want) : Buffer.from(result.data.buffer).equals(Buffer.from(want.data.buffer))
    if (!same) mismatches++
  }
  t.is(mismatches, 0)
})

eachBackend(test, 'a typed-array subclass that lies about its length is read by its real length', (t, api) => {
  class Liar extends Float32Array {
    get length() {
      return 8
    }
  }
  const liar = new Liar(4).fill(1)
  const error = t.throws(() => new api.Hinge().compute({ data: liar, shape: [8] }, new Float32Array(8)), { instanceOf: api.LossInputError })
  t.is(error?.code, 'ERR_LENGTH_MISMATCH')
  t.is(new api.Hinge().compute(liar, new Float32Array(4)), 1)
})

eachBackend(test, 'a getter that detaches an argument already read is refused with a LossInputError', (t, api) => {
  const yt = new Float32Array(4).fill(1)
  const weights = [1]
  Object.defineProperty(weights, 0, { get: () => (detach(yt.buffer), 1) })
  refuses(t, api, () => new api.Hinge().compute({ data: yt, shape: [1, 4] }, { data: new Float32Array(4), shape: [1, 4] }, weights), 'ERR_INVALID_TYPE', 'detached by a getter')
})

eachBackend(test, 'nested arrays 20000 deep are refused with a LossInputError, not a stack overflow', (t, api) => {
  let deep = 1
  for (let i = 0; i < 20_000; i++) deep = [deep]
  t.throws(() => api.hinge(deep, deep), { instanceOf: api.LossInputError })
})

eachBackend(test, 'BigInt64Array rows inside nested arrays are read as numbers; beyond 2^53 they are ERR_INVALID_TYPE, not ERR_RAGGED_ARRAY', (t, api) => {
  t.deepEqual(api.hinge([BigInt64Array.of(0n, 1n), BigInt64Array.of(1n, 0n)], [[0.5, 0.5], [0.5, 0.5]]), api.hinge([[0, 1], [1, 0]], [[0.5, 0.5], [0.5, 0.5]]))
  refuses(t, api, () => api.hinge([new BigInt64Array(2), BigInt64Array.of(0n, 2n ** 60n)], yPred), 'ERR_INVALID_TYPE', 'BigInt64Array rows')
})
