/**
 * The hot loops of the pure-TS backend, one function per loss and dtype so V8 sees one
 * array type at every access. Each computes whole rows of a block into `dst` (float64
 * slots holding values already rounded to the dtype) and returns the block's label
 * badness: Σ |t·(t - 1)|, which is 0 exactly when every label is 0 or 1 (NaN otherwise
 * stays NaN), so the global {0,1} check costs no branch.
 *
 * max(d, 0) is written 0.5·(d + |d|): exact, NaN-propagating and branch-free, because
 * `Math.max` compiles to branches that mispredict on random data. It differs only for
 * d = -Infinity (NaN, not 0) and for float64 d past 9e307 (Infinity), so callers
 * recompute any row that comes out non-finite.
 */

const fround = Math.fround

export function hingeRowsF32(t: Float32Array, p: Float32Array, at: number, cols: number, rows: number, a: number, b: number, dst: Float64Array): number {
  let bad = 0
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = fround(1 - fround((a * y + b) * p[i]!))
      s += 0.5 * (d + Math.abs(d))
    }
    dst[r] = fround(s / cols)
  }
  return bad
}

export function hingeRowsF64(t: Float64Array, p: Float64Array, at: number, cols: number, rows: number, a: number, b: number, dst: Float64Array): number {
  let bad = 0
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = 1 - (a * y + b) * p[i]!
      s += 0.5 * (d + Math.abs(d))
    }
    dst[r] = s / cols
  }
  return bad
}

export function squaredHingeRowsF32(t: Float32Array, p: Float32Array, at: number, cols: number, rows: number, a: number, b: number, dst: Float64Array): number {
  let bad = 0
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = fround(1 - fround((a * y + b) * p[i]!))
      const h = 0.5 * (d + Math.abs(d))
      s += fround(h * h)
    }
    dst[r] = fround(s / cols)
  }
  return bad
}

export function squaredHingeRowsF64(t: Float64Array, p: Float64Array, at: number, cols: number, rows: number, a: number, b: number, dst: Float64Array): number {
  let bad = 0
  for (let r = 0, i = at; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]!
      bad += Math.abs(y * (y - 1))
      const d = 1 - (a * y + b) * p[i]!
      const h = 0.5 * (d + Math.abs(d))
      s += h * h
    }
    dst[r] = s / cols
  }
  return bad
}

// Categorical hinge needs a true max over the classes, so it keeps Math.max; it has no
// label conversion and its maxima are exact, so its rows never need recomputing.

export function categoricalHingeRowsF32(t: Float32Array, p: Float32Array, at: number, cols: number, rows: number, dst: Float64Array): void {
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
