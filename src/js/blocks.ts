import { widenHalfInto, type Half } from '../half'
import { isSpans, readSpans, type Spans } from '../spans'
import { copyInto, slice, typedArrayKind } from '../typed-array'
import type { DType, NumberArray } from '../types'
import type { Floats } from './fast'
import type { NumberJob } from './job'

/** Elements per block: small enough to stay in cache, large enough to amortize the calls. */
export const BLOCK = 65536

/** Rows per block for rows of `cols` elements. */
export const rowsPerBlock = (cols: number): number => Math.max(1, Math.floor(BLOCK / cols))

/**
 * The block buffers of one pass: row values, gradient factors per row, and the inputs
 * converted to the compute dtype.
 */
export interface Scratch {
  rows: Float64Array
  factors: Float64Array | null
  f32: [Float32Array, Float32Array] | null
  f64: [Float64Array, Float64Array] | null
  /** A block's class ids, read from spans. */
  ids: Float64Array | null
}

/**
 * Buffers kept between passes, so a pass allocates nothing. A pass takes a set and gives
 * it back when it ends; a pass that starts meanwhile (none can today: no caller code runs
 * inside one) would get a set of its own instead of overwriting another's.
 */
const idle: Scratch[] = []

export function takeScratch(): Scratch {
  return idle.pop() ?? { rows: new Float64Array(BLOCK), factors: null, f32: null, f64: null, ids: null }
}

export function returnScratch(scratch: Scratch): void {
  idle.push(scratch)
}

let sinkhole: Float64Array | undefined

/**
 * Where the whole-call shortcut's loops write row values it never reads (it keeps their
 * running sum): one buffer for every call, since no reader can be disturbed by another
 * writer, and no scratch set to take and give back on a tiny call.
 */
export const discarded = (): Float64Array => (sinkhole ??= new Float64Array(BLOCK))

/** Where a pass reads its blocks: the inputs themselves, or scratch buffers `load` fills. */
export interface BlockSource {
  t: Floats
  p: Floats
  /** Both inputs already have the compute dtype's element type: read in place. */
  direct: boolean
}

/**
 * One typed array of the dtype's element type, told by its tag: `instanceof` would walk a
 * prototype chain the caller may have changed (see job.ts `Job`).
 */
export const ofDType = (data: NumberArray | Spans, dtype: DType): data is Floats =>
  typedArrayKind(data) === (dtype === 'float32' ? 'Float32Array' : 'Float64Array')

/**
 * The arrays a pass reads: the inputs themselves when both already have the compute
 * dtype's element type (read in place), or block-sized scratch buffers that `load`
 * fills one block at a time (never the whole input), half-precision bits widened there.
 * Null when rows are too long to convert in one block: the caller then takes the exact
 * per-row path, which reads in place (half-precision inputs widened first, see backend.ts).
 */
export function blockSource(job: NumberJob, scratch: Scratch): BlockSource | null {
  const { yTrue, yPred, dtype } = job
  if (ofDType(yTrue, dtype) && ofDType(yPred, dtype)) return { t: yTrue, p: yPred, direct: true }
  if (job.cols > BLOCK) return null
  if (dtype === 'float32') {
    const [t, p] = (scratch.f32 ??= [new Float32Array(BLOCK), new Float32Array(BLOCK)])
    return { t, p, direct: false }
  }
  const [t, p] = (scratch.f64 ??= [new Float64Array(BLOCK), new Float64Array(BLOCK)])
  return { t, p, direct: false }
}

/**
 * Converts elements [start, start + len) of `src` into the start of `dst`, through
 * built-in views and the built-in `set`: no method of the caller's array runs. `half`:
 * `src` holds half-precision bits of that kind. Spans are read piece by piece.
 */
export function load(dst: Floats, src: NumberArray | Spans, start: number, len: number, half: Half | null): void {
  if (isSpans(src)) readSpans(dst, src, start, len, half)
  else if (half !== null) widenHalfInto(dst, src as Uint16Array, start, len, half)
  else copyInto(dst, slice(src, start, len))
}

/** The gradient-factor buffer of a scratch set. */
export const factorsOf = (scratch: Scratch): Float64Array => (scratch.factors ??= new Float64Array(BLOCK))

/**
 * The class ids of rows r0 … r0 + n - 1 (n at most a block's rows), row r0's first: a
 * view of one array, or read from spans into the scratch set's buffer.
 */
export function idsOf(job: NumberJob, r0: number, n: number, scratch: Scratch): NumberArray {
  const ids = job.yTrue
  if (!isSpans(ids)) return slice(ids, r0, n) as NumberArray
  const dst = (scratch.ids ??= new Float64Array(BLOCK))
  readSpans(dst, ids, r0, n, job.yTrueHalf)
  return dst
}
