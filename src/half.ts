import { typedArrayKind } from './typed-array'
import type { NumericArray } from './types'

/** What the bits of a 16-bit float array mean: IEEE binary16, or bfloat16 (float32's top half). */
export type Half = 'float16' | 'bfloat16'

/**
 * The half-precision views the package made (see tensor-like.ts): a Uint16Array of bits
 * and what they mean. Keyed by the view itself, so the tag travels with the data down the
 * path and every reader that widens elements asks here; spans of such views (spans.ts)
 * are tagged as a whole too.
 */
const halves = new WeakMap<object, Half>()

export function tagHalf<T extends Uint16Array | readonly Uint16Array[]>(bits: T, half: Half): T {
  halves.set(bits, half)
  return bits
}

/** The meaning of an array's bits when they are half-precision floats, else undefined. */
export function halfOf(array: NumericArray | readonly NumericArray[]): Half | undefined {
  // Only Uint16Array views and spans of them are tagged: any other array is answered
  // without a lookup, which a tiny call would otherwise make for each of its inputs.
  if (Array.isArray(array)) return halves.get(array)
  return typedArrayKind(array as NumericArray) === 'Uint16Array' ? halves.get(array) : undefined
}

let float16Table: Float32Array | undefined

/** Every binary16 value, exactly (float32 holds them all), indexed by its bits. */
export function float16Values(): Float32Array {
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
  const out = new Float32Array(bits.length)
  widenHalfInto(out, bits, 0, bits.length, half)
  return out
}

/** Reinterprets bfloat16 bits: a float32 whose upper half they are. */
const bfloat16Word = new Uint32Array(1)
const bfloat16Value = new Float32Array(bfloat16Word.buffer)

/**
 * Elements [start, start + len) of half-precision bits widened exactly into the start of
 * `dst`, a buffer of the package's own: a block at a time, so no widened copy of a whole
 * input is ever made.
 */
export function widenHalfInto(dst: Float32Array | Float64Array, bits: Uint16Array, start: number, len: number, half: Half): void {
  if (half === 'float16') {
    const table = float16Values()
    for (let i = 0; i < len; i++) dst[i] = table[bits[start + i]!]!
  } else if (dst instanceof Float32Array) {
    // bfloat16 is the upper half of a float32: shifting its bits up rebuilds the value.
    const words = new Uint32Array(dst.buffer, dst.byteOffset, len)
    for (let i = 0; i < len; i++) words[i] = bits[start + i]! << 16
  } else {
    for (let i = 0; i < len; i++) dst[i] = halfValue(bits[start + i]!, half)
  }
}

/** The value of one half-precision element's bits. */
export function halfValue(bits: number, half: Half): number {
  if (half === 'float16') return float16Values()[bits]!
  bfloat16Word[0] = bits << 16
  return bfloat16Value[0]!
}
