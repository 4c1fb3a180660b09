import type { Job } from '../kernel'
import type { NumericArray } from '../types'

/** Elements per block: small enough to stay in cache, large enough to amortize the calls. */
const BLOCK = 8192

export type Floats = Float32Array | Float64Array

/**
 * Walks the rows of a job in blocks of whole rows. When both inputs already have the
 * compute dtype's element type the kernels read them in place; otherwise each block is
 * converted into a small scratch buffer first (never the whole input). `visit` gets the
 * arrays to read, the index of the block's first element in them, the first row and the
 * row count. Returns false, visiting nothing, when rows are too long to convert in one
 * block: the caller then takes the exact per-row path, which reads in place.
 */
export function forEachBlock(
  job: Job,
  visit: (t: Floats, p: Floats, at: number, r0: number, n: number) => void,
): boolean {
  const { cols, rows, yTrue, yPred } = job
  const Kind = job.dtype === 'float32' ? Float32Array : Float64Array
  const direct = yTrue instanceof Kind && yPred instanceof Kind
  if (!direct && cols > BLOCK) return false
  const perBlock = Math.max(1, Math.floor(BLOCK / cols))
  if (direct) {
    for (let r0 = 0; r0 < rows; r0 += perBlock) visit(yTrue, yPred, r0 * cols, r0, Math.min(perBlock, rows - r0))
    return true
  }
  const t = new Kind(perBlock * cols)
  const p = new Kind(perBlock * cols)
  const load = (dst: Floats, src: NumericArray, start: number, len: number) => dst.set(src.subarray(start, start + len))
  for (let r0 = 0; r0 < rows; r0 += perBlock) {
    const n = Math.min(perBlock, rows - r0)
    load(t, yTrue, r0 * cols, n * cols)
    load(p, yPred, r0 * cols, n * cols)
    visit(t, p, 0, r0, n)
  }
  return true
}

/** A float64 buffer for one block's row values. */
export function rowBuffer(cols: number): Float64Array {
  return new Float64Array(Math.max(1, Math.floor(BLOCK / cols)))
}
