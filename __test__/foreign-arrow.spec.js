// Apache Arrow vectors as inputs: numeric vectors are rank 1, FixedSizeList<number>[C]
// vectors [length, C], read in place from their chunk; nulls refused naming the row,
// other types refused. Vectors of several chunks: foreign-arrow-chunks.spec.js.
const test = require('ava')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const a = require('apache-arrow')
const { eachBackend } = require('./helpers/backends')
const { sameResults, refuses } = require('./helpers/foreign')
const { rng } = require('./helpers/random')
const { TYPES, typedCase } = require('./helpers/arrow-types')
const { parseTensorLike } = require('../dist/tensor-like.js')

const rows = 130
const cols = 4
const shape = [rows, cols]


const flat = (Type, values) => new a.Vector([a.makeData({ type: new Type(), data: values })])
const list = (Type, values, size) =>
  new a.Vector([a.makeData({ type: new a.FixedSizeList(size, new a.Field('v', new Type())), length: values.length / size, child: a.makeData({ type: new Type(), data: values }) })])

eachBackend(test, 'every numeric type, flat and as a FixedSizeList, in yTrue, yPred, weights and mask, equals { data, shape }', async (t, api) => {
  const r = rng(5)
  for (const type of TYPES) {
    const [name, Type] = type
    const { labels, preds, weights, mask, tag } = typedCase(r, type, rows, cols)
    const inputs = { yTrue: list(Type, labels, cols), yPred: list(Type, preds, cols), sampleWeight: flat(Type, weights), mask: flat(Type, mask) }
    const plain = { yTrue: tag(labels, shape), yPred: tag(preds, shape), sampleWeight: tag(weights, [rows]), mask: tag(mask, [rows]) }
    await sameResults(t, api, inputs, plain, { label: name })
    // A flat vector is rank 1: one sample of rows·cols values.
    await sameResults(t, api, { yTrue: flat(Type, labels), yPred: flat(Type, preds) }, { yTrue: tag(labels, [rows * cols]), yPred: tag(preds, [rows * cols]) }, { classes: ['Hinge'], label: `${name} flat` })
  }
})

eachBackend(test, 'class ids from an Int32 or Int64 column for sparse categorical hinge', async (t, api) => {
  const r = rng(6)
  const preds = Float32Array.from({ length: rows * cols }, () => Math.fround(r.next() * 4 - 2))
  for (const [Type, Kind] of [[a.Int32, Int32Array], [a.Int64, BigInt64Array], [a.Uint8, Uint8Array]]) {
    const ids = Kind.from({ length: rows }, (_, i) => (Kind === BigInt64Array ? BigInt(i % cols) : i % cols))
    await sameResults(t, api, { yTrue: flat(Type, ids), yPred: list(a.Float32, preds, cols) }, { yTrue: { data: ids, shape: [rows] }, yPred: { data: preds, shape } }, { classes: ['SparseCategoricalHinge'] })
  }
})

eachBackend(test, 'a sliced vector reads from its offset; nulls outside the slice do not matter', async (t, api) => {
  const labels = [0, 1, 1, 0, 1, 0]
  const preds = [0.5, null, -0.25, 1.5, 0.75, -2]
  const yPred = a.vectorFromArray(preds, new a.Float32()).slice(2)
  const yTrue = a.vectorFromArray(labels, new a.Int8()).slice(2)
  await sameResults(t, api, { yTrue, yPred }, { yTrue: Int8Array.from(labels.slice(2)), yPred: Float32Array.from(preds.slice(2)) }, { classes: ['Hinge'] })
  const pairs = a.vectorFromArray([[1, 0], null, [0, 1], [1, 1]], new a.FixedSizeList(2, new a.Field('v', new a.Float32(), true))).slice(2)
  t.is(new api.Hinge().compute(pairs, pairs), new api.Hinge().compute([[0, 1], [1, 1]], [[0, 1], [1, 1]]))
  t.is(parseTensorLike(yPred, 'yPred').data.byteOffset, yPred.data[0].values.byteOffset)
})

test('a chunk is read in place: the parsed data is a view of its values', (t) => {
  const values = new Float32Array(12)
  for (const [vector, dims] of [[list(a.Float32, values, 3), [4, 3]], [flat(a.Float32, values), [12]]]) {
    const parsed = parseTensorLike(vector, 'yPred')
    t.is(parsed.data.buffer, values.buffer)
    t.is(parsed.data.length, 12)
    t.deepEqual(parsed.shape, dims)
  }
  // apache-arrow pads its buffers: only the vector's own values are read.
  const padded = a.vectorFromArray([1, 2, 3], new a.Float64())
  t.true(padded.data[0].values.length > 3)
  const parsed = parseTensorLike(padded, 'yPred')
  t.deepEqual(Array.from(parsed.data), [1, 2, 3])
  t.true(parsed.float64)
})

test('the peak RSS grows by well under the input size on large Arrow vectors', (t) => {
  for (const entry of ['index.js', 'js.js']) {
    const out = execFileSync(process.execPath, [path.join(__dirname, 'helpers', 'arrow-rss.js'), path.join(__dirname, '..', entry)], { encoding: 'utf8' })
    const { value, expected, growth, inputBytes } = JSON.parse(out)
    t.is(value, expected, entry)
    t.true(growth < 4 * 2 ** 20, `${entry}: peak RSS grew by ${(growth / 2 ** 20).toFixed(1)} MiB over ${(inputBytes / 2 ** 20).toFixed(0)} MiB of input`)
  }
})

eachBackend(test, 'a null is refused naming its row: flat, a null list row, a null inside a row', (t, api) => {
  const loss = new api.Hinge()
  const ok = a.vectorFromArray([0, 1, 1, 0, 1], new a.Float32())
  const nulls = a.vectorFromArray([0.5, 1, 2, null, 4], new a.Float32())
  t.regex(refuses(t, api, () => loss.compute(ok, nulls), 'ERR_INVALID_TYPE', 'flat').message, /yPred: row 3 is null/)
  t.regex(refuses(t, api, () => loss.compute(ok, ok, nulls), 'ERR_INVALID_TYPE', 'weights').message, /sampleWeight: row 3 is null/)
  const field = new a.Field('v', new a.Float32(), true)
  const nullRow = a.vectorFromArray([[0, 1], [1, 0], null], new a.FixedSizeList(2, field))
  t.regex(refuses(t, api, () => loss.compute(nullRow, [[0, 1], [1, 0], [1, 1]]), 'ERR_INVALID_TYPE', 'list row').message, /yTrue: row 2 is null/)
  const nullInside = a.vectorFromArray([[0, 1], [1, 0], [1, null]], new a.FixedSizeList(2, field))
  t.regex(refuses(t, api, () => loss.compute([[0, 1], [1, 0], [1, 1]], nullInside), 'ERR_INVALID_TYPE', 'inside a row').message, /yPred: row 2 holds a null \(element 1\)/)
  const maskNull = a.vectorFromArray([1, null, 0], new a.Uint8())
  t.regex(refuses(t, api, () => loss.compute([[0, 1], [1, 0], [1, 1]], [[0, 1], [1, 0], [1, 1]], undefined, { mask: maskNull }), 'ERR_INVALID_TYPE', 'mask').message, /mask: row 1 is null/)
})

eachBackend(test, 'other Arrow types are refused, naming the type', (t, api) => {
  const loss = new api.Hinge()
  const ok = [1, 0]
  const cases = [
    [a.vectorFromArray(['x', 'y'], new a.Utf8()), /type Utf8/],
    [a.vectorFromArray(['x', 'y']), /type Dictionary/],
    [a.vectorFromArray([true, false]), /type Bool/],
    [a.vectorFromArray([new Date(0), new Date(1)]), /type Timestamp/],
    [a.vectorFromArray([{ x: 1 }, { x: 2 }]), /type Struct/],
    [a.vectorFromArray([[1], [2, 3]], new a.List(new a.Field('v', new a.Float32()))), /type List/],
    [a.vectorFromArray([['a', 'b']], new a.FixedSizeList(2, new a.Field('v', new a.Utf8()))), /type Utf8/],
    [a.vectorFromArray([[[1], [2]]], new a.FixedSizeList(2, new a.Field('v', new a.FixedSizeList(1, new a.Field('w', new a.Float32()))))), /type FixedSizeList/],
  ]
  for (const [vector, message] of cases) {
    const error = refuses(t, api, () => loss.compute(ok, vector), 'ERR_INVALID_TYPE', String(vector.type))
    t.regex(error.message, message)
  }
  const malformed = (fields) => ({ type: new a.Float32(), data: [{ length: 2, offset: 0, nullCount: 0, values: Float32Array.of(1, 2) }], ...fields })
  refuses(t, api, () => loss.compute(ok, malformed({ type: 'Float32' })), 'ERR_INVALID_TYPE', 'type not an object')
  refuses(t, api, () => loss.compute(ok, malformed({ data: {} })), 'ERR_INVALID_TYPE', 'data not an array')
  refuses(t, api, () => loss.compute(ok, malformed({ data: [7] })), 'ERR_INVALID_TYPE', 'chunk not an object')
  refuses(t, api, () => loss.compute(ok, malformed({ data: [{ length: 2, offset: 0, nullCount: 0, values: Float64Array.of(1, 2) }] })), 'ERR_INVALID_TYPE', 'values of another type')
  refuses(t, api, () => loss.compute(ok, malformed({ data: [{ length: 3, offset: 0, nullCount: 0, values: Float32Array.of(1, 2) }] })), 'ERR_INVALID_TYPE', 'values too short')
  refuses(t, api, () => loss.compute(ok, malformed({ data: [{ length: -1, offset: 0, nullCount: 0, values: Float32Array.of(1, 2) }] })), 'ERR_INVALID_TYPE', 'negative length')
  refuses(t, api, () => loss.compute(ok, malformed({ data: [{ length: 2, offset: 0, nullCount: 1, values: Float32Array.of(1, 2) }] })), 'ERR_INVALID_TYPE', 'nulls without a bitmap')
  t.is(loss.compute(ok, malformed({})), loss.compute(ok, [1, 2]), 'a structural Arrow vector')
})

eachBackend(test, 'each property of the vector, its type and its chunk is read once', (t, api) => {
  const pairs = a.vectorFromArray([[0.5, 0.5], [0.25, 0.75]], new a.FixedSizeList(2, new a.Field('v', new a.Float32())))
  const flatPreds = a.vectorFromArray([0.5, 0.5, 0.25, 0.75], new a.Float32())
  for (const [vector, labels] of [[pairs, { data: Int8Array.of(0, 1, 1, 0), shape: [2, 2] }], [flatPreds, Int8Array.of(0, 1, 1, 0)]]) {
    const reads = []
    const watch = (target, name) => new Proxy(target, { get: (o, key) => (reads.push(`${name}.${String(key)}`), Reflect.get(o, key)) })
    const watched = watch({ type: watch(vector.type, 'type'), data: [watch(vector.data[0], 'chunk')] }, 'vector')
    const expected = new api.Hinge().compute(labels, { data: (vector.data[0].children[0] ?? vector.data[0]).values.subarray(0, 4), shape: labels.shape ?? [4] })
    t.is(new api.Hinge().compute(labels, watched), expected)
    const counts = {}
    for (const key of reads) counts[key] = (counts[key] ?? 0) + 1
    t.deepEqual(Object.values(counts).filter((n) => n > 1), [], JSON.stringify(counts))
    t.deepEqual(Object.keys(counts).filter((k) => k.startsWith('vector.')), ['vector.type', 'vector.data'])
  }
})

eachBackend(test, 'empty vectors: a column of an empty table, and a vector without chunks', (t, api) => {
  const list = new a.FixedSizeList(2, new a.Field('v', new a.Float32()))
  const column = new a.Table(new a.Schema([new a.Field('p', list)])).getChild('p')
  const none = { data: new Float32Array(0), shape: [0, 2] }
  for (const empty of [column, { type: list, data: [] }]) {
    t.deepEqual(new api.Hinge({ reduction: 'none' }).compute(empty, empty), new api.Hinge({ reduction: 'none' }).compute(none, none))
    t.is(new api.Hinge().compute(empty, empty), 0)
  }
})
