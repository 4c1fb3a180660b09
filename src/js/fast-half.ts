/**
 * The float32 value loops of fast.ts for float16 scores read as their bits, each widened
 * through the table of every float16 value (exact in float32) as it is read: the same
 * values, bit for bit, as widening the block first and running fast.ts's loop, without the
 * store and reload of a widened copy. `bits` is read from element `at + shift`, the labels
 * `t` (already float32) from `at`. Same result convention: the running sum, or NaN when
 * the block needs the row-by-row path.
 */
import { FLT32_MAX } from './fast'

const fround = Math.fround

export type HalfKernel = (
  t: Float32Array,
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
