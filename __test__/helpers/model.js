// A float64 model of the documented arithmetic that also rounds each element-wise operation to
// the compute dtype, as the backends must: a float32 `1 - t*p` overflows or loses digits
// exactly where Keras' float32 does, which the plain float64 reference cannot follow on
// extreme values. Sums stay float64 but their order is left free (see interval.js), so
// each result is an interval of values a correct backend may return.
const { ANY, NAN, point, map, map2, sum } = require('./interval')
const { rankRule, broadcast, broadcastIndex } = require('./reference')

const size = (shape) => shape.reduce((a, b) => a * b, 1)
const rounding = (dtype) => (dtype === 'float32' ? Math.fround : (x) => x)

/** NumPy's maximum(0, d): NaN stays NaN. */
const relu = (d) => (Number.isNaN(d) ? d : Math.max(0, d))

function hingeRow(t, p, binary, squared, r) {
  const terms = t.map((label, i) => {
    const y = binary ? r(r(2 * label) - 1) : label
    const term = relu(r(1 - r(y * p[i])))
    return point(squared ? r(term * term) : term)
  })
  return map(sum(terms), (s) => r(s / t.length))
}

function categoricalRow(t, p, r) {
  const pos = map(sum(t.map((label, i) => point(r(label * p[i])))), r)
  // NumPy's max: NaN anywhere wins.
  let neg = -Infinity
  for (let i = 0; i < t.length; i++) {
    const v = r(r(1 - t[i]) * p[i])
    neg = Number.isNaN(neg) || Number.isNaN(v) ? NaN : Math.max(neg, v)
  }
  return map(pos, (x) => relu(r(r(neg - x) + 1)))
}

/** Per-sample intervals: `yTrue`/`yPred` are the stored values, cast here to the dtype. */
function perSample(loss, yTrue, yPred, cols, dtype) {
  const r = rounding(dtype)
  const t = yTrue.map(r)
  const p = yPred.map(r)
  const binary = t.every((v) => v === 0 || v === 1)
  const rows = t.length / cols
  const out = []
  for (let row = 0; row < rows; row++) {
    const ts = t.slice(row * cols, (row + 1) * cols)
    const ps = p.slice(row * cols, (row + 1) * cols)
    out.push(loss === 'categorical_hinge' ? categoricalRow(ts, ps, r) : hingeRow(ts, ps, binary, loss === 'squared_hinge', r))
  }
  return out
}

function unravel(i, shape) {
  const index = new Array(shape.length)
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = i % shape[d]
    i = Math.floor(i / shape[d])
  }
  return index
}

/**
 * What a correct backend returns for one case:
 *   { error: code } | { tensor: { shape, values: Interval[] } } | { number: Interval }.
 * `c`: { loss, dtype, reduction ('none' for per-sample calls), yTrue, yPred, trueShape,
 * predShape, weight?: { data, shape } } with flat stored values.
 */
function model(c) {
  if (c.trueShape.at(-1) === 0 || c.predShape.at(-1) === 0) return { error: 'ERR_INVALID_SHAPE' }
  const [ts, ps] = rankRule(c.trueShape, c.predShape)
  if (ts.join() !== ps.join()) return { error: 'ERR_SHAPE_MISMATCH' }
  const r = rounding(c.dtype)
  const lossShape = ps.slice(0, -1)
  const losses = perSample(c.loss, c.yTrue, c.yPred, ps[ps.length - 1], c.dtype)
  let values = losses
  let shape = lossShape
  let weights
  if (c.weight !== undefined) {
    const [ls, ws] = rankRule(lossShape, c.weight.shape)
    shape = broadcast(ls, ws)
    if (shape === undefined) return { error: 'ERR_SHAPE_MISMATCH' }
    // An empty batch reads no weight.
    const n = size(shape)
    values = []
    weights = []
    for (let i = 0; i < n; i++) {
      const index = unravel(i, shape)
      const w = r(c.weight.data[broadcastIndex(ws, shape, index)])
      values.push(map(losses[broadcastIndex(ls, shape, index)], (x) => r(x * w)))
      weights.push(point(w))
    }
  }
  if (c.reduction === 'none' || c.reduction === null) return { tensor: { shape, values } }
  const total = sum(values)
  if (shape.length === 0 || c.reduction === 'sum') return { number: map(total, r) }
  if (c.reduction === 'mean_with_sample_weight' && weights !== undefined) {
    const divisor = sum(weights)
    if (divisor.lo === 0 && divisor.hi === 0) return { number: point(0) }
    // A divisor that may be 0 or change sign: any quotient is possible.
    if (divisor.nan) return { number: NAN }
    if (divisor.any || (divisor.lo <= 0 && divisor.hi >= 0)) return { number: ANY }
    return { number: map(map2(total, divisor, (s, w) => s / w), r) }
  }
  const count = size(shape)
  return { number: count === 0 ? point(0) : map(total, (s) => r(s / count)) }
}

module.exports = { model }
