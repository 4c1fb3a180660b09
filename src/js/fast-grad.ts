/**
 * Values and gradients in one loop, for hinge and squared hinge: the value loops of
 * fast.ts (same terms, same rounding, same NaN return when a block needs the row-by-row
 * path) that also write d(result)/d(yPred) to `out[i + shift]`, equal bit for bit to the
 * formulas of grad.ts. `c` holds each row's gradient factor, already rounded to the dtype.
 *
 * Hinge: the gradient is k(x)·round(-y·c), x = round(1 - round(y·p)), k the derivative of
 * max(x, 0) (1 above 0, 0 below, the kink's value at 0). The product y·p of two float32
 * values is exact in float64, and float32 rounding is monotone, so k(x) is a compare of
 * y·p with a bound: k = 1 exactly when y·p ≤ `bound` (see `hingeBound`), a branch-free
 * 0 or 1. Then k·(-y·c) rounded by the store is round(-y·c) or a zero of its sign, as the
 * formula gives. A kink of one half needs both bounds and is left to grad.ts.
 *
 * Squared hinge: round(round(-y·h)·c), h = max(x, 0) with x as above; the outer rounding
 * is the float32 store. 0.5·(x + |x|) is max(x, 0) but for x = -Infinity (a float32 product
 * past FLT32_MAX, whose value term is an exact 0): the row's Σh is then NaN, and the
 * block goes row by row.
 *
 * Labels: plain loops take y = t as it is (any value: the arithmetic above is exact for
 * every float32 y); `Converted` loops y = 2t - 1, exact when t is 0 or 1, which their
 * label check guarantees (any other label sends the block row by row).
 *
 * hingeGradF32 takes four elements per step, as hingeF32 does (see fast.ts), with the
 * same terms in the same order.
 */
import { FLT32_MAX } from './fast'

const fround = Math.fround

/** A value-and-gradient loop: a value loop's arguments and result, then the gradient's. */
export type GradKernel = (
  t: Float32Array | Float64Array,
  p: Float32Array | Float64Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  out: Float32Array | Float64Array,
  shift: number,
  c: Float64Array,
  bound: number,
) => number

/**
 * The largest y·p whose hinge gradient is taken, for a kink of 1 ('full') or 0 ('zero').
 * float32: round(y·p) is 1 (x = 0) for y·p in [1 - 2^-25, 1 + 2^-24], ties to even included,
 * and below 1 (x > 0) under it. float64: x = 1 - y·p is 0 exactly when y·p rounds to 1.
 */
export function hingeBound(f32: boolean, kinkOne: boolean): number {
  if (f32) return kinkOne ? 1 + 2 ** -24 : 1 - 2 ** -25 - 2 ** -53
  return kinkOne ? 1 : 1 - 2 ** -53
}

export function hingeGradF32(
  t: Float32Array,
  p: Float32Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  out: Float32Array,
  shift: number,
  c: Float64Array,
  bound: number,
): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  const tail = cols & 3
  for (let r = 0, i = at; r < rows; r++) {
    const g = c[r]!
    let s = 0
    for (const end = i + cols - tail; i < end; i += 4) {
      const y0 = t[i]!
      const y1 = t[i + 1]!
      const y2 = t[i + 2]!
      const y3 = t[i + 3]!
      const yp0 = y0 * p[i]!
      const yp1 = y1 * p[i + 1]!
      const yp2 = y2 * p[i + 2]!
      const yp3 = y3 * p[i + 3]!
      const d0 = 1 - yp0
      const d1 = 1 - yp1
      const d2 = 1 - yp2
      const d3 = 1 - yp3
      s += 0.5 * (d0 + Math.abs(d0))
      s += 0.5 * (d1 + Math.abs(d1))
      s += 0.5 * (d2 + Math.abs(d2))
      s += 0.5 * (d3 + Math.abs(d3))
      const o = i + shift
      out[o] = +(yp0 <= bound) * (-y0 * g)
      out[o + 1] = +(yp1 <= bound) * (-y1 * g)
      out[o + 2] = +(yp2 <= bound) * (-y2 * g)
      out[o + 3] = +(yp3 <= bound) * (-y3 * g)
    }
    for (const end = i + tail; i < end; i++) {
      const y = t[i]!
      const yp = y * p[i]!
      const d = 1 - yp
      s += 0.5 * (d + Math.abs(d))
      out[i + shift] = +(yp <= bound) * (-y * g)
    }
    const v = s / cols
    if (!(v <= limit)) return NaN
    const value = fround(v)
    dst[r] = value
    sum += value
  }
  return sum
}

export function hingeGradConvertedF32(
  t: Float32Array,
  p: Float32Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  out: Float32Array,
  shift: number,
  c: Float64Array,
  bound: number,
): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  for (let r = 0, i = at; r < rows; r++) {
    const g = c[r]!
    let s = 0
    let bad = 0
    for (const end = i + cols; i < end; i++) {
      const u = t[i]!
      bad += Math.abs(u * (u - 1))
      const y = 2 * u - 1
      const yp = y * p[i]!
      const d = 1 - yp
      s += 0.5 * (d + Math.abs(d))
      out[i + shift] = +(yp <= bound) * (-y * g)
    }
    const v = s / cols
    if (!(v <= limit) || bad !== 0) return NaN
    const value = fround(v)
    dst[r] = value
    sum += value
  }
  return sum
}

export function squaredHingeGradF32(
  t: Float32Array,
  p: Float32Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  out: Float32Array,
  shift: number,
  c: Float64Array,
): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  for (let r = 0, i = at; r < rows; r++) {
    const g = c[r]!
    let s = 0
    let hs = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      const yp = y * p[i]!
      const d = 1 - yp
      const e = 0.5 * (d + Math.abs(d))
      s += e * e
      const x = fround(1 - fround(yp))
      const h = 0.5 * (x + Math.abs(x))
      hs += h
      out[i + shift] = fround(-y * h) * g
    }
    const v = s / cols
    if (!(v <= limit) || hs !== hs) return NaN
    const value = fround(v)
    dst[r] = value
    sum += value
  }
  return sum
}

export function squaredHingeGradConvertedF32(
  t: Float32Array,
  p: Float32Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  out: Float32Array,
  shift: number,
  c: Float64Array,
): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  for (let r = 0, i = at; r < rows; r++) {
    const g = c[r]!
    let s = 0
    let hs = 0
    let bad = 0
    for (const end = i + cols; i < end; i++) {
      const u = t[i]!
      bad += Math.abs(u * (u - 1))
      const y = 2 * u - 1
      const yp = y * p[i]!
      const d = 1 - yp
      const e = 0.5 * (d + Math.abs(d))
      s += e * e
      const x = fround(1 - fround(yp))
      const h = 0.5 * (x + Math.abs(x))
      hs += h
      out[i + shift] = fround(-y * h) * g
    }
    const v = s / cols
    if (!(v <= limit) || hs !== hs || bad !== 0) return NaN
    const value = fround(v)
    dst[r] = value
    sum += value
  }
  return sum
}

// float64: x = 1 - y·p and h = max(x, 0) in float64 are the value's own terms, so a
// non-finite one already fails the value check.

export function hingeGradF64(
  t: Float64Array,
  p: Float64Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  out: Float64Array,
  shift: number,
  c: Float64Array,
  bound: number,
): number {
  let sum = +start
  for (let r = 0, i = at; r < rows; r++) {
    const g = c[r]!
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      const yp = y * p[i]!
      const d = 1 - yp
      s += 0.5 * (d + Math.abs(d))
      out[i + shift] = +(yp <= bound) * (-y * g)
    }
    const v = s / cols
    if (!(v <= Number.MAX_VALUE)) return NaN
    dst[r] = v
    sum += v
  }
  return sum
}

export function hingeGradConvertedF64(
  t: Float64Array,
  p: Float64Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  out: Float64Array,
  shift: number,
  c: Float64Array,
  bound: number,
): number {
  let sum = +start
  for (let r = 0, i = at; r < rows; r++) {
    const g = c[r]!
    let s = 0
    let bad = 0
    for (const end = i + cols; i < end; i++) {
      const u = t[i]!
      bad += Math.abs(u * (u - 1))
      const y = 2 * u - 1
      const yp = y * p[i]!
      const d = 1 - yp
      s += 0.5 * (d + Math.abs(d))
      out[i + shift] = +(yp <= bound) * (-y * g)
    }
    const v = s / cols
    if (!(v <= Number.MAX_VALUE) || bad !== 0) return NaN
    dst[r] = v
    sum += v
  }
  return sum
}

export function squaredHingeGradF64(
  t: Float64Array,
  p: Float64Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  out: Float64Array,
  shift: number,
  c: Float64Array,
): number {
  let sum = +start
  for (let r = 0, i = at; r < rows; r++) {
    const g = c[r]!
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      const d = 1 - y * p[i]!
      const h = 0.5 * (d + Math.abs(d))
      s += h * h
      out[i + shift] = -y * h * g
    }
    const v = s / cols
    if (!(v <= Number.MAX_VALUE)) return NaN
    dst[r] = v
    sum += v
  }
  return sum
}

export function squaredHingeGradConvertedF64(
  t: Float64Array,
  p: Float64Array,
  at: number,
  cols: number,
  rows: number,
  dst: Float64Array,
  start: number,
  out: Float64Array,
  shift: number,
  c: Float64Array,
): number {
  let sum = +start
  for (let r = 0, i = at; r < rows; r++) {
    const g = c[r]!
    let s = 0
    let bad = 0
    for (const end = i + cols; i < end; i++) {
      const u = t[i]!
      bad += Math.abs(u * (u - 1))
      const y = 2 * u - 1
      const d = 1 - y * p[i]!
      const h = 0.5 * (d + Math.abs(d))
      s += h * h
      out[i + shift] = -y * h * g
    }
    const v = s / cols
    if (!(v <= Number.MAX_VALUE) || bad !== 0) return NaN
    dst[r] = v
    sum += v
  }
  return sum
}
