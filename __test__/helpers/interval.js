// Where a computed value may land when only the order of its float64 sums is free.
//
// Element-wise terms are exact in IEEE arithmetic, but a sum's rounding depends on the
// order of its additions, which differs between backends (blocks, SIMD lanes). An
// interval {lo, hi} holds every value any order can give; NAN means every order gives
// NaN; ANY means some order may overflow or meet Inf - Inf, so nothing is promised.

const NAN = Object.freeze({ nan: true })
const ANY = Object.freeze({ any: true })
const point = (x) => (Number.isNaN(x) ? NAN : { lo: x, hi: x })

// Half of float64's largest value: finite sums whose magnitudes stay below it cannot
// overflow in any order.
const SAFE = Number.MAX_VALUE / 2

/** `f` applied to an interval; `f` must be monotone on it (either direction). */
function map(iv, f) {
  if (iv.nan || iv.any) return iv
  const a = f(iv.lo)
  const b = f(iv.hi)
  if (Number.isNaN(a) && Number.isNaN(b)) return NAN
  // NaN at one end only: Inf * 0 or Inf - Inf at an open end, order-dependent.
  if (Number.isNaN(a) || Number.isNaN(b)) return ANY
  return { lo: Math.min(a, b), hi: Math.max(a, b) }
}

/** `f(x, y)` over two intervals; `f` monotone in each argument (a division by a signed divisor). */
function map2(x, y, f) {
  if (x.nan || y.nan) return NAN
  if (x.any || y.any) return ANY
  const corners = [f(x.lo, y.lo), f(x.lo, y.hi), f(x.hi, y.lo), f(x.hi, y.hi)]
  const nans = corners.filter(Number.isNaN).length
  if (nans === 4) return NAN
  if (nans > 0) return ANY
  return { lo: Math.min(...corners), hi: Math.max(...corners) }
}

/**
 * Every float64 sum, in any order, of one value from each interval. Reordering a sum of m
 * terms moves it by at most (m - 1)·2^-53·Σ|x| from the exact sum; the bound below is
 * twice that, on each side, to cover this function's own rounding too.
 */
function sum(items) {
  if (items.some((i) => i.nan)) return NAN
  const surePos = items.some((i) => i.lo === Infinity)
  const sureNeg = items.some((i) => i.hi === -Infinity)
  if (surePos && sureNeg) return NAN
  if (items.some((i) => i.any)) return ANY
  const mayPos = items.some((i) => i.hi === Infinity)
  const mayNeg = items.some((i) => i.lo === -Infinity)
  if (mayPos && mayNeg) return ANY
  let lo = 0
  let hi = 0
  let magnitude = 0
  for (const i of items) {
    if (Number.isFinite(i.lo)) lo += i.lo
    if (Number.isFinite(i.hi)) hi += i.hi
    magnitude += Math.max(Number.isFinite(i.lo) ? Math.abs(i.lo) : 0, Number.isFinite(i.hi) ? Math.abs(i.hi) : 0)
  }
  if (!(magnitude < SAFE)) return ANY
  const slack = items.length * 2 ** -51 * magnitude
  if (surePos) return { lo: Infinity, hi: Infinity }
  if (sureNeg) return { lo: -Infinity, hi: -Infinity }
  return { lo: mayNeg ? -Infinity : lo - slack, hi: mayPos ? Infinity : hi + slack }
}

function contains(iv, x) {
  if (iv.any) return true
  if (iv.nan) return Number.isNaN(x)
  return x >= iv.lo && x <= iv.hi
}

/** `x` in the interval or within `tolerance` of it, relative to max(1, |nearest bound|). */
function near(iv, x, tolerance) {
  if (contains(iv, x)) return true
  if (iv.nan || Number.isNaN(x)) return false
  const bound = x < iv.lo ? iv.lo : iv.hi
  return Number.isFinite(bound) && Math.abs(x - bound) <= tolerance * Math.max(1, Math.abs(bound))
}

/** Wider than `tolerance` relative to max(1, |value|): reordering alone may move it that far. */
function illConditioned(iv, tolerance) {
  if (iv.any) return true
  if (iv.nan) return false
  const scale = Math.max(1, Math.abs(iv.lo), Math.abs(iv.hi))
  return !(iv.hi - iv.lo <= tolerance * scale)
}

const show = (iv) => (iv.nan ? 'NaN' : iv.any ? 'any' : `[${iv.lo}, ${iv.hi}]`)

module.exports = { NAN, ANY, point, map, map2, sum, near, illConditioned, show }
