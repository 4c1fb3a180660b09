// One test for each rule of the package contract, on both backends.
const test = require('ava')
const { eachBackend } = require('./helpers/backends')
const { assertClose } = require('./helpers/close')

const f32 = Math.fround

eachBackend(test, 'rank rule: labels [n] against predictions [n, 1] and the reverse', (t, api) => {
  const flat = [1, -1, 1]
  const column = [[1], [-1], [1]]
  const pred = [[0.5], [0.25], [-2]]
  const expected = [0.5, 1.25, 3]
  for (const [yt, yp] of [[flat, pred], [column, flat.map((v) => v / 2)]]) {
    const out = new api.Hinge({ reduction: 'none' }).compute(yt, yp)
    t.deepEqual(out.shape, [3])
    t.is(out.data.length, 3)
  }
  assertClose(t, new api.Hinge({ reduction: 'none' }).compute(flat, pred).data, expected)
  assertClose(t, api.hinge(flat, pred).data, expected)
})

eachBackend(test, 'rank rule: a trailing axis of 1 is squeezed on the longer side', (t, api) => {
  const yt = [[[1], [-1]], [[-1], [1]]] // [2, 2, 1]
  const yp = [[0.5, 0.5], [2, -1]] // [2, 2]
  const out = api.hinge(yt, yp)
  t.deepEqual(out.shape, [2])
  assertClose(t, out.data, [(0.5 + 1.5) / 2, (3 + 2) / 2])
  const reversed = api.hinge([[1, -1], [-1, 1]], [[[0.5], [0.5]], [[2], [-1]]])
  assertClose(t, reversed.data, out.data)
})

eachBackend(test, 'rank rule: shapes that still differ are refused', (t, api) => {
  for (const [yt, yp] of [
    [{ data: new Float32Array(6), shape: [2, 3] }, { data: new Float32Array(6), shape: [3, 2] }],
    [[1, 0], [[1, 2], [3, 4]]],
    [[[1, 0]], [[[1, 0]]]],
  ]) {
    const e = t.throws(() => api.hinge(yt, yp), { instanceOf: api.LossInputError })
    t.is(e.code, 'ERR_SHAPE_MISMATCH')
    t.regex(e.message, /yTrue and yPred/)
  }
})

eachBackend(test, 'rank-1 inputs give one value; a weight [n] gives n weighted copies', (t, api) => {
  const yt = [1, -1, 1, 1]
  const yp = [0.5, 0.5, 0.5, 3]
  const one = (0.5 + 1.5 + 0.5 + 0) / 4
  const perSample = api.hinge(yt, yp)
  t.deepEqual(perSample.shape, [])
  assertClose(t, perSample.data, [one])
  for (const reduction of ['sum', 'sum_over_batch_size', 'mean', 'mean_with_sample_weight']) {
    t.is(new api.Hinge({ reduction }).compute(yt, yp), f32(one), reduction)
    t.is(new api.Hinge({ reduction }).compute(yt, yp, 2), f32(2 * one), `${reduction}, scalar weight`)
  }
  const copies = new api.Hinge({ reduction: 'none' }).compute(yt, yp, [1, 2, 3])
  t.deepEqual(copies.shape, [3])
  assertClose(t, copies.data, [one, 2 * one, 3 * one])
  assertClose(t, new api.Hinge({ reduction: 'sum' }).compute(yt, yp, [1, 2, 3]), 6 * one)
  assertClose(t, new api.Hinge().compute(yt, yp, [1, 2, 3]), 2 * one)
  assertClose(t, new api.Hinge({ reduction: 'mean_with_sample_weight' }).compute(yt, yp, [1, 2, 3]), one)
})

eachBackend(test, 'sample weights broadcast as NumPy does, after the rank rule', (t, api) => {
  const yt = [[1, -1], [-1, 1], [1, 1]]
  const yp = [[0.5, 0.5], [0.5, 0.5], [0.25, 0]]
  const losses = [1, 1, (0.75 + 1) / 2]
  const none = new api.Hinge({ reduction: 'none' })
  // [batch] weights the per-sample losses directly.
  assertClose(t, none.compute(yt, yp, [1, 2, 3]).data, [1, 2, 3 * losses[2]])
  // [batch, 1] expands the losses to [batch, 1], as Keras' rank rule does.
  const column = none.compute(yt, yp, [[1], [2], [3]])
  t.deepEqual(column.shape, [3, 1])
  assertClose(t, column.data, [1, 2, 3 * losses[2]])
  // A typed-array weight, read in place.
  assertClose(t, none.compute(yt, yp, new Uint8Array([0, 1, 2])).data, [0, 1, 2 * losses[2]])
  // Rank-3 inputs: losses [2, 2] take [2, 1], [1, 2] and [2, 2] weights.
  const yt3 = [[[1, -1], [1, 1]], [[-1, -1], [1, -1]]]
  const yp3 = [[[0, 0], [0.5, 0.5]], [[1, 1], [0, 0]]]
  const l3 = [1, 0.5, 2, 1]
  assertClose(t, none.compute(yt3, yp3, [[2], [3]]).data, [2, 1, 6, 3])
  assertClose(t, none.compute(yt3, yp3, [[2, 3]]).data, [2, 1.5, 4, 3])
  assertClose(t, none.compute(yt3, yp3, [[1, 2], [3, 4]]).data, l3.map((v, i) => v * (i + 1)))
  // Weights that grow the losses: [2] losses against [3, 2] weights.
  const grown = none.compute([[1, -1], [-1, 1]], [[0.5, 0.5], [0.5, 0.5]], [[1, 2], [3, 4], [5, 6]])
  t.deepEqual(grown.shape, [3, 2])
  assertClose(t, grown.data, [1, 2, 3, 4, 5, 6])
})

eachBackend(test, 'weights that do not broadcast are refused', (t, api) => {
  const e = t.throws(() => new api.Hinge().compute([[1, 0], [0, 1]], [[1, 2], [3, 4]], [1, 2, 3]), {
    instanceOf: api.LossInputError,
  })
  t.is(e.code, 'ERR_SHAPE_MISMATCH')
  t.regex(e.message, /sampleWeight/)
})

eachBackend(test, 'each reduction', (t, api) => {
  const yt = [[1, -1], [-1, 1]]
  const yp = [[0.5, 0.5], [-2, 3]] // losses 1, 0
  const w = [1, 3]
  const compute = (reduction, weights) => new api.Hinge({ reduction }).compute(yt, yp, weights)
  t.is(compute('sum'), 1)
  t.is(compute('sum_over_batch_size'), 0.5)
  t.is(compute('mean'), 0.5)
  t.is(compute('mean_with_sample_weight'), 0.5)
  t.is(compute('sum', w), 1)
  t.is(compute('sum_over_batch_size', w), 0.5)
  t.is(compute('mean', w), 0.5)
  t.is(compute('mean_with_sample_weight', w), 0.25)
  t.is(compute('mean_with_sample_weight', [0, 0]), 0, 'a zero weight sum divides to 0')
  for (const reduction of ['none', null]) {
    const out = compute(reduction, w)
    t.deepEqual(out.shape, [2])
    t.deepEqual(Array.from(out.data), [1, 0])
  }
  t.is(new api.Hinge({ reduction: undefined }).reduction, 'sum_over_batch_size')
})

eachBackend(test, 'an empty batch reduces to 0 and gives empty per-sample losses', (t, api) => {
  for (const shape of [[0, 3], [2, 0, 3], [0, 1, 3]]) {
    const empty = { data: new Float32Array(0), shape }
    for (const [fn, Loss] of [[api.hinge, api.Hinge], [api.squaredHinge, api.SquaredHinge], [api.categoricalHinge, api.CategoricalHinge]]) {
      t.deepEqual(fn(empty, empty).shape, shape.slice(0, -1))
      for (const reduction of ['sum', 'sum_over_batch_size', 'mean', 'mean_with_sample_weight']) {
        t.is(new Loss({ reduction }).compute(empty, empty), 0)
        t.is(new Loss({ reduction }).compute(empty, empty, 2), 0)
      }
      const none = new Loss({ reduction: 'none' }).compute(empty, empty)
      t.deepEqual(none.shape, shape.slice(0, -1))
      t.is(none.data.length, 0)
    }
  }
})

eachBackend(test, 'NaN and ±Infinity propagate as in NumPy', (t, api) => {
  const yt = [[1, -1], [1, 1], [-1, 1], [1, -1]]
  const yp = [[NaN, 0], [Infinity, 0.5], [Infinity, 0], [-Infinity, 0]]
  const out = api.hinge(yt, yp).data
  t.true(Number.isNaN(out[0]))
  t.is(out[1], 0.25) // 1 - Inf → -Inf → max 0
  t.is(out[2], Infinity)
  t.is(out[3], Infinity)
  t.true(Number.isNaN(new api.Hinge().compute(yt, yp)))
  t.true(Number.isNaN(api.squaredHinge([[1, 1]], [[0, NaN]]).data[0]))
  // A NaN label makes the labels non-binary and its sample NaN.
  t.true(Number.isNaN(api.hinge([[NaN, 1]], [[0, 0]]).data[0]))
  // Categorical: NaN anywhere wins the max; 0 · Inf is NaN in pos.
  // With one-hot labels an infinity always meets a 0 factor, in pos or in neg.
  const cat = api.categoricalHinge([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]], [[NaN, 0, 0], [0, Infinity, 0], [0, 0, Infinity], [0, -Infinity, 0]]).data
  t.true(cat.every(Number.isNaN))
  t.is(api.categoricalHinge([[0.5, 0]], [[-Infinity, 0]]).data[0], Infinity)
})

eachBackend(test, 'the {0,1} label check is global, not per sample', (t, api) => {
  const yp = [[0.5, 0.5], [0.5, 0.5]]
  // All labels in {0,1}: converted to {-1,1}.
  assertClose(t, api.hinge([[0, 1], [1, 1]], yp).data, [1, 0.5])
  // One -1 anywhere: nothing is converted, a 0 label then gives a term of 1.
  assertClose(t, api.hinge([[0, 1], [1, -1]], yp).data, [0.75, 1])
  assertClose(t, api.hinge([[0, 1], [1, 0.5]], yp).data, [0.75, 0.625])
  // The same holds for squared hinge, and is decided on labels cast to the dtype.
  assertClose(t, api.squaredHinge([[0, 1], [1, -1]], yp).data, [(1 + 0.25) / 2, (0.25 + 2.25) / 2])
  assertClose(t, api.hinge({ data: [0, 1 + 1e-9], shape: [1, 2] }, [[0.5, 0.5]]).data, [1])
  assertClose(t, api.hinge({ data: new Float64Array([0, 1 + 1e-9]), shape: [1, 2] }, { data: new Float64Array([0.5, 0.5]), shape: [1, 2] }).data, [(1 + 0.5 * (1 - (1 + 1e-9) * 0.5) * 2) / 2], 1e-12)
  // Categorical hinge never converts.
  assertClose(t, api.categoricalHinge([[0, 1]], [[0.25, 0.5]]).data, [0.75])
})

eachBackend(test, 'integer typed-array labels read like their float values', (t, api) => {
  const yp = new Float32Array([0.5, -0.5, 0.25, 2, -1, 0.75])
  const shape = [3, 2]
  const labels = [1, 0, 0, 1, 1, 1]
  const expected = api.hinge({ data: new Float32Array(labels), shape }, { data: yp, shape })
  for (const Kind of [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float64Array]) {
    const got = api.hinge({ data: new Kind(labels), shape }, { data: yp, shape })
    t.deepEqual(Array.from(got.data), Array.from(expected.data), Kind.name)
  }
  const signed = api.hinge({ data: new Int8Array([1, -1, -1, 1, 1, 1]), shape }, { data: yp, shape })
  t.deepEqual(Array.from(signed.data), Array.from(expected.data))
})

eachBackend(test, 'dtype: functions follow yPred, classes their dtype', (t, api) => {
  const yt = [[1, -1]]
  t.is(api.hinge(yt, [[0.1, 0.2]]).dtype, 'float32')
  t.true(api.hinge(yt, [[0.1, 0.2]]).data instanceof Float32Array)
  t.is(api.hinge([1, -1], new Float64Array([0.1, 0.2])).dtype, 'float64')
  t.is(api.hinge(new Float64Array([1, -1]), new Float32Array([0.1, 0.2])).dtype, 'float32')
  const f64 = api.hinge(yt, { data: new Float64Array([0.1, 0.2]), shape: [1, 2] })
  t.true(f64.data instanceof Float64Array)
  assertClose(t, f64.data, [(0.9 + 1.2) / 2], 1e-15)
  // Classes cast both inputs to their dtype.
  const loss32 = new api.Hinge().compute([1, -1], new Float64Array([0.1, 0.2]))
  t.is(Math.fround(loss32), loss32)
  assertClose(t, new api.Hinge({ dtype: 'float64' }).compute(yt, [[0.1, 0.2]]), (0.9 + 1.2) / 2, 1e-15)
  t.true(new api.Hinge({ dtype: 'float64', reduction: 'none' }).compute(yt, [[0.1, 0.2]]).data instanceof Float64Array)
  t.true(new api.Hinge({ dtype: 'float64' }).call([1, -1], new Float32Array([0.1, 0.2])).data instanceof Float64Array)
  // A float32 square overflows to Infinity, as in Keras; in float64 it does not.
  t.is(api.squaredHinge([[-1]], [[3e38]]).data[0], Infinity)
  t.is(api.squaredHinge([[-1]], new Float64Array([3e38])).data[0], (1 + 3e38) ** 2)
  // Sums accumulate in float64: no float32 overflow of the total.
  const big = new api.Hinge({ reduction: 'sum_over_batch_size' }).compute([[-1], [-1]], [[3e38], [3e38]])
  t.is(big, f32(1 + 3e38))
})

eachBackend(test, 'call gives per-sample losses without weights or reduction', (t, api) => {
  const loss = new api.SquaredHinge({ reduction: 'sum' })
  const out = loss.call([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
  t.deepEqual(out.shape, [2])
  assertClose(t, out.data, [1.46, 2.26])
})

eachBackend(test, 'config round trip, serialize and deserialize', (t, api) => {
  for (const Loss of [api.Hinge, api.SquaredHinge, api.CategoricalHinge]) {
    const loss = new Loss({ reduction: 'sum', name: 'mine', dtype: 'float64' })
    const config = loss.getConfig()
    t.deepEqual(config, { name: 'mine', reduction: 'sum', dtype: 'float64' })
    const again = Loss.fromConfig(config)
    t.true(again instanceof Loss)
    t.deepEqual(again.getConfig(), config)
    const serialized = api.serialize(loss)
    t.is(serialized.class_name, Loss.name)
    const back = api.deserialize(JSON.parse(JSON.stringify(serialized)))
    t.true(back instanceof Loss)
    t.deepEqual(back.getConfig(), config)
  }
  t.deepEqual(new api.Hinge().getConfig(), { name: 'hinge', reduction: 'sum_over_batch_size', dtype: 'float32' })
  t.is(new api.SquaredHinge().name, 'squared_hinge')
  t.is(new api.CategoricalHinge().name, 'categorical_hinge')
  t.is(new api.Hinge({ reduction: null }).getConfig().reduction, null)
  t.deepEqual(api.serialize(api.squaredHinge), { class_name: 'function', config: { name: 'squared_hinge' } })
  t.is(api.deserialize(api.serialize(api.squaredHinge)), api.squaredHinge)
  t.is(api.deserialize({ class_name: 'function', config: 'hinge' }), api.hinge)
  t.is(api.deserialize({ class_name: 'Hinge' }).reduction, 'sum_over_batch_size')
})

eachBackend(test, 'get as Keras', (t, api) => {
  t.is(api.get('hinge'), api.hinge)
  t.is(api.get('squared_hinge'), api.squaredHinge)
  t.is(api.get('categorical_hinge'), api.categoricalHinge)
  t.true(api.get('Hinge') instanceof api.Hinge)
  t.true(api.get('SquaredHinge') instanceof api.SquaredHinge)
  t.true(api.get('CategoricalHinge') instanceof api.CategoricalHinge)
  const configured = api.get({ class_name: 'Hinge', config: { reduction: 'sum' } })
  t.is(configured.reduction, 'sum')
  const instance = new api.CategoricalHinge()
  t.is(api.get(instance), instance)
  t.is(api.get(api.hinge), api.hinge)
  for (const bad of ['mse', 'toString', 'constructor', 42, null, {}, { class_name: 'Nope' }]) {
    const e = t.throws(() => api.get(bad), { instanceOf: api.LossInputError })
    t.is(e.code, 'ERR_UNKNOWN_LOSS')
  }
})

eachBackend(test, 'tensor() keeps float arrays and converts the rest', (t, api) => {
  const f = new Float32Array([1, 2, 3, 4])
  const a = api.tensor(f, [2, 2])
  t.is(a.data, f)
  t.deepEqual(a.shape, [2, 2])
  t.is(a.dtype, 'float32')
  t.is(api.tensor(new Float64Array(2)).dtype, 'float64')
  const converted = api.tensor([1, 2, 3])
  t.true(converted.data instanceof Float32Array)
  t.deepEqual(converted.shape, [3])
  t.true(api.tensor(new Int8Array([1, -1])).data instanceof Float32Array)
  // A Tensor is a TensorLike.
  assertClose(t, api.hinge(api.tensor([1, -1], [1, 2]), api.tensor([0.5, 0.5], [1, 2])).data, [1])
  t.is(t.throws(() => api.tensor([1, 2, 3], [2, 2])).code, 'ERR_LENGTH_MISMATCH')
})

eachBackend(test, 'inputs are never changed', (t, api) => {
  const yt = new Float32Array([0, 1, 1, 0, 1, -1])
  const yp = new Float32Array([0.5, NaN, 2, -3, 0.25, 1])
  const w = new Float64Array([2, 3])
  const copies = [yt.slice(), yp.slice(), w.slice()]
  const shape = [2, 3]
  for (const Loss of [api.Hinge, api.SquaredHinge, api.CategoricalHinge]) {
    for (const reduction of ['sum', 'none']) new Loss({ reduction }).compute({ data: yt, shape }, { data: yp, shape }, w)
  }
  t.deepEqual([yt, yp, w], copies)
})

eachBackend(test, 'long rows and converted element types give the same values', (t, api) => {
  const rows = 3
  const cols = 10_000
  const labels = Array.from({ length: rows * cols }, (_, i) => ((i * 7919) % 3 === 0 ? 1 : 0))
  const preds = Float32Array.from({ length: rows * cols }, (_, i) => ((i * 104729) % 1000) / 250 - 2)
  const shape = [rows, cols]
  for (const [fn, Loss] of [[api.hinge, api.Hinge], [api.squaredHinge, api.SquaredHinge], [api.categoricalHinge, api.CategoricalHinge]]) {
    const expected = fn({ data: new Float32Array(labels), shape }, { data: preds, shape })
    for (const Kind of [Int8Array, Uint16Array, Float64Array]) {
      const got = fn({ data: new Kind(labels), shape }, { data: preds, shape })
      t.deepEqual(Array.from(got.data), Array.from(expected.data), `${fn.name} ${Kind.name}`)
    }
    const f64 = new Loss({ dtype: 'float64', reduction: 'none' })
    const ref = f64.compute({ data: new Float64Array(labels), shape }, { data: Float64Array.from(preds), shape })
    t.deepEqual(Array.from(f64.compute({ data: new Int8Array(labels), shape }, { data: preds, shape }).data), Array.from(ref.data))
  }
})
