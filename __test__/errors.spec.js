// Every refusal is a LossInputError with the right code, thrown before anything is computed.
const test = require('ava')
const { eachBackend } = require('./helpers/backends')

const good = [[0, 1], [1, 0]]

function refuses(t, api, fn, code, pattern) {
  const error = t.throws(fn, { instanceOf: api.LossInputError })
  t.is(error.code, code, error.message)
  t.true(error instanceof Error)
  if (pattern) t.regex(error.message, pattern)
  return error
}

function detached() {
  const a = new Float32Array(4)
  structuredClone(a.buffer, { transfer: [a.buffer] })
  return a
}

eachBackend(test, 'ERR_INVALID_TYPE: unsupported values', (t, api) => {
  const bad = [
    ['a string', 'abc'],
    ['a BigInt64Array beyond 2^53', BigInt64Array.of(0n, 1n, 2n ** 53n + 1n, 0n)],
    ['a DataView', new DataView(new ArrayBuffer(8))],
    ['a Uint8ClampedArray', new Uint8ClampedArray(4)],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', true],
    ['a bigint', 3n],
    ['a string inside an array', [[0, 'a'], [1, 0]]],
    ['null inside an array', [[0, null], [1, 0]]],
    ['a hole', [[0, , 1], [1, 0, 1]]], // eslint-disable-line no-sparse-arrays
    ['a hole in data', { data: [0, , 1, 0], shape: [2, 2] }], // eslint-disable-line no-sparse-arrays
    ['a non-number in data', { data: [0, 1, '1', 0], shape: [2, 2] }],
    ['a string as data', { data: 'abcd', shape: [2, 2] }],
    ['a detached buffer', detached()],
    ['a detached buffer in data', { data: detached(), shape: [0, 4] }],
    ['an object without data', { shape: [2, 2] }],
  ]
  for (const [what, value] of bad) {
    refuses(t, api, () => api.hinge(value, good), 'ERR_INVALID_TYPE', /yTrue/)
    refuses(t, api, () => new api.Hinge().compute(good, value), 'ERR_INVALID_TYPE', /yPred/)
    if (value !== undefined && value !== null) {
      refuses(t, api, () => new api.Hinge().compute(good, good, value), 'ERR_INVALID_TYPE', /sampleWeight/)
    }
    t.log(what)
  }
  refuses(t, api, () => new api.Hinge('sum'), 'ERR_INVALID_TYPE')
  refuses(t, api, () => new api.Hinge({ name: 3 }), 'ERR_INVALID_TYPE', /name/)
  refuses(t, api, () => api.Hinge.fromConfig(null), 'ERR_INVALID_TYPE')
})

eachBackend(test, 'ERR_RAGGED_ARRAY: nested arrays of unequal lengths', (t, api) => {
  for (const ragged of [[[1, 2], [3]], [[1, 2], 3], [1, [2]], [[[1], [2]], [[3]]], [[1, 2], new Float32Array(3)]]) {
    refuses(t, api, () => api.hinge(ragged, good), 'ERR_RAGGED_ARRAY', /rectangular/)
  }
})

eachBackend(test, 'ERR_INVALID_SHAPE: bad dimensions, huge products, an empty last axis', (t, api) => {
  for (const shape of [[-1], [1.5], [NaN], ['2'], [Infinity], [2 ** 53], 'ab', null]) {
    refuses(t, api, () => api.hinge({ data: new Float32Array(2), shape }, good), 'ERR_INVALID_SHAPE', /yTrue/)
  }
  refuses(t, api, () => api.hinge({ data: new Float32Array(2), shape: [2 ** 30, 2 ** 30] }, good), 'ERR_INVALID_SHAPE', /2\^53/)
  // Exactly 2^53 elements is past the last exact count, and the message says so.
  refuses(t, api, () => api.hinge({ data: new Float32Array(2), shape: [2 ** 26, 2 ** 27] }, good), 'ERR_INVALID_SHAPE', /has 2\^53 or more elements/)
  refuses(t, api, () => api.hinge({ data: new Float32Array(0), shape: [2, 0] }, { data: new Float32Array(0), shape: [2, 0] }), 'ERR_INVALID_SHAPE', /last axis/)
  refuses(t, api, () => api.hinge([], []), 'ERR_INVALID_SHAPE', /last axis/)
  refuses(t, api, () => api.hinge([[], []], [[], []]), 'ERR_INVALID_SHAPE')
})

eachBackend(test, 'ERR_LENGTH_MISMATCH: data and shape disagree', (t, api) => {
  refuses(t, api, () => api.hinge({ data: new Float32Array(5), shape: [2, 3] }, good), 'ERR_LENGTH_MISMATCH', /5 elements.*\[2, 3\].*6/)
  refuses(t, api, () => new api.Hinge().compute(good, good, { data: [1, 2, 3], shape: [2] }), 'ERR_LENGTH_MISMATCH', /sampleWeight/)
})

eachBackend(test, 'ERR_SHAPE_MISMATCH: shapes that differ after the rank rule', (t, api) => {
  refuses(t, api, () => api.categoricalHinge([[0, 1, 0]], [[0.1, 0.2]]), 'ERR_SHAPE_MISMATCH', /\[1, 3\].*\[1, 2\]/)
  refuses(t, api, () => new api.Hinge().compute(good, good, [[1, 2, 3]]), 'ERR_SHAPE_MISMATCH', /sampleWeight/)
})

eachBackend(test, 'ERR_RANK: scalar labels or predictions', (t, api) => {
  refuses(t, api, () => api.hinge(1, [1]), 'ERR_RANK', /yTrue/)
  refuses(t, api, () => new api.Hinge().compute([1], 0.5), 'ERR_RANK', /yPred/)
  refuses(t, api, () => new api.Hinge().call({ data: [1], shape: [] }, [1]), 'ERR_RANK')
})

eachBackend(test, 'ERR_INVALID_REDUCTION, ERR_INVALID_DTYPE and ERR_UNKNOWN_LOSS: bad options', (t, api) => {
  for (const reduction of ['abc', 'SUM', 0, false, {}]) {
    refuses(t, api, () => new api.SquaredHinge({ reduction }), 'ERR_INVALID_REDUCTION', /Invalid value for argument `reduction`/)
  }
  refuses(t, api, () => api.Hinge.fromConfig({ reduction: 'auto' }), 'ERR_INVALID_REDUCTION')
  for (const dtype of ['float16', 'int32', 32]) {
    refuses(t, api, () => new api.CategoricalHinge({ dtype }), 'ERR_INVALID_DTYPE', /dtype/)
  }
  refuses(t, api, () => api.get('mean_squared_error'), 'ERR_UNKNOWN_LOSS', /mean_squared_error/)
  refuses(t, api, () => api.deserialize({ class_name: 'MeanSquaredError' }), 'ERR_UNKNOWN_LOSS')
})

eachBackend(test, "the caller's own exceptions propagate unchanged", (t, api) => {
  const boom = new Error('boom')
  const throwingData = { get data() { throw boom }, shape: [1, 2] }
  t.is(t.throws(() => api.hinge(throwingData, good)), boom)
  const proxy = new Proxy([[0, 1], [1, 0]], { get(target, key) { if (key === '1') throw boom; return Reflect.get(target, key) } })
  t.is(t.throws(() => api.hinge(proxy, good)), boom)
  const options = { get reduction() { throw boom } }
  t.is(t.throws(() => new api.Hinge(options)), boom)
})

eachBackend(test, 'a refused call leaves the package working and rejects asynchronously', async (t, api) => {
  const loss = new api.Hinge()
  const rejection = loss.computeAsync([[1, 2], [3]], good)
  t.true(rejection instanceof Promise)
  const error = await t.throwsAsync(rejection, { instanceOf: api.LossInputError })
  t.is(error.code, 'ERR_RAGGED_ARRAY')
  t.is(loss.compute([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]), Math.fround(1.3))
})
