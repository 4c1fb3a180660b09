/**
 * The float32 value loops of fast.ts for float16 scores read as their bits, each widened
 * through the table of every float16 value (exact in float32) as it is read: the same
 * values, bit for bit, as widening the block first and running fast.ts's loop, without the
 * store and reload of a widened copy. `bits` is read from element `at + shift`, the labels
 * `t` (already float32) from `at`. Same result convention: the running sum, or NaN when
 * the block needs the row-by-row path.
 */
import { FLT32_MAX as LIMIT } from './fast'

const fround = Math.fround
/** A local binding: an import is read as a property of the other module's exports on every call. */
const FLT32_MAX = LIMIT

export type HalfKernel = (
  t: Float32Array | Uint8Array,
  bits: Uint16Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  table: Float32Array,
  shift: number,
) => number

export function hingeHalf(t: Float32Array, bits: Uint16Array, at: number, cols: number, rows: number, dst: Float64Array, start: number, table: Float32Array, shift: number): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const d = 1 - t[i]! * table[bits[i + shift]!]!
      s += 0.5 * (d + Math.abs(d))
    }
    const v = s / cols
    if (!(v <= limit)) return NaN
    const value = fround(v)
    dst[r] = value
    sum += value
  }
  return sum
}

export function hingeConvertedHalf(t: Float32Array, bits: Uint16Array, at: number, cols: number, rows: number, dst: Float64Array, start: number, table: Float32Array, shift: number): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    let bad = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = 1 - (2 * y - 1) * table[bits[i + shift]!]!
      s += 0.5 * (d + Math.abs(d))
    }
    const v = s / cols
    if (!(v <= limit) || bad !== 0) return NaN
    const value = fround(v)
    dst[r] = value
    sum += value
  }
  return sum
}

export function squaredHingeHalf(t: Float32Array, bits: Uint16Array, at: number, cols: number, rows: number, dst: Float64Array, start: number, table: Float32Array, shift: number): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const d = 1 - t[i]! * table[bits[i + shift]!]!
      const h = 0.5 * (d + Math.abs(d))
      s += h * h
    }
    const v = s / cols
    if (!(v <= limit)) return NaN
    const value = fround(v)
    dst[r] = value
    sum += value
  }
  return sum
}

export function squaredHingeConvertedHalf(
  t: Float32Array,
  bits: Uint16Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  table: Float32Array,
  shift: number,
): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    let bad = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = 1 - (2 * y - 1) * table[bits[i + shift]!]!
      const h = 0.5 * (d + Math.abs(d))
      s += h * h
    }
    const v = s / cols
    if (!(v <= limit) || bad !== 0) return NaN
    const value = fround(v)
    dst[r] = value
    sum += value
  }
  return sum
}

// Labels stored as bytes (booleans, class flags), read in place: a byte is exact in float32,
// so these are the loops above on the labels converted, bit for bit, without converting a
// block of them first. Four elements per step, d + |d| summed and the row's sum halved
// once, as fast.ts's hingeF32 does (the same bits; see its header); a label above 1 shows
// in the OR of the row's labels.

export function hingeHalfBytes(t: Uint8Array, bits: Uint16Array, at: number, cols: number, rows: number, dst: Float64Array, start: number, table: Float32Array, shift: number): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  const tail = cols & 3
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols - tail; i < end; i += 4) {
      const d0 = 1 - t[i]! * table[bits[i + shift]!]!
      const d1 = 1 - t[i + 1]! * table[bits[i + 1 + shift]!]!
      const d2 = 1 - t[i + 2]! * table[bits[i + 2 + shift]!]!
      const d3 = 1 - t[i + 3]! * table[bits[i + 3 + shift]!]!
      s += d0 + Math.abs(d0)
      s += d1 + Math.abs(d1)
      s += d2 + Math.abs(d2)
      s += d3 + Math.abs(d3)
    }
    for (const end = i + tail; i < end; i++) {
      const d = 1 - t[i]! * table[bits[i + shift]!]!
      s += d + Math.abs(d)
    }
    const v = (0.5 * s) / cols
    if (!(v <= limit)) return NaN
    const value = fround(v)
    dst[r] = value
    sum += value
  }
  return sum
}

export function hingeConvertedHalfBytes(
  t: Uint8Array,
  bits: Uint16Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  table: Float32Array,
  shift: number,
): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  const tail = cols & 3
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    let seen = 0
    for (const end = i + cols - tail; i < end; i += 4) {
      const y0 = t[i]!
      const y1 = t[i + 1]!
      const y2 = t[i + 2]!
      const y3 = t[i + 3]!
      seen |= y0 | y1 | y2 | y3
      const d0 = 1 - (2 * y0 - 1) * table[bits[i + shift]!]!
      const d1 = 1 - (2 * y1 - 1) * table[bits[i + 1 + shift]!]!
      const d2 = 1 - (2 * y2 - 1) * table[bits[i + 2 + shift]!]!
      const d3 = 1 - (2 * y3 - 1) * table[bits[i + 3 + shift]!]!
      s += d0 + Math.abs(d0)
      s += d1 + Math.abs(d1)
      s += d2 + Math.abs(d2)
      s += d3 + Math.abs(d3)
    }
    for (const end = i + tail; i < end; i++) {
      const y = t[i]!
      seen |= y
      const d = 1 - (2 * y - 1) * table[bits[i + shift]!]!
      s += d + Math.abs(d)
    }
    const v = (0.5 * s) / cols
    if (!(v <= limit) || seen > 1) return NaN
    const value = fround(v)
    dst[r] = value
    sum += value
  }
  return sum
}
