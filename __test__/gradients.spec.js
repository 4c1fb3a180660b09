// valueAndGrad: the value is compute's, bit for bit; the gradient follows the package
// contract's formulas (an independent float64 reference), finite differences, and its rules.
const test = require('ava')
const { eachBackend, native } = require('./helpers/backends')
const { gradReference } = require('./helpers/grad-reference')
const { rng, randomCase } = require('./helpers/random')

const CLASSES = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge' }
const TOLERANCE = { float32: 1e-6, float64: 1e-12 }

/** Within the contract's tolerance, relative to max |g| over the tensor; NaN where the reference has NaN. */
function closeGrad(t, actual, expected, dtype, label) {
  const scale = Math.max(0, ...expected.filter(Number.isFinite).map(Math.abs))
  const bad = expected.findIndex((e, i) => {
    const a = actual[i]
    if (!Number.isFinite(e)) return !Object.is(a, e)
    return !(Math.abs(a - e) <= TOLERANCE[dtype] * scale)
  })
  t.is(bad, -1, `${label}: element ${bad}: ${actual[bad]} vs ${expected[bad]} (scale ${scale})`)
}

eachBackend(test, 'random cases: value is compute bit for bit, grad is the contract formula, for every reduction, weight and kink', (t, api) => {
  const r = rng(2611)
  let checked = 0
  for (let n = 0; checked < 400 && n < 2000; n++) {
    const c = randomCase(r)
    if (c.api !== 'class') continue
    const kink = r.pick(['full', 'half', 'zero'])
    const loss = new api[CLASSES[c.loss]]({ reduction: c.reduction, dtype: c.dtype })
    const weight = c.weight?.input
    const { value, grad } = loss.valueAndGrad(...c.inputs, weight, { kink })
    const label = `case ${n} ${c.loss} ${c.dtype} ${c.reduction} ${JSON.stringify(c.weight?.shape)} ${kink}`
    t.deepEqual(value, loss.compute(...c.inputs, weight), label)
    t.deepEqual(grad.shape, c.predShape, label)
    t.is(grad.dtype, c.dtype, label)
    t.is(grad.data.length, c.yPred.length, label)
    closeGrad(t, Array.from(grad.data), gradReference({ ...c, kink }), c.dtype, label)
    checked++
  }
  t.is(checked, 400)
})

eachBackend(test, 'finite differences agree in float64 away from the kinks', (t, api) => {
  const r = rng(77)
  for (const name of Object.keys(CLASSES)) {
    for (const reduction of ['sum', 'sum_over_batch_size', 'mean_with_sample_weight', 'none']) {
      const rows = 5
      const cols = 4
      const yTrue = Array.from({ length: rows * cols }, (_, i) => (name === 'categorical_hinge' ? Number(i % cols === i % 3) : r.pick([-1, 1])))
      const yPred = Array.from({ length: rows * cols }, () => r.next() * 3 - 1.5)
      const weights = Array.from({ length: rows }, () => r.next() * 2)
      const shape = [rows, cols]
      const loss = new api[CLASSES[name]]({ reduction, dtype: 'float64' })
      const objective = (p) => {
        const v = loss.compute({ data: yTrue, shape }, { data: p, shape }, weights)
        return typeof v === 'number' ? v : v.data.reduce((a, b) => a + b, 0)
      }
      const { grad } = loss.valueAndGrad({ data: yTrue, shape }, { data: yPred, shape }, weights)
      const h = 1e-6
      for (let i = 0; i < yPred.length; i++) {
        const up = yPred.slice()
        const down = yPred.slice()
        up[i] += h
        down[i] -= h
        const fd = (objective(up) - objective(down)) / (2 * h)
        t.true(Math.abs(fd - grad.data[i]) < 1e-6, `${name} ${reduction} element ${i}: ${fd} vs ${grad.data[i]}`)
      }
    }
  }
})

eachBackend(test, 'kinks: full, half and zero at 1 - y·p = 0, and categorical ties share the gradient', (t, api) => {
  const at = { data: [1, -1], shape: [1, 2] }
  const on = { data: [1, -1], shape: [1, 2] }
  const expected = { full: [-0.5, 0.5], half: [-0.25, 0.25], zero: [0, 0] }
  for (const kink of ['full', 'half', 'zero']) {
    // + 0 reads -0 as 0: 'zero' multiplies a signed term by 0.
    t.deepEqual(Array.from(new api.Hinge({ reduction: 'sum' }).valueAndGrad(at, on, undefined, { kink }).grad.data, (v) => v + 0), expected[kink], kink)
  }
  // Two wrong classes tie for the max; the true class's slot (0·p = 0) ties too when the others are <= 0.
  const { grad } = new api.CategoricalHinge({ reduction: 'sum' }).valueAndGrad([[0, 1, 0]], [[0.5, 0.2, 0.5]])
  t.deepEqual(Array.from(grad.data), [0.5, -1, 0.5])
  const withTrue = new api.CategoricalHinge({ reduction: 'sum' }).valueAndGrad([[0, 1, 0]], [[0, 0.5, -1]]).grad
  // The true class's slot takes its share of the max, whose gradient there is (1 - 1)/2 = 0.
  t.deepEqual(Array.from(withTrue.data, (v) => v + 0), [0.5, -1, 0])
  // Categorical's outer kink: neg - pos + 1 = 0.
  const outer = (kink) => Array.from(new api.CategoricalHinge({ reduction: 'sum' }).valueAndGrad([[1, 0]], [[1.5, 0.5]], undefined, { kink }).grad.data, (v) => v + 0)
  t.deepEqual(outer('full'), [-1, 1])
  t.deepEqual(outer('half'), [-0.5, 0.5])
  t.deepEqual(outer('zero'), [0, 0])
})

eachBackend(test, 'out receives the gradient and is returned; upstream weighs reduction none', (t, api) => {
  const yTrue = [[0, 1, 1], [1, 0, 0]]
  const yPred = [[0.3, -0.2, 1.5], [2, 0.1, -0.4]]
  const out = new Float32Array(6).fill(7)
  const loss = new api.Hinge()
  const { grad } = loss.valueAndGrad(yTrue, yPred, undefined, { out })
  t.is(grad.data, out)
  t.deepEqual(grad.shape, [2, 3])
  t.deepEqual(out, loss.valueAndGrad(yTrue, yPred).grad.data)
  const none = new api.Hinge({ reduction: 'none', dtype: 'float64' })
  const upstream = [2, -3]
  const g = none.valueAndGrad(yTrue, yPred, undefined, { upstream }).grad.data
  const ones = none.valueAndGrad(yTrue, yPred).grad.data
  t.deepEqual(Array.from(g), Array.from(ones, (v, i) => v * upstream[Math.floor(i / 3)]))
})

eachBackend(test, 'a NaN reaches the gradient where its input is NaN, and a whole categorical row', (t, api) => {
  const h = new api.Hinge({ reduction: 'sum' }).valueAndGrad([[1, -1], [1, 1]], [[NaN, 0.5], [0.5, 0.5]], [0, 1]).grad.data
  t.true(Number.isNaN(h[0]))
  t.false(Number.isNaN(h[1]))
  const c = new api.CategoricalHinge({ reduction: 'sum' }).valueAndGrad([[0, 1, 0], [1, 0, 0]], [[0.1, NaN, 0.2], [0.3, 0.1, 0.2]]).grad.data
  t.true([0, 1, 2].every((i) => Number.isNaN(c[i])))
  t.true([3, 4, 5].every((i) => !Number.isNaN(c[i])))
})

eachBackend(test, 'empty batches give an empty gradient and a zero value', (t, api) => {
  const empty = { data: new Float32Array(0), shape: [0, 3] }
  const { value, grad } = new api.SquaredHinge().valueAndGrad(empty, empty)
  t.is(value, 0)
  t.deepEqual(grad.shape, [0, 3])
  t.is(grad.data.length, 0)
})

eachBackend(test, 'refusals: kink, upstream, out', (t, api) => {
  const refuses = (fn, code, label) => t.is(t.throws(fn, { instanceOf: api.LossInputError }, label)?.code, code, label)
  const yTrue = [[1, -1]]
  const yPred = new Float32Array(2)
  refuses(() => new api.Hinge().valueAndGrad(yTrue, [[1, 2]], undefined, { kink: 'left' }), 'ERR_INVALID_OPTION', 'kink')
  refuses(() => new api.Hinge().valueAndGrad(yTrue, [[1, 2]], undefined, { upstream: [1] }), 'ERR_INVALID_OPTION', 'upstream with a reduction')
  refuses(() => new api.Hinge({ reduction: 'none' }).valueAndGrad(yTrue, [[1, 2]], undefined, { upstream: [1, 2] }), 'ERR_SHAPE_MISMATCH', 'upstream shape')
  refuses(() => new api.Hinge().valueAndGrad(yTrue, [[1, 2]], undefined, { out: new Float32Array(3) }), 'ERR_LENGTH_MISMATCH', 'out length')
  refuses(() => new api.Hinge().valueAndGrad(yTrue, [[1, 2]], undefined, { out: new Float64Array(2) }), 'ERR_INVALID_OPTION', 'out dtype')
  refuses(() => new api.Hinge().valueAndGrad(yTrue, [[1, 2]], undefined, { out: [0, 0] }), 'ERR_INVALID_OPTION', 'out type')
  refuses(() => new api.Hinge().valueAndGrad(yTrue, { data: yPred, shape: [1, 2] }, undefined, { out: yPred }), 'ERR_INVALID_OPTION', 'out = yPred')
  const shared = new Float32Array(4)
  refuses(() => new api.Hinge().valueAndGrad(yTrue, { data: shared.subarray(0, 2), shape: [1, 2] }, undefined, { out: shared.subarray(1, 3) }), 'ERR_INVALID_OPTION', 'out overlaps yPred')
})

test('native: valueAndGradAsync equals valueAndGrad bit for bit on threaded inputs', async (t) => {
  const rows = 1 << 15
  const cols = 8
  const r = rng(5)
  const yTrue = new Float32Array(rows * cols).map(() => (r.next() < 0.5 ? 0 : 1))
  const yPred = new Float32Array(rows * cols).map(() => r.next() * 4 - 2)
  const weights = new Float32Array(rows).map(() => r.next())
  const shape = [rows, cols]
  for (const L of [native.Hinge, native.SquaredHinge, native.CategoricalHinge]) {
    for (const reduction of ['sum_over_batch_size', 'mean_with_sample_weight', 'none']) {
      const loss = new L({ reduction })
      const sync = loss.valueAndGrad({ data: yTrue, shape }, { data: yPred, shape }, weights)
      const async = await loss.valueAndGradAsync({ data: yTrue, shape }, { data: yPred, shape }, weights)
      t.deepEqual(async.value, sync.value, `${L.name} ${reduction}`)
      t.deepEqual(async.grad.data, sync.grad.data, `${L.name} ${reduction}`)
    }
  }
})

/** Keras 3.6's apply_mask as the contract states it: the mask a weight, scaled by total / (valid + 1e-7) for the batch means. */
function maskAsWeight(mask, weights, rows, reduction, dtype) {
  const c = dtype === 'float32' ? Math.fround : (x) => x
  const valid = mask.reduce((a, b) => a + b, 0)
  const scaled = reduction === 'sum_over_batch_size' || reduction === 'mean'
  const scale = scaled ? c(c(rows) / c(valid + 1e-7)) : 1
  return mask.map((m, i) => c(c(weights ? weights[i] : 1) * (m * scale)))
}

eachBackend(test, 'masked gradients: the contract formula with the mask as a weight, and finite differences', (t, api) => {
  const r = rng(4242)
  for (const name of Object.keys(CLASSES)) {
    for (const reduction of ['sum_over_batch_size', 'sum', 'mean_with_sample_weight', 'none']) {
      for (const weighted of [false, true]) {
        const rows = 12
        const cols = 5
        const yTrue = Array.from({ length: rows * cols }, (_, i) => (name === 'categorical_hinge' ? Number(i % cols === (i * 7) % cols) : r.pick([-1, 1])))
        const yPred = Array.from({ length: rows * cols }, () => r.next() * 3 - 1.5)
        const mask = Array.from({ length: rows }, () => (r.next() < 0.6 ? 1 : 0))
        const weights = weighted ? Array.from({ length: rows }, () => r.next() * 2) : undefined
        const shape = [rows, cols]
        const loss = new api[CLASSES[name]]({ reduction, dtype: 'float64' })
        const label = `${name} ${reduction} weighted ${weighted}`
        const options = { mask: mask.map(Boolean) }
        const { value, grad } = loss.valueAndGrad({ data: yTrue, shape }, { data: yPred, shape }, weights, options)
        t.deepEqual(value, loss.compute({ data: yTrue, shape }, { data: yPred, shape }, weights, options), label)
        const weight = { data: maskAsWeight(mask, weights, rows, reduction, 'float64'), shape: [rows] }
        const expected = gradReference({ loss: name, dtype: 'float64', yTrue, yPred, trueShape: shape, predShape: shape, weight, reduction })
        closeGrad(t, Array.from(grad.data), expected, 'float64', label)
        const objective = (p) => {
          const v = loss.compute({ data: yTrue, shape }, { data: p, shape }, weights, options)
          return typeof v === 'number' ? v : v.data.reduce((a, b) => a + b, 0)
        }
        for (let i = 0; i < yPred.length; i += 7) {
          const up = yPred.slice()
          const down = yPred.slice()
          up[i] += 1e-6
          down[i] -= 1e-6
          const fd = (objective(up) - objective(down)) / 2e-6
          t.true(Math.abs(fd - grad.data[i]) < 1e-6, `${label} element ${i}: ${fd} vs ${grad.data[i]}`)
        }
      }
    }
  }
})

test('native: masked valueAndGradAsync equals valueAndGrad bit for bit on threaded inputs', async (t) => {
  const rows = 1 << 15
  const cols = 8
  const r = rng(6)
  const yTrue = new Float32Array(rows * cols).map(() => (r.next() < 0.5 ? 0 : 1))
  const yPred = new Float32Array(rows * cols).map(() => r.next() * 4 - 2)
  const mask = new Uint8Array(rows).map(() => (r.next() < 0.7 ? 1 : 0))
  const shape = [rows, cols]
  for (const L of [native.Hinge, native.CategoricalHinge]) {
    const loss = new L()
    const sync = loss.valueAndGrad({ data: yTrue, shape }, { data: yPred, shape }, undefined, { mask })
    const async = await loss.valueAndGradAsync({ data: yTrue, shape }, { data: yPred, shape }, undefined, { mask })
    t.deepEqual(async, sync, L.name)
  }
})
