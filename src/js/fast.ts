/**
 * The hot loops of the pure-TS backend. V8 compiles a loop well when it sees one array
 * type and no dead branch at every access, and when nothing after the loop still lacks
 * type feedback (a first call over a large block is compiled while it runs, on the stack,
 * and an operation that never ran deoptimizes it at the end, every call). So each loop is
 * its own function per loss, array type and label mode, and returns a number: the running
 * sum of its rows' values continued from `start`, each value also written to `dst`. The
 * sum is a local initialised with `+start`: accumulating into the parameter itself makes
 * V8 keep it boxed, one heap number allocated per row.
 *
 * The float32 loops compute each term in float64 — exact products and differences of
 * float32 values, where Keras rounds every term to float32 — and round once per row: the
 * per-sample values then agree with the exact float32 arithmetic within a few float32
 * ulps (the documented 1e-6), at half the cost of rounding every operation with Math.fround.
 * Rows where float32 rounding could change more than that — a term past float32's range,
 * where float32 overflows to Infinity — come out non-finite or above FLT32_MAX / cols.
 *
 * max(d, 0) is written 0.5·(d + |d|): exact, NaN-propagating and branch-free, because
 * `Math.max` compiles to branches that mispredict on random data. It differs only for
 * d = -Infinity (NaN, not 0) and for d past 9e307 (Infinity), both caught the same way.
 *
 * A loop returns NaN as soon as a row needs more than it does — a NaN, infinite or
 * overflowing value, or (`Converted` loops) a label other than 0 or 1 — and the caller
 * redoes that block row by row (see exact.ts). The `Converted` loops map {0,1} labels to
 * {-1,1}; a row's label badness Σ |t·(t - 1)| is 0 exactly when every label is 0 or 1
 * (NaN stays NaN), so the global {0,1} check costs one compare per row. The plain loops
 * check no label: their mode is known.
 *
 * The plain float32 hinge loop (and its gradient twin, fast-grad.ts) takes four elements
 * per step: V8 checks each array's map once per step rather than once per element, which
 * made W1 and W4 of BENCH.md run 10–25 % faster here. It adds the same terms in the same
 * order, so its values are the one-at-a-time loop's bit for bit. It also sums d + |d| and
 * halves the row's sum once: every partial sum is exactly twice the other form's (doubling
 * commutes with rounding, and float32 inputs keep every term far from float64's overflow
 * and subnormals), so the value is the same bits, for a multiplication less per element.
 * The other loops gained nothing measurable that way and stay plain.
 */

/**
 * Largest finite float32: a float64 row value above it is not a float32 result. A local
 * binding, so the loops read a constant rather than a property of this module's exports.
 */
const FLT32_MAX = 3.4028234663852886e38
export { FLT32_MAX }

const fround = Math.fround

/** A value loop: rows [0, rows) of a block starting at element `at`; the running sum, or NaN. */
export type RowsKernel = (t: Floats, p: Floats, at: number, cols: number, rows: number, dst: Float64Array, sum: number) => number

export type Floats = Float32Array | Float64Array

export function hingeF32(t: Float32Array, p: Float32Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  const tail = cols & 3
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols - tail; i < end; i += 4) {
      const d0 = 1 - t[i]! * p[i]!
      const d1 = 1 - t[i + 1]! * p[i + 1]!
      const d2 = 1 - t[i + 2]! * p[i + 2]!
      const d3 = 1 - t[i + 3]! * p[i + 3]!
      s += d0 + Math.abs(d0)
      s += d1 + Math.abs(d1)
      s += d2 + Math.abs(d2)
      s += d3 + Math.abs(d3)
    }
    for (const end = i + tail; i < end; i++) {
      const d = 1 - t[i]! * p[i]!
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

export function hingeConvertedF32(t: Float32Array, p: Float32Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    let bad = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = 1 - (2 * y - 1) * p[i]!
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

export function squaredHingeF32(t: Float32Array, p: Float32Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const d = 1 - t[i]! * p[i]!
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

export function squaredHingeConvertedF32(t: Float32Array, p: Float32Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  const limit = FLT32_MAX / cols
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    let bad = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = 1 - (2 * y - 1) * p[i]!
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

// The float64 loops: the same terms, no rounding; only NaN and infinities fail.

export function hingeF64(t: Float64Array, p: Float64Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const d = 1 - t[i]! * p[i]!
      s += 0.5 * (d + Math.abs(d))
    }
    const v = s / cols
    if (!(v <= Number.MAX_VALUE)) return NaN
    dst[r] = v
    sum += v
  }
  return sum
}

export function hingeConvertedF64(t: Float64Array, p: Float64Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    let bad = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = 1 - (2 * y - 1) * p[i]!
      s += 0.5 * (d + Math.abs(d))
    }
    const v = s / cols
    if (!(v <= Number.MAX_VALUE) || bad !== 0) return NaN
    dst[r] = v
    sum += v
  }
  return sum
}

export function squaredHingeF64(t: Float64Array, p: Float64Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const d = 1 - t[i]! * p[i]!
      const h = 0.5 * (d + Math.abs(d))
      s += h * h
    }
    const v = s / cols
    if (!(v <= Number.MAX_VALUE)) return NaN
    dst[r] = v
    sum += v
  }
  return sum
}

export function squaredHingeConvertedF64(t: Float64Array, p: Float64Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    let bad = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = 1 - (2 * y - 1) * p[i]!
      const h = 0.5 * (d + Math.abs(d))
      s += h * h
    }
    const v = s / cols
    if (!(v <= Number.MAX_VALUE) || bad !== 0) return NaN
    dst[r] = v
    sum += v
  }
  return sum
}

// Categorical hinge needs a true max over the classes, so it keeps Math.max, and its
// float32 loop rounds like Keras: pos - neg cancels, where a float64 shortcut would not
// stay within a few ulps of the float32 result. Its values are exact, so only a NaN
// sends a block to the row-by-row path (which computes the same NaN). Over {0,1} labels
// those roundings are exact, and categoricalHingeBinaryF32 leaves them out (W3 and W3m of
// BENCH.md, one-hot: about three quarters of the rounded loop's time here).

export function categoricalHingeF32(t: Float32Array, p: Float32Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  for (let r = 0, i = at; r < rows; r++) {
    let pos = 0
    let neg = -Infinity
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      const x = p[i]!
      pos += fround(y * x)
      neg = Math.max(neg, fround(fround(1 - y) * x))
    }
    const value = Math.max(fround(fround(neg - fround(pos)) + 1), 0)
    dst[r] = value
    sum += value
  }
  return sum
}

/**
 * categoricalHingeF32 for {0,1} labels, the usual one-hot rows: every rounding there is
 * then exact (y·x and (1 - y)·x are x, ±0 or x's NaN; 1 - y is 1 or 0), so the terms are
 * the same bits unrounded, at a third of the work per element. A row with any other label
 * (its badness Σ |y·(1 - y)| is not 0, NaN included) is redone the rounded way.
 */
export function categoricalHingeBinaryF32(t: Float32Array, p: Float32Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  for (let r = 0, i = at; r < rows; r++) {
    const base = i
    let pos = 0
    let neg = -Infinity
    let bad = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      const x = p[i]!
      const u = 1 - y
      bad += Math.abs(y * u)
      pos += y * x
      neg = Math.max(neg, u * x)
    }
    const value = bad === 0 ? Math.max(fround(fround(neg - fround(pos)) + 1), 0) : categoricalRowF32(t, p, base, cols)
    dst[r] = value
    sum += value
  }
  return sum
}

/** One row as categoricalHingeF32 computes it: kept apart so that its feedback is this loop's alone. */
function categoricalRowF32(t: Float32Array, p: Float32Array, base: number, cols: number): number {
  let pos = 0
  let neg = -Infinity
  for (let i = base; i < base + cols; i++) {
    const y = t[i]!
    const x = p[i]!
    pos += fround(y * x)
    neg = Math.max(neg, fround(fround(1 - y) * x))
  }
  return Math.max(fround(fround(neg - fround(pos)) + 1), 0)
}

export function categoricalHingeF64(t: Float64Array, p: Float64Array, at: number, cols: number, rows: number, dst: Float64Array, start: number): number {
  let sum = +start
  for (let r = 0, i = at; r < rows; r++) {
    let pos = 0
    let neg = -Infinity
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      const x = p[i]!
      pos += y * x
      neg = Math.max(neg, (1 - y) * x)
    }
    const value = Math.max(neg - pos + 1, 0)
    dst[r] = value
    sum += value
  }
  return sum
}
