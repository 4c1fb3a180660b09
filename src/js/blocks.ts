import type { Job } from '../kernel'
import type { NumericArray } from '../types'
import type { Floats } from './fast'

/** Elements per block: small enough to stay in cache, large enough to amortize the calls. */
export const BLOCK = 65536

/** Rows per block for rows of `cols` elements. */
export const rowsPerBlock = (cols: number): number => Math.max(1, Math.floor(BLOCK / cols))

/**
 * One block's row values. Shared by every call: the pure-TS backend runs synchronously
 * and no caller code runs inside a pass, so one buffer serves all.
 */
export const rowValues = new Float64Array(BLOCK)

let scratchT: Float64Array | Float32Array = new Float32Array(0)
let scratchP: Float64Array | Float32Array = new Float32Array(0)

function scratch(current: Floats, Kind: Float32ArrayConstructor | Float64ArrayConstructor): Floats {
  return current instanceof Kind && current.length >= BLOCK ? current : new Kind(BLOCK)
}

/**
 * The arrays a pass reads: the inputs themselves when both already have the compute
 * dtype's element type (read in place), or block-sized scratch buffers that `load`
 * fills one block at a time (never the whole input). Null when rows are too long to
 * convert in one block: the caller then takes the exact per-row path, which reads in place.
 */
export function blockSource(job: Job): { t: Floats; p: Floats; direct: boolean } | null {
  const Kind = job.dtype === 'float32' ? Float32Array : Float64Array
  const { yTrue, yPred } = job
  if (yTrue instanceof Kind && yPred instanceof Kind) return { t: yTrue, p: yPred, direct: true }
  if (job.cols > BLOCK) return null
  scratchT = scratch(scratchT, Kind)
  scratchP = scratch(scratchP, Kind)
  return { t: scratchT, p: scratchP, direct: false }
}

/** Converts elements [start, start + len) of `src` into the start of `dst`. */
export function load(dst: Floats, src: NumericArray, start: number, len: number): void {
  dst.set(src.subarray(start, start + len))
}
