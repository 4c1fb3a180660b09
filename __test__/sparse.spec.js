// Sparse categorical hinge: class ids instead of one-hot rows, bit for bit the one-hot
// form's values and gradients for every reduction, weight and mask; its range errors.
const test = require('ava')
const { eachBackend, native } = require('./helpers/backends')
const { rng } = require('./helpers/random')

const ID_TYPES = ['Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array', 'Float32Array', 'Float64Array', 'array']

function ids(kind, values) {
  if (kind === 'array') return values
  if (kind.startsWith('Big')) return globalThis[kind].from(values, BigInt)
  return globalThis[kind].from(values)
}

/** One seeded case: shapes, ids and their one-hot rows, predictions with specials, weights, mask. */
function drawCase(r) {
  const classes = r.int(2, 16)
  const lead = r.pick([[r.int(1, 9)], [r.int(1, 4), r.int(1, 4)], []])
  const rows = lead.reduce((a, b) => a * b, 1)
  const predShape = [...lead, classes]
  const values = Array.from({ length: rows }, () => r.int(0, classes - 1))
  const oneHot = new Float32Array(rows * classes)
  values.forEach((id, row) => (oneHot[row * classes + id] = 1))
  const special = r.next() < 0.3
  const yPred = Float32Array.from({ length: rows * classes }, () => (special && r.next() < 0.15 ? r.pick([NaN, Infinity, -Infinity]) : Math.fround(r.next() * 4 - 2)))
  const trueShape = lead.length === 0 ? r.pick([[], [1]]) : r.next() < 0.5 ? lead : [...lead, 1]
  const weight = lead.length > 0 && r.next() < 0.5 ? { data: Float32Array.from({ length: rows }, () => r.next() * 2), shape: lead } : undefined
  const mask = lead.length > 0 && r.next() < 0.3 ? { data: Uint8Array.from({ length: rows }, () => (r.next() < 0.7 ? 1 : 0)), shape: lead } : undefined
  return { classes, predShape, trueShape, values, oneHot, yPred, weight, mask }
}

eachBackend(test, 'hundreds of seeded cases equal the one-hot form bit for bit, values and gradients', (t, api) => {
  const r = rng(1207)
  for (let n = 0; n < 300; n++) {
    const c = drawCase(r)
    const idKind = r.pick(ID_TYPES)
    const reduction = r.pick(['sum_over_batch_size', 'sum', 'none', null, 'mean', 'mean_with_sample_weight'])
    const dtype = r.pick(['float32', 'float64'])
    const label = `case ${n}: ${idKind} ${JSON.stringify(c.trueShape)} vs ${JSON.stringify(c.predShape)} ${reduction} ${dtype}`
    const sparse = new api.SparseCategoricalHinge({ reduction, dtype })
    const dense = new api.CategoricalHinge({ reduction, dtype })
    const yTrue = { data: ids(idKind, c.values), shape: c.trueShape }
    const yPred = { data: c.yPred, shape: c.predShape }
    const oneHot = { data: c.oneHot, shape: c.predShape }
    const options = c.mask === undefined ? undefined : { mask: c.mask }
    t.deepEqual(sparse.compute(yTrue, yPred, c.weight, options), dense.compute(oneHot, yPred, c.weight, options), label)
    t.deepEqual(api.sparseCategoricalHinge(yTrue, yPred), api.categoricalHinge(oneHot, yPred), label)
    const a = sparse.valueAndGrad(yTrue, yPred, c.weight, options)
    const b = dense.valueAndGrad(oneHot, yPred, c.weight, options)
    t.deepEqual(a.value, b.value, label)
    t.deepEqual(a.grad, b.grad, label)
  }
})

eachBackend(test, 'ids that are not integers in [0, C) are ERR_LABEL_RANGE naming the position and the value', (t, api) => {
  const yPred = [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]]
  for (const [bad, text] of [
    [[0, 3], /index 1 is 3/],
    [[-1, 0], /index 0 is -1/],
    [[0, 1.5], /index 1 is 1.5/],
    [[NaN, 0], /index 0 is NaN/],
    [Int8Array.of(0, -2), /index 1 is -2/],
    [BigInt64Array.of(0n, 7n), /index 1 is 7/],
  ]) {
    const error = t.throws(() => api.sparseCategoricalHinge(bad, yPred), { instanceOf: api.LossInputError })
    t.is(error.code, 'ERR_LABEL_RANGE')
    t.regex(error.message, text)
  }
  const shape = t.throws(() => api.sparseCategoricalHinge([[0, 1]], yPred), { instanceOf: api.LossInputError })
  t.is(shape.code, 'ERR_SHAPE_MISMATCH')
})

eachBackend(test, 'every id type names the first bad id and its value, wherever it is', (t, api) => {
  const rows = 21
  const classes = 3
  const yPred = { data: Float32Array.from({ length: rows * classes }, (_, i) => (i % 5) - 2), shape: [rows, classes] }
  const good = Array.from({ length: rows }, (_, i) => i % classes)
  const bad = {
    Int8Array: [-1, 3, -128],
    Uint8Array: [3, 255],
    Int16Array: [-1, 3],
    Uint16Array: [3, 65535],
    Int32Array: [-1, 3, -(2 ** 31), 2 ** 31 - 1],
    Uint32Array: [3, 2 ** 32 - 1],
    Float32Array: [1.5, -1, NaN, Infinity],
    Float64Array: [2.5, -0.5, 3, NaN, -Infinity],
    BigInt64Array: [-1, 3],
    BigUint64Array: [3],
  }
  const want = api.sparseCategoricalHinge({ data: Int32Array.from(good), shape: [rows] }, yPred)
  for (const [kind, values] of Object.entries(bad)) {
    t.deepEqual(api.sparseCategoricalHinge({ data: ids(kind, good), shape: [rows] }, yPred), want, kind)
    for (const value of values) {
      for (const at of [0, 7, 8, 15, 20]) {
        const data = good.slice()
        data[at] = value
        if (at < 20) data[20] = values[0]
        const error = t.throws(() => api.sparseCategoricalHinge({ data: ids(kind, data), shape: [rows] }, yPred), { instanceOf: api.LossInputError })
        t.is(error.code, 'ERR_LABEL_RANGE')
        t.true(error.message.includes(`index ${at} is ${value}; expected an integer from 0 to 2`), `${kind} ${value} at ${at}: ${error.message}`)
      }
    }
  }
  // Half-precision ids: 1.5 and NaN in float16, 1.5 in bfloat16.
  for (const [dtype, bits, value] of [['float16', 0x3e00, 1.5], ['float16', 0x7e00, NaN], ['bfloat16', 0x3fc0, 1.5]]) {
    const one = dtype === 'float16' ? 0x3c00 : 0x3f80
    const data = Uint16Array.from(good, (id) => (id === 0 ? 0 : id === 1 ? one : one + (dtype === 'float16' ? 0x400 : 0x80)))
    t.deepEqual(api.sparseCategoricalHinge({ data, shape: [rows], dtype }, yPred), want, dtype)
    data[9] = bits
    const error = t.throws(() => api.sparseCategoricalHinge({ data, shape: [rows], dtype }, yPred), { instanceOf: api.LossInputError })
    t.true(error.message.includes(`index 9 is ${value};`), `${dtype}: ${error.message}`)
  }
})

eachBackend(test, 'the sparse metric counts as the categorical metric of the one-hot rows', (t, api) => {
  const r = rng(3)
  const sparse = new api.metrics.SparseCategoricalHinge()
  const dense = new api.metrics.CategoricalHinge()
  for (let batch = 0; batch < 5; batch++) {
    const c = drawCase(r)
    if (c.predShape.length < 2) continue
    sparse.updateState({ data: Int32Array.from(c.values), shape: c.predShape.slice(0, -1) }, { data: c.yPred, shape: c.predShape }, c.weight)
    dense.updateState({ data: c.oneHot, shape: c.predShape }, { data: c.yPred, shape: c.predShape }, c.weight)
  }
  t.deepEqual(sparse.state(), dense.state())
  t.is(api.get('SparseCategoricalHinge').name, 'sparse_categorical_hinge')
  t.deepEqual(api.serialize(api.sparseCategoricalHinge), { class_name: 'function', config: { name: 'sparse_categorical_hinge' } })
})

test('native: large threaded inputs, sync and async, equal the one-hot form', async (t) => {
  const rows = 1 << 16
  const classes = 10
  const r = rng(8)
  const values = Int32Array.from({ length: rows }, () => r.int(0, classes - 1))
  const oneHot = new Uint8Array(rows * classes)
  values.forEach((id, row) => (oneHot[row * classes + id] = 1))
  const yPred = { data: Float32Array.from({ length: rows * classes }, () => r.next() * 4 - 2), shape: [rows, classes] }
  for (const reduction of ['sum_over_batch_size', 'none']) {
    const sparse = new native.SparseCategoricalHinge({ reduction })
    const expected = new native.CategoricalHinge({ reduction }).compute({ data: oneHot, shape: [rows, classes] }, yPred)
    t.deepEqual(sparse.compute(values, yPred), expected)
    t.deepEqual(await sparse.computeAsync(values, yPred), expected)
  }
})

eachBackend(test, 'a bad id is refused alike sync, async, by the metric and in workers; a caller\'s out stays as it was', async (t, api) => {
  const rows = 1 << 15
  const classes = 8
  const yPred = { data: Float32Array.from({ length: rows * classes }, (_, i) => (i % 7) - 3), shape: [rows, classes] }
  for (const at of [0, 5000, rows - 1]) {
    const values = Int32Array.from({ length: rows }, (_, i) => i % classes)
    values[at] = at === 0 ? -1 : classes
    const text = `yTrue: the class id at index ${at} is ${values[at]}; expected an integer from 0 to ${classes - 1}`
    const yTrue = { data: values, shape: [rows] }
    const loss = new api.SparseCategoricalHinge()
    const refused = (error) => {
      t.true(error instanceof api.LossInputError)
      t.is(error.code, 'ERR_LABEL_RANGE')
      t.is(error.message, text)
    }
    refused(t.throws(() => loss.compute(yTrue, yPred)))
    refused(t.throws(() => api.sparseCategoricalHinge(yTrue, yPred)))
    refused(await t.throwsAsync(loss.computeAsync(yTrue, yPred)))
    refused(await t.throwsAsync(loss.computeAsync(yTrue, yPred, undefined, { signal: new AbortController().signal })))
    refused(t.throws(() => loss.valueAndGrad(yTrue, yPred)))
    const out = new Float32Array(rows * classes).fill(7)
    refused(t.throws(() => loss.valueAndGrad(yTrue, yPred, undefined, { out })))
    refused(await t.throwsAsync(loss.valueAndGradAsync(yTrue, yPred, undefined, { out })))
    t.true(out.every((x) => x === 7), 'out unchanged')
    const metric = new api.metrics.SparseCategoricalHinge()
    refused(t.throws(() => metric.updateState(yTrue, yPred)))
    refused(await t.throwsAsync(metric.updateStateAsync(yTrue, yPred)))
    t.deepEqual(metric.state(), { total: 0, count: 0 })
    // Workers take the buffers they are given: copies.
    const batch = { yTrue: { data: values.slice(), shape: [rows] }, yPred: { data: yPred.data.slice(), shape: yPred.shape } }
    if (at === 5000) refused(await t.throwsAsync(api.evaluateInWorkers(metric, [batch], { workers: 1 })))
  }
})
