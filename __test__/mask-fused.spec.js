// The mask is fused into the pass as a second per-row factor. Keras' apply_mask defines it
// as a weight: the mask scaled by total / (valid + ε) for the batch means, multiplied into
// the sample weights after the rank rule between the two. Written out here independently
// of the package, that weight must give the very bits the mask gives, for every reduction,
// both dtypes, both backends, values and gradients, sync and async.
const test = require('ava')
const { eachBackend } = require('./helpers/backends')
const { rng } = require('./helpers/random')

const EPSILON = 1e-7
const size = (shape) => shape.reduce((a, b) => a * b, 1)
const REDUCTIONS = ['sum_over_batch_size', 'sum', 'none', 'mean', 'mean_with_sample_weight']
const CLASSES = ['Hinge', 'SquaredHinge', 'CategoricalHinge']

/** Keras' squeeze_or_expand_to_same_rank (expand_rank_1). */
function rankRule(a, b) {
  if (a.length === b.length + 1 && a[a.length - 1] === 1) return b.length === 1 ? [a, [...b, 1]] : [a.slice(0, -1), b]
  if (b.length === a.length + 1 && b[b.length - 1] === 1) return a.length === 1 ? [[...a, 1], b] : [a, b.slice(0, -1)]
  return [a, b]
}

/** NumPy's a * b with its broadcast shape, element by element through `op`. */
function broadcast(a, as, b, bs, op) {
  const rank = Math.max(as.length, bs.length)
  const pad = (s) => [...Array(rank - s.length).fill(1), ...s]
  const [pa, pb] = [pad(as), pad(bs)]
  const shape = pa.map((d, i) => (d === 1 ? pb[i] : d))
  const strides = (s) => s.map((d, i) => (d === 1 ? 0 : size(s.slice(i + 1))))
  const [sa, sb] = [strides(pa), strides(pb)]
  const out = new Float64Array(size(shape))
  for (let i = 0; i < out.length; i++) {
    let [ia, ib, rest] = [0, 0, i]
    for (let k = rank - 1; k >= 0; k--) {
      const x = rest % shape[k]
      rest = Math.floor(rest / shape[k])
      ia += x * sa[k]
      ib += x * sb[k]
    }
    out[i] = op(a[ia], b[ib])
  }
  return { data: out, shape }
}

/** apply_mask's weight, in the dtype. */
function maskWeight(mask, weights, reduction, dtype) {
  const round = dtype === 'float32' ? Math.fround : (x) => x
  const n = mask.data.length
  const valid = mask.data.reduce((a, b) => a + b, 0)
  const scaled = reduction === 'sum_over_batch_size' || reduction === 'mean'
  const scale = scaled ? round(round(n) / round(valid + EPSILON)) : 1
  const Out = dtype === 'float32' ? Float32Array : Float64Array
  if (weights === undefined) return { data: Out.from(mask.data, (m) => m * scale), shape: mask.shape }
  const [ms, ws] = rankRule(mask.shape, weights.shape)
  const w = broadcast(mask.data, ms, weights.data, ws, (m, x) => round(round(x) * (m * scale)))
  return { data: Out.from(w.data), shape: w.shape }
}

/** Shapes a mask (or weights) of per-sample losses `loss` may take. */
function variants(r, loss) {
  const [b, s] = loss
  const all = loss.length === 1 ? [[b], [b, 1], [1], []] : [[b, s], [b, 1], [1, s], [b, s, 1], [s], []]
  return r.pick(all)
}

function randomCase(r, seed) {
  const dtype = r.pick(['float32', 'float64'])
  const Floats = dtype === 'float32' ? Float32Array : Float64Array
  const loss = r.next() < 0.5 ? [r.int(1, 9)] : [r.int(1, 5), r.int(1, 5)]
  const cols = r.int(1, 5)
  const pred = [...loss, cols]
  const n = size(pred)
  const yTrue = Floats.from({ length: n }, () => r.pick([-1, 1, 0, 1, 0.5]))
  const yPred = Floats.from({ length: n }, () => {
    const u = r.next()
    return u < 0.02 ? r.pick([Infinity, -Infinity, NaN]) : (r.next() - 0.5) * 6
  })
  let maskShape = variants(r, loss)
  if (maskShape.length === 0) maskShape = [...loss]
  const mask = { data: Uint8Array.from({ length: size(maskShape) }, () => (r.next() < 0.2 ? 0 : 1)), shape: maskShape }
  if (seed % 7 === 0) mask.data.fill(0)
  const weighted = r.next() < 0.6
  const wShape = variants(r, loss)
  const weights = weighted
    ? { data: Floats.from({ length: size(wShape) }, () => (r.next() < 0.03 ? r.pick([Infinity, NaN]) : r.next() * 3)), shape: wShape }
    : undefined
  return { dtype, yTrue: { data: yTrue, shape: pred }, yPred: { data: yPred, shape: pred }, mask, weights }
}

/** The combined weight may not broadcast at all, or not onto the losses: both forms then refuse alike. */
function outcome(fn) {
  try {
    return { value: fn() }
  } catch (error) {
    return { code: error.code }
  }
}

function same(t, a, b, label) {
  if (a.code !== undefined || b.code !== undefined) return t.is(a.code, b.code, label)
  const flat = (v) => (typeof v === 'number' ? [v] : Array.from(v.data))
  const [x, y] = [flat(a.value), flat(b.value)]
  t.true(x.length === y.length && x.every((v, i) => Object.is(v, y[i])), `${label}: ${x} vs ${y}`)
}

eachBackend(test, 'a mask gives the bits of apply_mask weights: values, gradients, async (400 seeded cases)', async (t, api) => {
  let compared = 0
  for (let seed = 0; seed < 400; seed++) {
    const r = rng(seed + 9001)
    const c = randomCase(r, seed)
    const reduction = r.pick(REDUCTIONS)
    const loss = new api[r.pick(CLASSES)]({ reduction, dtype: c.dtype })
    const weight = outcome(() => maskWeight(c.mask, c.weights, reduction, c.dtype)).value
    const masked = outcome(() => loss.compute(c.yTrue, c.yPred, c.weights, { mask: c.mask }))
    if (weight === undefined) {
      t.is(masked.code, 'ERR_SHAPE_MISMATCH', `seed ${seed}`)
      continue
    }
    same(t, masked, outcome(() => loss.compute(c.yTrue, c.yPred, weight)), `seed ${seed} compute`)
    if (masked.code !== undefined) continue
    compared++
    same(t, { value: await loss.computeAsync(c.yTrue, c.yPred, c.weights, { mask: c.mask }) }, masked, `seed ${seed} async`)
    const g = loss.valueAndGrad(c.yTrue, c.yPred, c.weights, { mask: c.mask })
    const e = loss.valueAndGrad(c.yTrue, c.yPred, weight)
    same(t, { value: g.value }, { value: e.value }, `seed ${seed} valueAndGrad value`)
    same(t, { value: g.grad }, { value: e.grad }, `seed ${seed} gradient`)
  }
  t.true(compared > 250, `${compared} cases compared`)
})

eachBackend(test, 'a mask leaves its buffer, the weights and the inputs unchanged', (t, api) => {
  const r = rng(77)
  const c = randomCase(r, 1)
  const copies = [c.yTrue.data, c.yPred.data, c.mask.data, c.weights?.data].filter(Boolean).map((a) => a.slice())
  new api.Hinge({ dtype: c.dtype }).valueAndGrad(c.yTrue, c.yPred, c.weights, { mask: c.mask })
  ;[c.yTrue.data, c.yPred.data, c.mask.data, c.weights?.data].filter(Boolean).forEach((a, i) => t.deepEqual(a, copies[i]))
})

test('a large masked batch on the native threads equals the weighted form, sync and async', async (t) => {
  const api = require('..')
  const rows = 1 << 18
  const cols = 8
  const r = rng(5)
  const yTrue = Float32Array.from({ length: rows * cols }, () => r.pick([-1, 1]))
  const yPred = Float32Array.from({ length: rows * cols }, () => r.next() * 2 - 1)
  const mask = Uint8Array.from({ length: rows }, () => (r.next() < 0.875 ? 1 : 0))
  const w = Float32Array.from({ length: rows }, () => r.next())
  const loss = new api.Hinge()
  const args = [{ data: yTrue, shape: [rows, cols] }, { data: yPred, shape: [rows, cols] }]
  const weight = maskWeight({ data: mask, shape: [rows] }, { data: w, shape: [rows] }, 'sum_over_batch_size', 'float32')
  const expected = loss.compute(...args, weight)
  t.is(loss.compute(...args, { data: w, shape: [rows] }, { mask: { data: mask, shape: [rows] } }), expected)
  t.is(await loss.computeAsync(...args, { data: w, shape: [rows] }, { mask: { data: mask, shape: [rows] } }), expected)
})

test('byte masks are checked and counted at every offset and length: the first entry other than 0 or 1 is named', (t) => {
  const api = require('..')
  const loss = new api.Hinge()
  const r = rng(31)
  for (let offset = 0; offset < 4; offset++) {
    for (let n = 1; n < 14; n++) {
      const yTrue = { data: Float32Array.from({ length: n }, () => r.pick([-1, 1])), shape: [n, 1] }
      const yPred = { data: Float32Array.from({ length: n }, () => r.next() - 0.5), shape: [n, 1] }
      const bytes = new Uint8Array(new ArrayBuffer(n + offset + 4), offset, n)
      bytes.forEach((_, i) => (bytes[i] = r.next() < 0.5 ? 1 : 0))
      const floats = Float32Array.from(bytes)
      t.is(loss.compute(yTrue, yPred, undefined, { mask: bytes }), loss.compute(yTrue, yPred, undefined, { mask: floats }), `offset ${offset}, ${n}`)
      for (let bad = 0; bad < n; bad++) {
        const copy = bytes.slice()
        const marked = new Uint8Array(new ArrayBuffer(n + offset + 4), offset, n)
        marked.set(copy)
        marked[bad] = r.pick([2, 3, 128, 255])
        if (bad + 1 < n && r.next() < 0.5) marked[n - 1] = 7
        const error = t.throws(() => loss.compute(yTrue, yPred, undefined, { mask: marked }))
        t.is(error.code, 'ERR_INVALID_MASK')
        t.true(error.message.endsWith(`received ${marked[bad]} at index ${bad}`), error.message)
      }
    }
  }
})
