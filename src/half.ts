import type { NumericArray } from './types'

/** What the bits of a 16-bit float array mean: IEEE binary16, or bfloat16 (float32's top half). */
export type Half = 'float16' | 'bfloat16'

/**
 * The half-precision views the package made (see tensor-like.ts): a Uint16Array of bits
 * and what they mean. Keyed by the view itself, so the tag travels with the data down the
 * path and every reader that widens elements asks here.
 */
const halves = new WeakMap<object, Half>()

export function tagHalf<T extends Uint16Array>(bits: T, half: Half): T {
  halves.set(bits, half)
  return bits
}

/** The meaning of an array's bits when they are half-precision floats, else undefined. */
export function halfOf(array: NumericArray): Half | undefined {
  return halves.get(array)
}

let float16Table: Float32Array | undefined

/** Every binary16 value, exactly (float32 holds them all), indexed by its bits. */
function float16Values(): Float32Array {
  if (float16Table !== undefined) return float16Table
  const table = new Float32Array(65536)
  for (let bits = 0; bits < 65536; bits++) {
    const sign = bits & 0x8000 ? -1 : 1
    const exponent = (bits >> 10) & 0x1f
    const fraction = bits & 0x3ff
    if (exponent === 0) table[bits] = sign * fraction * 2 ** -24
    else if (exponent === 31) table[bits] = fraction === 0 ? sign * Infinity : NaN
    else table[bits] = sign * (1024 + fraction) * 2 ** (exponent - 25)
  }
  return (float16Table = table)
}

/** Half-precision bits widened exactly to float32 values. */
export function widenHalf(bits: Uint16Array, half: Half): Float32Array {
  const n = bits.length
  if (half === 'float16') {
    const table = float16Values()
    const out = new Float32Array(n)
    for (let i = 0; i < n; i++) out[i] = table[bits[i]!]!
    return out
  }
  // bfloat16 is the upper half of a float32: shifting its bits up rebuilds the value.
  const words = new Uint32Array(n)
  for (let i = 0; i < n; i++) words[i] = bits[i]! << 16
  return new Float32Array(words.buffer)
}
