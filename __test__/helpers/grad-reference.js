// The gradient of Keras' Loss.__call__ with respect to yPred, in float64, written straight
// from the package contract's formulas and sharing no code with the package.
const { broadcast, broadcastIndex, rankRule } = require('./reference')

const cast = (dtype) => (dtype === 'float32' ? Math.fround : (x) => x)
const size = (shape) => shape.reduce((a, b) => a * b, 1)
const KINK = { full: 1, half: 0.5, zero: 0 }

/** Each per-sample loss's weight summed over its broadcast copies (times upstream), and Σw. */
function scales(lossShape, weight, upstream, dtype) {
  const c = cast(dtype)
  const rows = size(lossShape)
  if (weight === undefined) return { shape: lossShape, s: Array.from({ length: rows }, (_, i) => (upstream ? c(upstream[i]) : 1)), weightSum: 0 }
  const [ls, ws] = rankRule(lossShape, weight.shape)
  const shape = broadcast(ls, ws)
  const s = new Array(rows).fill(0)
  let weightSum = 0
  const index = new Array(shape.length).fill(0)
  for (let k = 0; k < size(shape); k++) {
    let rest = k
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = rest % shape[d]
      rest = Math.floor(rest / shape[d])
    }
    const w = c(weight.data[broadcastIndex(ws, shape, index)])
    s[broadcastIndex(ls, shape, index)] += w * (upstream ? c(upstream[k]) : 1)
    weightSum += w
  }
  return { shape, s, weightSum }
}

/** d(value)/d(yPred), flat in yPred's layout, for { loss, dtype, yTrue, yPred, trueShape, predShape, weight, reduction, kink, upstream }. */
function gradReference({ loss, dtype, yTrue, yPred, trueShape, predShape, weight, reduction, kink = 'full', upstream }) {
  const c = cast(dtype)
  const [, ps] = rankRule(trueShape, predShape)
  const cols = ps[ps.length - 1]
  const lossShape = ps.slice(0, -1)
  const none = reduction === 'none' || reduction === null
  const { shape, s, weightSum } = scales(lossShape, weight, none ? upstream : undefined, dtype)
  let factor = 1
  if (!none && shape.length > 0 && reduction !== 'sum') {
    const divisor = reduction === 'mean_with_sample_weight' && weight !== undefined ? weightSum : size(shape)
    factor = divisor === 0 ? 0 : 1 / divisor
  }
  const k = (x) => (x > 0 ? 1 : x < 0 ? 0 : x === 0 ? KINK[kink] : NaN)
  const t = Array.from(yTrue, c)
  const p = Array.from(yPred, c)
  const binary = t.every((v) => v === 0 || v === 1)
  const g = new Array(p.length).fill(0)
  for (let r = 0; r < size(lossShape); r++) {
    const si = s[r] * factor
    const at = r * cols
    if (loss === 'categorical_hinge') {
      let pos = 0
      let neg = -Infinity
      for (let j = 0; j < cols; j++) {
        pos += t[at + j] * p[at + j]
        neg = Math.max(neg, (1 - t[at + j]) * p[at + j])
      }
      const tied = []
      for (let j = 0; j < cols; j++) if ((1 - t[at + j]) * p[at + j] === neg) tied.push(j)
      const kr = k(neg - pos + 1)
      for (let j = 0; j < cols; j++) g[at + j] = si * kr * ((tied.includes(j) ? (1 - t[at + j]) / tied.length : 0) - t[at + j])
    } else {
      for (let j = 0; j < cols; j++) {
        const y = binary ? 2 * t[at + j] - 1 : t[at + j]
        const x = 1 - y * p[at + j]
        g[at + j] = loss === 'hinge' ? si * (-y / cols) * k(x) : si * ((-2 * y * Math.max(x, 0)) / cols)
      }
    }
  }
  return g
}

module.exports = { gradReference }
