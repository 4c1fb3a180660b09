// A float64 reference written straight from Keras' formulas, sharing no code with the package.
// Inputs are cast to the compute dtype first (as Keras casts); everything after is float64.

const cast = (dtype) => (dtype === 'float32' ? Math.fround : (x) => x)
const size = (shape) => shape.reduce((a, b) => a * b, 1)

function rankRule(a, b) {
  if (a.length === b.length + 1 && a[a.length - 1] === 1) return b.length === 1 ? [a, [...b, 1]] : [a.slice(0, -1), b]
  if (b.length === a.length + 1 && b[b.length - 1] === 1) return a.length === 1 ? [[...a, 1], b] : [a, b.slice(0, -1)]
  return [a, b]
}

function perSample(loss, yTrue, yPred, cols, dtype) {
  const c = cast(dtype)
  const t = Array.from(yTrue, c)
  const p = Array.from(yPred, c)
  const rows = cols === 0 ? 0 : t.length / cols
  const binary = t.every((v) => v === 0 || v === 1)
  const out = []
  for (let r = 0; r < rows; r++) {
    const ts = t.slice(r * cols, (r + 1) * cols)
    const ps = p.slice(r * cols, (r + 1) * cols)
    if (loss === 'categorical_hinge') {
      const pos = ts.reduce((s, v, i) => s + v * ps[i], 0)
      const neg = Math.max(...ts.map((v, i) => (1 - v) * ps[i]))
      out.push(Math.max(neg - pos + 1, 0))
    } else {
      const labels = binary ? ts.map((v) => 2 * v - 1) : ts
      const terms = labels.map((v, i) => Math.max(1 - v * ps[i], 0))
      const squared = loss === 'squared_hinge' ? terms.map((h) => h * h) : terms
      out.push(squared.reduce((s, v) => s + v, 0) / cols)
    }
  }
  return out
}

/** Index of a multi-index of `shape`'s broadcast target in a row-major tensor of `shape`. */
function broadcastIndex(shape, target, index) {
  let flat = 0
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]
    flat = flat * d + (d === 1 ? 0 : index[target.length - shape.length + i])
  }
  return flat
}

function broadcast(a, b) {
  const rank = Math.max(a.length, b.length)
  const out = []
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1
    const y = b[b.length - rank + i] ?? 1
    if (x !== y && x !== 1 && y !== 1) return undefined
    out.push(x === 1 ? y : x)
  }
  return out
}

/**
 * Keras' Loss.__call__ in float64: returns { value } (a number) or { data, shape } for 'none'.
 * `yTrue`, `yPred`: flat arrays with their shapes; `weight`: undefined or { data, shape }.
 */
function reference({ loss, dtype, yTrue, yPred, trueShape, predShape, weight, reduction }) {
  const [ts, ps] = rankRule(trueShape, predShape)
  if (ts.join() !== ps.join()) throw new Error('reference: shape mismatch')
  const lossShape0 = ps.slice(0, -1)
  const values0 = perSample(loss, yTrue, yPred, ps[ps.length - 1], dtype)
  let values = values0
  let shape = lossShape0
  let weights
  if (weight !== undefined) {
    const c = cast(dtype)
    const [ls, ws] = rankRule(lossShape0, weight.shape)
    shape = broadcast(ls, ws)
    const n = size(shape)
    values = []
    weights = []
    const index = new Array(shape.length).fill(0)
    for (let i = 0; i < n; i++) {
      let rest = i
      for (let d = shape.length - 1; d >= 0; d--) {
        index[d] = rest % shape[d]
        rest = Math.floor(rest / shape[d])
      }
      const w = c(weight.data[broadcastIndex(ws, shape, index)])
      values.push(values0[broadcastIndex(ls, shape, index)] * w)
      weights.push(w)
    }
  }
  if (reduction === 'none' || reduction === null) return { data: values, shape }
  const sum = values.reduce((s, v) => s + v, 0)
  if (shape.length === 0 || reduction === 'sum') return { value: sum }
  const divisor = reduction === 'mean_with_sample_weight' && weights ? weights.reduce((s, v) => s + v, 0) : size(shape)
  return { value: divisor === 0 ? 0 : sum / divisor }
}

module.exports = { reference, perSample, rankRule, broadcast, broadcastIndex }
