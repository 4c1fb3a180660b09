// Apache Arrow vectors of several chunks (a column of a table of several record batches,
// `a.concat(b)`): read chunk by chunk and never joined, with the results of the one array
// the chunks make, bit for bit, wherever the chunk boundaries fall; nulls in any chunk
// refused naming the vector's row.
const test = require('ava')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const a = require('apache-arrow')
const { eachBackend } = require('./helpers/backends')
const { sameResults, refuses, values } = require('./helpers/foreign')
const { rng } = require('./helpers/random')
const { TYPES, typedCase } = require('./helpers/arrow-types')
const { parseTensorLike } = require('../dist/tensor-like.js')

const rows = 130
const cols = 4
const shape = [rows, cols]


/**
 * `values` as a vector of chunks cut before each of `cuts` (rows: elements of a flat vector,
 * lists of a FixedSizeList of `size`; repeated cuts make empty chunks). Each chunk owns a
 * copy of its values, as the record batches of an IPC stream do.
 */
function chunked(Type, values, cuts, size) {
  const per = size ?? 1
  const bounds = [0, ...cuts, values.length / per]
  const chunks = []
  for (let k = 0; k + 1 < bounds.length; k++) {
    const part = values.slice(bounds[k] * per, bounds[k + 1] * per)
    const data = a.makeData({ type: new Type(), data: part })
    chunks.push(size === undefined ? data : a.makeData({ type: new a.FixedSizeList(size, new a.Field('v', new Type())), length: part.length / size, child: data }))
  }
  return new a.Vector(chunks)
}

/** `k` sorted cut positions in [0, n]. */
const cutsOf = (r, n, k) => Array.from({ length: k }, () => r.int(0, n)).sort((x, y) => x - y)

eachBackend(test, 'every numeric type in chunks, flat and as FixedSizeLists, in yTrue, yPred, weights and mask, equals the one array', async (t, api) => {
  const r = rng(15)
  for (const type of TYPES) {
    const [name, Type] = type
    const { labels, preds, weights, mask, tag } = typedCase(r, type, rows, cols)
    // List chunks end at row ends; the weights' and mask's chunks elsewhere, one of them empty.
    const inputs = {
      yTrue: chunked(Type, labels, cutsOf(r, rows, 2), cols),
      yPred: chunked(Type, preds, [...cutsOf(r, rows, 3), rows], cols),
      sampleWeight: chunked(Type, weights, cutsOf(r, rows, 4)),
      mask: chunked(Type, mask, [0, ...cutsOf(r, rows, 2)]),
    }
    t.true(inputs.yPred.data.length > 1 && Array.isArray(parseTensorLike(inputs.yPred, 'yPred').data), name)
    const plain = { yTrue: tag(labels, shape), yPred: tag(preds, shape), sampleWeight: tag(weights, [rows]), mask: tag(mask, [rows]) }
    await sameResults(t, api, inputs, plain, { label: name })
    // A flat vector is rank 1, one row: its chunk boundaries fall inside that row.
    const flatInputs = { yTrue: chunked(Type, labels, cutsOf(r, rows * cols, 3)), yPred: chunked(Type, preds, cutsOf(r, rows * cols, 5)) }
    await sameResults(t, api, flatInputs, { yTrue: tag(labels, [rows * cols]), yPred: tag(preds, [rows * cols]) }, { label: `${name} flat` })
  }
})

eachBackend(test, 'chunked rows longer than every block and buffer: the one array\'s values and gradients', async (t, api) => {
  const r = rng(16)
  const n = 70_001
  for (const [name, Type, Kind, value] of TYPES.filter(([name]) => ['Float16', 'Float32', 'Int8', 'Float64'].includes(name))) {
    const half = name === 'Float16'
    const labels = Kind.from({ length: n }, () => (r.next() < 0.5 ? (half ? 0x3c00 : 1) : 0))
    const preds = Kind.from({ length: n }, () => value(r))
    const tag = (data) => (half ? { data, shape: [n], dtype: 'float16' } : { data, shape: [n] })
    const cuts = [1, 1000, 65_537, 65_540]
    await sameResults(t, api, { yTrue: chunked(Type, labels, cuts), yPred: chunked(Type, preds, [3, 40_000]) }, { yTrue: tag(labels), yPred: tag(preds) }, { label: `${name} one long row` })
  }
  // Sparse ids against long rows of chunked scores.
  const long = 66_000
  const scores = Float32Array.from({ length: 3 * long }, () => Math.fround(r.next() * 4 - 2))
  const ids = Int32Array.of(5, long - 1, 0)
  await sameResults(t, api, { yTrue: chunked(a.Int32, ids, [1]), yPred: chunked(a.Float32, scores, [2], long) }, { yTrue: ids, yPred: { data: scores, shape: [3, long] } }, { classes: ['SparseCategoricalHinge'], label: 'sparse long rows' })
})

eachBackend(test, 'class ids in chunks of an Int32, Int64 or Uint8 column', async (t, api) => {
  const r = rng(17)
  const preds = Float32Array.from({ length: rows * cols }, () => Math.fround(r.next() * 4 - 2))
  for (const [Type, Kind] of [[a.Int32, Int32Array], [a.Int64, BigInt64Array], [a.Uint8, Uint8Array]]) {
    const ids = Kind.from({ length: rows }, () => (Kind === BigInt64Array ? BigInt(r.int(0, cols - 1)) : r.int(0, cols - 1)))
    const yTrue = chunked(Type, ids, cutsOf(r, rows, 3))
    const yPred = chunked(a.Float32, preds, cutsOf(r, rows, 3), cols)
    await sameResults(t, api, { yTrue, yPred }, { yTrue: { data: ids, shape: [rows] }, yPred: { data: preds, shape } }, { classes: ['SparseCategoricalHinge'] })
  }
  // An id out of range in a later chunk is named by its index in the column.
  const bad = Int32Array.from({ length: rows }, (_, i) => (i === 100 ? cols : i % cols))
  const error = refuses(t, api, () => new api.SparseCategoricalHinge().compute(chunked(a.Int32, bad, [60]), { data: preds, shape }), 'ERR_LABEL_RANGE', 'id range')
  t.regex(error.message, /index 100 is 4/)
})

eachBackend(test, 'an upstream gradient in chunks, and the async forms, equal the one array\'s', async (t, api) => {
  const r = rng(18)
  const labels = Float32Array.from({ length: rows * cols }, () => (r.next() < 0.5 ? 1 : 0))
  const preds = Float64Array.from({ length: rows * cols }, () => r.next() * 4 - 2)
  const upstream = Float32Array.from({ length: rows }, () => Math.fround(r.next() * 2 - 1))
  const weights = Float32Array.from({ length: rows }, () => Math.fround(r.next()))
  const yTrue = chunked(a.Float32, labels, [7, 64], cols)
  const yPred = chunked(a.Float64, preds, [1, 2, 129], cols)
  for (const name of ['Hinge', 'SquaredHinge', 'CategoricalHinge']) {
    const loss = new api[name]({ reduction: 'none' })
    const one = loss.valueAndGrad({ data: labels, shape }, { data: preds, shape }, undefined, { upstream })
    const spans = loss.valueAndGrad(yTrue, yPred, undefined, { upstream: chunked(a.Float32, upstream, [50, 51]) })
    t.deepEqual(Array.from(spans.grad.data), Array.from(one.grad.data), name)
    const later = await loss.valueAndGradAsync(yTrue, yPred, undefined, { upstream: chunked(a.Float32, upstream, [3]) })
    t.deepEqual(Array.from(later.grad.data), Array.from(one.grad.data), `${name} async`)
    const m = new api.metrics[name]()
    const n = new api.metrics[name]()
    await m.updateStateAsync(yTrue, yPred, chunked(a.Float32, weights, [90]))
    n.updateState({ data: labels, shape }, { data: preds, shape }, weights)
    t.is(m.result(), n.result(), `${name} metric async`)
  }
})

eachBackend(test, 'a null in a later chunk is refused naming the row of the vector', (t, api) => {
  const loss = new api.Hinge()
  const first = a.vectorFromArray([0, 1, 1], new a.Float32())
  const ok = first.concat(a.vectorFromArray([0, 1], new a.Float32()))
  const nulls = first.concat(a.vectorFromArray([0.5, null], new a.Float32()))
  t.is(nulls.data.length, 2)
  t.regex(refuses(t, api, () => loss.compute(ok, nulls), 'ERR_INVALID_TYPE', 'flat').message, /yPred: row 4 is null/)
  t.regex(refuses(t, api, () => loss.compute(ok, ok, nulls), 'ERR_INVALID_TYPE', 'weights').message, /sampleWeight: row 4 is null/)
  t.regex(refuses(t, api, () => loss.compute(ok, ok, undefined, { mask: nulls }), 'ERR_INVALID_TYPE', 'mask').message, /mask: row 4 is null/)
  const field = new a.Field('v', new a.Float32(), true)
  const pairs = (list) => a.vectorFromArray(list, new a.FixedSizeList(2, field))
  const head = pairs([[0, 1], [1, 0]])
  const plain = [[0, 1], [1, 0], [1, 1], [0, 0]]
  const nullRow = head.concat(pairs([[1, 1], null]))
  t.regex(refuses(t, api, () => loss.compute(nullRow, plain), 'ERR_INVALID_TYPE', 'list row').message, /yTrue: row 3 is null/)
  const nullInside = head.concat(pairs([[1, null], [0, 0]]))
  t.regex(refuses(t, api, () => loss.compute(plain, nullInside), 'ERR_INVALID_TYPE', 'inside a row').message, /yPred: row 2 holds a null \(element 1\)/)
  // 64-bit integers beyond ±2^53 are named by their position in the column.
  const wide = a.vectorFromArray([0n, 1n], new a.Int64()).concat(a.makeVector(BigInt64Array.of(1n, 2n ** 60n)))
  t.regex(refuses(t, api, () => loss.compute([0, 1, 1, 0], wide), 'ERR_INVALID_TYPE', 'int64').message, /element 3 is/)
})

test('chunks are read in place, kept apart: the parsed spans are views of their values', (t) => {
  const values = [Float32Array.of(1, 2, 3), new Float32Array(0), Float32Array.of(4, 5, 6)]
  const vector = new a.Vector(values.map((data) => a.makeData({ type: new a.Float32(), data })))
  const parsed = parseTensorLike(vector, 'yPred')
  t.deepEqual(parsed.shape, [6])
  t.is(parsed.data.length, 2, 'the empty chunk is left out')
  t.is(parsed.data[0].buffer, values[0].buffer)
  t.is(parsed.data[1].buffer, values[2].buffer)
  // One chunk holding data among empty ones is that chunk, as a single array.
  const alone = parseTensorLike(new a.Vector([values[1], values[0], values[1]].map((data) => a.makeData({ type: new a.Float32(), data }))), 'yPred')
  t.is(alone.data.buffer, values[0].buffer)
  t.false(Array.isArray(alone.data))
})

eachBackend(test, 'each property of a chunked vector, its type and each chunk is read once', (t, api) => {
  const vector = a.vectorFromArray([0.5, 0.5, 0.25], new a.Float32()).concat(a.vectorFromArray([0.75, 2], new a.Float32()))
  const reads = []
  const watch = (target, name) => new Proxy(target, { get: (o, key) => (reads.push(`${name}.${String(key)}`), Reflect.get(o, key)) })
  const watched = watch({ type: watch(vector.type, 'type'), data: vector.data.map((chunk, k) => watch(chunk, `chunk${k}`)) }, 'vector')
  t.is(new api.Hinge().compute(Int8Array.of(0, 1, 1, 0, 1), watched), new api.Hinge().compute(Int8Array.of(0, 1, 1, 0, 1), Float32Array.of(0.5, 0.5, 0.25, 0.75, 2)))
  const counts = {}
  for (const key of reads) counts[key] = (counts[key] ?? 0) + 1
  t.deepEqual(Object.values(counts).filter((n) => n > 1), [], JSON.stringify(counts))
  t.true(Object.keys(counts).some((k) => k.startsWith('chunk1.')))
})

eachBackend(test, 'a chunk detached by a later argument\'s getter is refused before any kernel reads it', (t, api) => {
  const detach = (buffer) => structuredClone(buffer, { transfer: [buffer] })
  const second = Float32Array.of(0.5, 1, -1)
  const yPred = new a.Vector([a.makeData({ type: new a.Float32(), data: Float32Array.of(1, 2) }), a.makeData({ type: new a.Float32(), data: second })])
  const weights = [1]
  Object.defineProperty(weights, 0, { get: () => (detach(second.buffer), 1) })
  refuses(t, api, () => new api.Hinge().compute(Int8Array.of(0, 1, 1, 0, 1), yPred, weights), 'ERR_INVALID_TYPE', 'a detached span of yPred')
  // The first span of the weights, detached by the upstream gradient's getter (read after them).
  const head = Float32Array.of(1)
  const w = new a.Vector([a.makeData({ type: new a.Float32(), data: head }), a.makeData({ type: new a.Float32(), data: Float32Array.of(0.5) })])
  const upstream = [1, 1]
  Object.defineProperty(upstream, 0, { get: () => (detach(head.buffer), 1) })
  const loss = new api.Hinge({ reduction: 'none' })
  const labels = { data: Int8Array.of(0, 1, 1, 0), shape: [2, 2] }
  refuses(t, api, () => loss.valueAndGrad(labels, { data: Float32Array.of(1, 2, 3, 4), shape: [2, 2] }, w, { upstream }), 'ERR_INVALID_TYPE', 'a detached span of the weights')
})

eachBackend(test, 'splitBatches cuts chunked vectors into views of their chunks, and workers read them back', async (t, api) => {
  const r = rng(19)
  const n = 1000
  const labels = Float32Array.from({ length: n * 2 }, () => (r.next() < 0.5 ? 1 : 0))
  const preds = Float32Array.from({ length: n * 2 }, () => Math.fround(r.next() * 2 - 1))
  const weights = Float64Array.from({ length: n }, () => r.next())
  const data = { yTrue: chunked(a.Float32, labels, [333, 500], 2), yPred: chunked(a.Float32, preds, [10, 990], 2), sampleWeight: chunked(a.Float64, weights, [400]) }
  const batches = api.splitBatches(data, 250)
  const plain = api.splitBatches({ yTrue: { data: labels, shape: [n, 2] }, yPred: { data: preds, shape: [n, 2] }, sampleWeight: weights }, 250)
  const m = new api.metrics.SquaredHinge()
  const p = new api.metrics.SquaredHinge()
  for (const [i, b] of batches.entries()) {
    m.updateState(b.yTrue, b.yPred, b.sampleWeight)
    p.updateState(plain[i].yTrue, plain[i].yPred, plain[i].sampleWeight)
  }
  t.is(m.result(), p.result())
  t.is(parseTensorLike(batches[1].yTrue, 'yTrue').data[0].buffer, data.yTrue.data[0].children[0].values.buffer)
  const parallel = new api.metrics.SquaredHinge()
  const sequential = new api.metrics.SquaredHinge()
  for (const b of plain) sequential.updateState(b.yTrue, b.yPred, b.sampleWeight)
  await api.evaluateInWorkers(parallel, batches.map((b) => ({ ...b })), { workers: 1 })
  t.is(parallel.result(), sequential.result())
})

test('the peak RSS grows by a few MiB at most on large chunked Arrow vectors', (t) => {
  for (const entry of ['index.js', 'js.js']) {
    const out = execFileSync(process.execPath, [path.join(__dirname, 'helpers', 'arrow-rss.js'), path.join(__dirname, '..', entry), '7'], { encoding: 'utf8' })
    const { value, expected, later, growth, inputBytes, chunks } = JSON.parse(out)
    t.is(chunks, 7)
    t.is(value, expected, entry)
    t.is(later, expected, `${entry} async`)
    t.true(inputBytes >= 256 * 2 ** 20)
    t.true(growth < 4 * 2 ** 20, `${entry}: peak RSS grew by ${(growth / 2 ** 20).toFixed(1)} MiB over ${(inputBytes / 2 ** 20).toFixed(0)} MiB of input in chunks`)
  }
})

test('the default entry computes large chunked inputs natively with the one array\'s bits', (t) => {
  // Above the size under which the default entry computes in TS.
  const r = rng(20)
  const many = 5000
  const labels = Int8Array.from({ length: many * 3 }, () => (r.next() < 0.5 ? 1 : 0))
  const preds = Float32Array.from({ length: many * 3 }, () => Math.fround(r.next() * 4 - 2))
  const entry = require('../index.js')
  t.is(entry.backend(), 'native')
  const loss = new entry.Hinge({ reduction: 'none' })
  const spans = loss.compute(chunked(a.Int8, labels, [1234, 2500], 3), chunked(a.Float32, preds, [17, 4999], 3))
  t.deepEqual(values(spans), values(loss.compute({ data: labels, shape: [many, 3] }, { data: preds, shape: [many, 3] })))
})
