/**
 * The hot loops of the pure-TS backend, one function per loss, dtype and label mode so
 * V8 sees one array type and no dead branch at every access. Each computes whole rows of
 * a block into `dst` (float64 slots holding values already rounded to the dtype).
 *
 * The float32 loops compute each term in float64 — exact products and differences of
 * float32 values, where Keras rounds every term to float32 — and round once per row: the
 * per-sample values then agree with the exact float32 arithmetic within a few float32
 * ulps (the documented 1e-6), at half the cost of rounding every operation with Math.fround.
 * Rows where float32 rounding could change more than that — a term past float32's range,
 * where float32 overflows to Infinity — come out non-finite or above FLT32_MAX / cols,
 * and callers redo them exactly.
 *
 * max(d, 0) is written 0.5·(d + |d|): exact, NaN-propagating and branch-free, because
 * `Math.max` compiles to branches that mispredict on random data. It differs only for
 * d = -Infinity (NaN, not 0) and for d past 9e307 (Infinity), both caught the same way.
 *
 * The `Converted` loops map {0,1} labels to {-1,1} and return the block's label
 * badness Σ |t·(t - 1)|: 0 exactly when every label is 0 or 1 (NaN stays NaN), so the
 * global {0,1} check costs no branch. The plain loops check nothing: their mode is known.
 */

/** Largest finite float32: a float64 row value above it is not a float32 result. */
export const FLT32_MAX = 3.4028234663852886e38

export function hingeRows(t: Floats, p: Floats, at: number, cols: number, rows: number, dst: Float64Array): void {
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const d = 1 - t[i]! * p[i]!
      s += 0.5 * (d + Math.abs(d))
    }
    dst[r] = s / cols
  }
}

export function hingeRowsConverted(t: Floats, p: Floats, at: number, cols: number, rows: number, dst: Float64Array): number {
  let bad = 0
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = 1 - (2 * y - 1) * p[i]!
      s += 0.5 * (d + Math.abs(d))
    }
    dst[r] = s / cols
  }
  return bad
}

export function squaredHingeRows(t: Floats, p: Floats, at: number, cols: number, rows: number, dst: Float64Array): void {
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const d = 1 - t[i]! * p[i]!
      const h = 0.5 * (d + Math.abs(d))
      s += h * h
    }
    dst[r] = s / cols
  }
}

export function squaredHingeRowsConverted(t: Floats, p: Floats, at: number, cols: number, rows: number, dst: Float64Array): number {
  let bad = 0
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = 1 - (2 * y - 1) * p[i]!
      const h = 0.5 * (d + Math.abs(d))
      s += h * h
    }
    dst[r] = s / cols
  }
  return bad
}

// Categorical hinge needs a true max over the classes, so it keeps Math.max, and its
// float32 loop rounds like Keras: pos - neg cancels, where a float64 shortcut would not
// stay within a few ulps of the float32 result.

export function categoricalHingeRowsF32(t: Float32Array, p: Float32Array, at: number, cols: number, rows: number, dst: Float64Array): void {
  const fround = Math.fround
  for (let r = 0, i = at; r < rows; r++) {
    let pos = 0
    let neg = -Infinity
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      const x = p[i]!
      pos += fround(y * x)
      neg = Math.max(neg, fround(fround(1 - y) * x))
    }
    dst[r] = Math.max(fround(fround(neg - fround(pos)) + 1), 0)
  }
}

export function categoricalHingeRowsF64(t: Float64Array, p: Float64Array, at: number, cols: number, rows: number, dst: Float64Array): void {
  for (let r = 0, i = at; r < rows; r++) {
    let pos = 0
    let neg = -Infinity
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      const x = p[i]!
      pos += y * x
      neg = Math.max(neg, (1 - y) * x)
    }
    dst[r] = Math.max(neg - pos + 1, 0)
  }
}

export type Floats = Float32Array | Float64Array
