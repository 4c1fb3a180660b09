import type { NumberArray } from '../types'

const fround = Math.fround

/**
 * One row computed the literal way, with `Math.max` for NaN-exact maxima, whatever the
 * arrays' element type. The fast loops hand it the rows they cannot do exactly: rows
 * whose branch-free max met -Infinity or whose value overflows float32, and rows too long
 * to convert in one block (read in the caller's arrays, in place).
 */
export function hingeRowExact(
  yTrue: NumberArray,
  yPred: NumberArray,
  base: number,
  cols: number,
  f32: boolean,
  squared: boolean,
  a: number,
  b: number,
): number {
  let s = 0
  for (let i = base; i < base + cols; i++) {
    const t = f32 ? fround(yTrue[i]!) : yTrue[i]!
    const p = f32 ? fround(yPred[i]!) : yPred[i]!
    const prod = f32 ? fround((a * t + b) * p) : (a * t + b) * p
    const h = Math.max(f32 ? fround(1 - prod) : 1 - prod, 0)
    s += squared ? (f32 ? fround(h * h) : h * h) : h
  }
  return f32 ? fround(s / cols) : s / cols
}

/**
 * A row's value as the fast loops of fast.ts compute it (the same operations in the same
 * order, so the same bits), before their checks: for the rows of a block they gave back.
 */
export function hingeRowFast(t: NumberArray, p: NumberArray, base: number, cols: number, squared: boolean, convert: boolean): number {
  let s = 0
  for (let i = base; i < base + cols; i++) {
    const y = t[i]!
    const d = 1 - (convert ? 2 * y - 1 : y) * p[i]!
    const h = 0.5 * (d + Math.abs(d))
    s += squared ? h * h : h
  }
  return s / cols
}

/** Categorical hinge for one row: pos rounded to the dtype, neg the max over every class. */
export function categoricalRowExact(yTrue: NumberArray, yPred: NumberArray, base: number, cols: number, f32: boolean): number {
  const r = f32 ? fround : (x: number) => x
  let pos = 0
  let neg = -Infinity
  for (let i = base; i < base + cols; i++) {
    const t = r(yTrue[i]!)
    const p = r(yPred[i]!)
    pos += r(t * p)
    neg = Math.max(neg, r(r(1 - t) * p))
  }
  return Math.max(r(r(neg - r(pos)) + 1), 0)
}

/** Label badness of one row: 0 exactly when every label (cast to the dtype) is 0 or 1. */
export function labelBadness(yTrue: NumberArray, base: number, cols: number, f32: boolean): number {
  let bad = 0
  for (let i = base; i < base + cols; i++) {
    const t = f32 ? fround(yTrue[i]!) : yTrue[i]!
    bad += Math.abs(t * (t - 1))
  }
  return bad
}
