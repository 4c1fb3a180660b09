import type { NumberArray } from '../types'

const fround = Math.fround

/**
 * Sparse categorical hinge over a block of rows, equal bit for bit to the one-hot rows':
 * pos = Σ y·p is p[id] (the other terms are 0·p: 0, or NaN for an infinite or NaN p), and
 * neg = max((1 - y)·p) is the max of the other scores and 0·p[id] (NaN for an infinite or
 * NaN p[id]). The one-hot row is never built. `ids` holds row r0's id first; `p` the
 * scores in the dtype from element `at`. Returns the running sum continued from `sum`.
 */
export function sparseF32(ids: NumberArray, r0: number, p: Float32Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  for (let r = 0, base = at; r < rows; r++, base += cols) {
    const id = ids[r0 + r]!
    let pos = 0
    let neg = -Infinity
    for (let j = 0; j < cols; j++) {
      const x = p[base + j]!
      if (j === id) {
        pos += x
        neg = Math.max(neg, 0 * x)
      } else {
        pos += 0 * x
        neg = Math.max(neg, x)
      }
    }
    const value = Math.max(fround(fround(neg - fround(pos)) + 1), 0)
    dst[r] = value
    sum += value
  }
  return sum
}

export function sparseF64(ids: NumberArray, r0: number, p: Float64Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  for (let r = 0, base = at; r < rows; r++, base += cols) {
    const id = ids[r0 + r]!
    let pos = 0
    let neg = -Infinity
    for (let j = 0; j < cols; j++) {
      const x = p[base + j]!
      if (j === id) {
        pos += x
        neg = Math.max(neg, 0 * x)
      } else {
        pos += 0 * x
        neg = Math.max(neg, x)
      }
    }
    const value = Math.max(neg - pos + 1, 0)
    dst[r] = value
    sum += value
  }
  return sum
}

/** One row the literal way, reading the caller's scores in place: for rows too long for a block. */
export function sparseRowExact(yPred: NumberArray, base: number, cols: number, id: number, f32: boolean): number {
  let pos = 0
  let neg = -Infinity
  for (let j = 0; j < cols; j++) {
    const p = f32 ? fround(yPred[base + j]!) : yPred[base + j]!
    if (j === id) {
      pos += p
      neg = Math.max(neg, 0 * p)
    } else {
      pos += 0 * p
      neg = Math.max(neg, p)
    }
  }
  return f32 ? Math.max(fround(fround(neg - fround(pos)) + 1), 0) : Math.max(neg - pos + 1, 0)
}
