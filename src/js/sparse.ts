import type { NumberArray } from '../types'

const fround = Math.fround

/**
 * Categorical hinge of one row whose label is the class id `id`, equal bit for bit to the
 * one-hot row's: pos = Σ y·p is p[id] (the other terms are 0·p: 0, or NaN for an infinite
 * or NaN p), and neg = max((1 - y)·p) is the max of the other scores and 0·p[id] (NaN for
 * an infinite or NaN p[id]). The one-hot row is never built.
 */
export function sparseRow(yPred: NumberArray, base: number, cols: number, id: number, f32: boolean): number {
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
