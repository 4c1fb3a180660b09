// fast-check generators of whole loss calls: shapes of rank 1 to 4 (zero-size axes
// included), every TensorLike form and element type, label kinds, weights that broadcast
// (or do not), reductions, and values that range from tame to hostile.
const fc = require('fast-check')
const { rankRule } = require('./reference')

const ELEMENT_TYPES = ['Float32Array', 'Float64Array', 'Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array']
const REDUCTIONS = ['sum_over_batch_size', 'sum', 'none', null, 'mean', 'mean_with_sample_weight']

/** Values where floats misbehave: NaN, ±Inf, -0, subnormals of both dtypes, float32's edge. */
const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1, -1, 5e-324, -1.4e-45, 1e-40, 2.2e-308, 3e38, -3e38, 3.4028234663852886e38, 1e200, -1e200]

// Multiples of 1/16 in [-2, 2]: every product, difference and square of two of them is
// exact in float32, so the float64 reference (which rounds no element-wise step) applies.
const tame = fc.integer({ min: -32, max: 32 }).map((k) => k / 16)
const hostile = fc.oneof(
  { weight: 4, arbitrary: tame },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIALS) },
  { weight: 1, arbitrary: fc.double() },
)
const VALUES = { tame, hostile }
const WEIGHTS = { tame: fc.integer({ min: 0, max: 48 }).map((k) => k / 16), hostile }

const size = (shape) => shape.reduce((a, b) => a * b, 1)

function nest(flat, shape, leaf = (row) => row) {
  if (shape.length === 0) return flat[0]
  if (shape.length === 1) return leaf(Array.from(flat))
  const inner = size(shape.slice(1))
  return Array.from({ length: shape[0] }, (_, i) => nest(flat.slice(i * inner, (i + 1) * inner), shape.slice(1), leaf))
}

/** A typed array viewing the middle of a larger buffer, with garbage on both sides. */
function offsetView(type, values, offset) {
  const Type = globalThis[type]
  const buffer = new Type(offset + values.length + 2).fill(7)
  const view = new Type(buffer.buffer, offset * Type.BYTES_PER_ELEMENT, values.length)
  view.set(values) // the typed array's own conversion: wrapping, truncation, NaN to 0
  return view
}

const holds = (type, v) => new globalThis[type]([v])[0] === v

/**
 * `values` in one TensorLike form; `stored` is what the package must read: the numbers
 * after a typed array's own conversion (an Int8Array wraps 300 to 44, NaN to 0). With
 * `exact`, only element types that hold every value unchanged are used.
 */
function container(g, values, shape, exact) {
  const n = values.length
  const kinds = ['array', 'typed', 'typed']
  if (n > 0) kinds.push('nested')
  if (n > 0 && shape.length >= 2) kinds.push('nested typed rows')
  const kind = g(fc.constantFrom, ...kinds)
  const types = exact ? ELEMENT_TYPES.filter((type) => values.every((v) => holds(type, v))) : ELEMENT_TYPES
  const type = g(fc.constantFrom, ...types)
  switch (kind) {
    case 'array':
      return { input: { data: [...values], shape: [...shape] }, stored: values, float64: false }
    case 'nested':
      return { input: nest(values, shape), stored: values, float64: false }
    case 'nested typed rows': {
      const input = nest(values, shape, (row) => offsetView(type, row, 0))
      const stored = Array.from(offsetView(type, values, 0))
      return { input, stored, float64: false }
    }
    default: {
      const data = offsetView(type, values, g(fc.integer, { min: 0, max: 3 }))
      const bare = shape.length === 1 && g(fc.boolean)
      return { input: bare ? data : { data, shape: [...shape] }, stored: Array.from(data), float64: type === 'Float64Array' }
    }
  }
}

function labels(g, kind, n, cols, values) {
  switch (kind) {
    case 'pm1':
      return g(fc.array, fc.constantFrom(-1, 1), { minLength: n, maxLength: n })
    case '01':
      return g(fc.array, fc.constantFrom(0, 1), { minLength: n, maxLength: n })
    case '01 then -1': {
      // One -1 makes the whole tensor non-binary: Keras' check is global.
      const out = g(fc.array, fc.constantFrom(0, 1), { minLength: n, maxLength: n })
      if (n > 0) out[n - 1] = -1
      return out
    }
    case 'one-hot': {
      const hot = g(fc.array, fc.nat(cols - 1), { minLength: n / cols, maxLength: n / cols })
      return Array.from({ length: n }, (_, i) => (hot[Math.floor(i / cols)] === i % cols ? 1 : 0))
    }
    default:
      return g(fc.array, values, { minLength: n, maxLength: n })
  }
}

/** A weight shape derived from the per-sample shape: axes kept or set to 1, leading axes dropped. */
function weightShape(g, lossShape) {
  const how = g(fc.constantFrom, 'derived', 'derived', 'trailing 1', 'random')
  if (how === 'random') return g(fc.array, fc.integer({ min: 1, max: 3 }), { maxLength: 2 })
  const kept = lossShape.map((d) => (g(fc.boolean) ? d : 1))
  const derived = kept.slice(g(fc.integer, { min: 0, max: kept.length }))
  return how === 'trailing 1' ? [...derived, 1] : derived
}

function weight(g, lossShape, values, exact) {
  const how = g(fc.constantFrom, 'none', 'number', 'tensor', 'tensor')
  if (how === 'none') return undefined
  if (how === 'number') {
    const w = g(() => values)
    return { input: w, data: [w], shape: [] }
  }
  const shape = weightShape(g, lossShape)
  const { input, stored } = container(g, g(fc.array, values, { minLength: size(shape), maxLength: size(shape) }), shape, exact)
  return { input, data: stored, shape }
}

/**
 * One call: `api` is 'function' (per-sample, dtype from yPred), 'call' (per-sample, the
 * class dtype) or 'class' (compute with weights and a reduction). `flavour` 'tame' keeps to
 * values every step of float32 holds exactly; 'hostile' takes any. Draw it from `fc.gen()`.
 */
function drawCase(g, flavour) {
  const values = VALUES[flavour]
  const loss = g(fc.constantFrom, 'hinge', 'squared_hinge', 'categorical_hinge')
  const api = g(fc.constantFrom, 'class', 'class', 'function', 'call')
  const rank = g(fc.integer, { min: 1, max: 4 })
  const lead = g(fc.array, fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constant(0) }), {
    minLength: rank - 1,
    maxLength: rank - 1,
  })
  const cols = g(fc.integer, { min: 1, max: 6 })
  const predShape = [...lead, cols]
  const n = size(predShape)
  // The rank rule: labels may drop, or (at rank 1) add, a trailing axis of 1.
  let trueShape = predShape
  if (cols === 1 && g(fc.boolean)) trueShape = rank === 1 ? [...predShape, 1] : predShape.slice(0, -1)
  const kinds = loss === 'categorical_hinge' ? ['one-hot', 'pm1', 'float'] : ['pm1', '01', '01 then -1', 'float']
  const exact = flavour === 'tame'
  const yTrue = container(g, labels(g, g(fc.constantFrom, ...kinds), n, cols, values), trueShape, exact)
  const yPred = container(g, g(fc.array, values, { minLength: n, maxLength: n }), predShape, exact)
  const dtype = api === 'function' ? (yPred.float64 ? 'float64' : 'float32') : g(fc.constantFrom, 'float32', 'float64')
  const [, ps] = rankRule(trueShape, predShape)
  return {
    loss,
    api,
    dtype,
    reduction: api === 'class' ? g(fc.constantFrom, ...REDUCTIONS) : 'none',
    trueShape,
    predShape,
    yTrue: yTrue.stored,
    yPred: yPred.stored,
    weight: api === 'class' ? weight(g, ps.slice(0, -1), WEIGHTS[flavour], exact) : undefined,
    inputs: [yTrue.input, yPred.input],
  }
}

module.exports = { drawCase, SPECIALS, ELEMENT_TYPES }
