// Seeded random cases for the differential tests.
const { mulberry32 } = require('../../dist/random.js')

/** The package's seeded generator, with integer and pick helpers. */
function rng(seed) {
  const next = mulberry32(seed)
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1))
  const pick = (items) => items[int(0, items.length - 1)]
  return { next, int, pick }
}

const size = (shape) => shape.reduce((a, b) => a * b, 1)

function nest(flat, shape) {
  if (shape.length === 0) return flat[0]
  if (shape.length === 1) return Array.from(flat)
  const inner = size(shape.slice(1))
  return Array.from({ length: shape[0] }, (_, i) => nest(flat.slice(i * inner, (i + 1) * inner), shape.slice(1)))
}

/** Wraps flat values as one of the TensorLike forms (a typed array only fits rank 1). */
function container(r, flat, shape, kinds) {
  const kind = r.pick(kinds)
  switch (kind) {
    case 'nested':
      return shape.length === 0 ? flat[0] : nest(flat, shape)
    case 'array':
      return { data: Array.from(flat), shape }
    default: {
      const data = new globalThis[kind](flat)
      return shape.length === 1 && r.next() < 0.5 ? data : { data, shape }
    }
  }
}

function labels(r, kind, n, cols) {
  const out = new Array(n)
  for (let i = 0; i < n; i++) {
    switch (kind) {
      case 'pm1': out[i] = r.next() < 0.5 ? -1 : 1; break
      case '01': out[i] = r.next() < 0.5 ? 0 : 1; break
      case 'float': out[i] = Math.fround(r.next() * 4 - 2); break
      case 'onehot': out[i] = 0; break
    }
  }
  if (kind === 'onehot') for (let row = 0; row < n / cols; row++) out[row * cols + r.int(0, cols - 1)] = 1
  // A single -1 at the very end makes the whole tensor non-binary (Keras' check is global).
  if (kind === '01-1' ) for (let i = 0; i < n; i++) out[i] = i === n - 1 ? -1 : r.next() < 0.5 ? 0 : 1
  return out
}

/** One random case: inputs in TensorLike form plus the flat data for the reference. */
function randomCase(r) {
  const loss = r.pick(['hinge', 'squared_hinge', 'categorical_hinge'])
  const rank = r.int(1, 4)
  const shape = Array.from({ length: rank }, (_, i) => (i === rank - 1 ? r.int(1, 9) : r.next() < 0.05 ? 0 : r.int(1, 5)))
  const n = size(shape)
  const cols = shape[rank - 1]
  const labelKind = loss === 'categorical_hinge' ? r.pick(['onehot', 'pm1', 'float']) : r.pick(['pm1', '01', 'float', '01-1'])
  const yTrue = labels(r, labelKind, n, cols)
  const special = r.next() < 0.1
  const yPred = Array.from({ length: n }, () => (special && r.next() < 0.1 ? r.pick([NaN, Infinity, -Infinity]) : Math.fround(r.next() * 4 - 2)))
  const integerLabels = labelKind !== 'float'
  // Nested arrays cannot hold a zero-size axis before the last one.
  const nested = n === 0 ? [] : ['nested']
  const labelKinds = [...nested, 'array', 'Float32Array', 'Float64Array', ...(integerLabels ? ['Int8Array', 'Int32Array'] : [])]
  // The rank rule: labels may drop or gain a trailing axis of 1.
  let trueShape = shape
  if (cols === 1 && rank >= 2 && n > 0 && r.next() < 0.3) trueShape = shape.slice(0, -1)
  const api = r.next() < 0.25 ? 'function' : 'class'
  const dtype = r.pick(['float32', 'float64'])
  const predKinds = api === 'function' ? [dtype === 'float64' ? 'Float64Array' : r.pick(['Float32Array', 'array', ...nested])] : [...nested, 'array', 'Float32Array', 'Float64Array']
  const reduction = r.pick(['sum_over_batch_size', 'sum', 'none', null, 'mean', 'mean_with_sample_weight'])
  // Labels [.., k] against predictions [.., k, 1] squeeze the predictions (rank >= 3).
  const squeezed = trueShape.length < shape.length && shape.length >= 3
  const lossShape = shape.slice(0, squeezed ? -2 : -1)
  let weight
  if (api === 'class') {
    const wk = r.pick(['none', 'scalar', 'full', 'broadcast', 'column', 'grow'])
    let wShape
    if (wk === 'scalar') wShape = []
    if (wk === 'full') wShape = lossShape
    if (wk === 'broadcast') wShape = lossShape.map((d) => (r.next() < 0.5 ? 1 : d))
    if (wk === 'column' && lossShape.length === 1) wShape = [...lossShape, 1]
    if (wk === 'grow' && lossShape.length === 0) wShape = [r.int(1, 4)]
    if (wShape !== undefined) {
      const integers = r.next() < 0.2
      const data = Array.from({ length: size(wShape) }, () => (integers ? r.int(0, 3) : Math.fround(r.next() * 3)))
      const kinds = integers ? ['Uint8Array', 'Int16Array'] : [...(data.length === 0 ? [] : ['nested']), 'array', 'Float32Array', 'Float64Array']
      weight = { data, shape: wShape, input: wShape.length === 0 && r.next() < 0.5 ? data[0] : container(r, data, wShape, kinds) }
    }
  }
  return {
    loss,
    api,
    dtype: api === 'function' ? (dtype === 'float64' ? 'float64' : 'float32') : dtype,
    reduction: api === 'function' ? 'none' : reduction,
    yTrue,
    yPred,
    trueShape,
    predShape: shape,
    weight,
    inputs: [container(r, yTrue, trueShape, labelKinds), container(r, yPred, shape, predKinds)],
  }
}

module.exports = { rng, randomCase }
