// The numeric Arrow types the package reads, and seeded data of each for the Arrow specs.
const a = require('apache-arrow')

/** Each numeric Arrow type, the array its values are held in, and predictions it can hold. */
const TYPES = [
  ['Float16', a.Float16, Uint16Array, (r) => r.pick([0, 0x3c00, 0xbc00, 0x3800, 0x4000, 0x8000, 0x0001, 0x3555, 0x7c00])],
  ['Float32', a.Float32, Float32Array, (r) => Math.fround(r.next() * 4 - 2)],
  ['Float64', a.Float64, Float64Array, (r) => r.next() * 4 - 2],
  ['Int8', a.Int8, Int8Array, (r) => r.int(-3, 3)],
  ['Int16', a.Int16, Int16Array, (r) => r.int(-3, 3)],
  ['Int32', a.Int32, Int32Array, (r) => r.int(-3, 3)],
  ['Int64', a.Int64, BigInt64Array, (r) => BigInt(r.int(-3, 3))],
  ['Uint8', a.Uint8, Uint8Array, (r) => r.int(0, 3)],
  ['Uint16', a.Uint16, Uint16Array, (r) => r.int(0, 3)],
  ['Uint32', a.Uint32, Uint32Array, (r) => r.int(0, 3)],
  ['Uint64', a.Uint64, BigUint64Array, (r) => BigInt(r.int(0, 3))],
]

/**
 * Labels ({0, 1}), predictions, weights and a mask of one type for `rows` × `cols`, and
 * `tag`, which wraps an array as the equivalent `{ data, shape }` (float16 tagged).
 */
function typedCase(r, [name, , Kind, value], rows, cols) {
  const half = name === 'Float16'
  const one = half ? 0x3c00 : Kind === BigInt64Array || Kind === BigUint64Array ? 1n : 1
  const zero = half ? 0 : typeof one === 'bigint' ? 0n : 0
  return {
    labels: Kind.from({ length: rows * cols }, () => (r.next() < 0.5 ? one : zero)),
    preds: Kind.from({ length: rows * cols }, () => value(r)),
    weights: Kind.from({ length: rows }, () => (half ? value(r) & 0x7fff : value(r))),
    mask: Kind.from({ length: rows }, () => (r.next() < 0.7 ? one : zero)),
    tag: (data, dims) => (half ? { data, shape: dims, dtype: 'float16' } : { data, shape: dims }),
  }
}

module.exports = { TYPES, typedCase }
