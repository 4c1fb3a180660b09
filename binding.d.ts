/* Generated from crates/hinge-node by `npm run build:native` (napi-rs): do not edit. __test__/binding-dts.spec.js fails while this copy differs from the build's. */
/* eslint-disable */

/**
 * Cancels the `lossAsync` calls it is passed to: once `cancel()` is
 * called, their work stops at the next block of rows and their promises
 * reject.
 */
export declare class CancelFlag {
  constructor()
  cancel(): void
}

/**
 * How many of the first `n` bytes of `mask` (a Uint8Array) are 1 when
 * each is 0 or 1; otherwise -1 minus the index of the first that is
 * neither.
 */
export declare function countMask(mask: Uint8Array, n: number): number

/** The compute dtype. */
export type DType = 'float32' | 'float64'

/**
 * The gradient with respect to `yPred` to write beside the values: each
 * row's scale is `factor` times its weight times its `scale` entry.
 */
export interface Grad {
  out: Float32Array | Float64Array
  kink: Kink
  factor: number
  scale: Float64Array | null
}

/** What the bits of a `Uint16Array` mean when they are half-precision floats. */
export type Half = 'float16' | 'bfloat16'

/**
 * The instruction set the kernels use on this CPU (`avx2`, `sse2` or
 * `scalar`), for benchmark reports.
 */
export declare function instructionSet(): string

/**
 * One fused pass over `rows x cols` row-major inputs: per-row losses,
 * optionally weighted (weights read through `weightMap`'s [inner, extent,
 * stride] triples) and written to `out`, then summed.
 *
 * `yTrue`, `yPred` and `weights` are each a typed array, or an array of
 * typed arrays of one type read end to end as one (Apache Arrow's chunks,
 * never joined).
 *
 * The arrays are read as one JavaScript object's fields (and those
 * arrays' elements), all before any of them is looked at, so a getter
 * cannot detach one already read.
 */
export interface Job {
  kind: LossKind
  dtype: DType
  labels: LabelMode
  rows: number
  cols: number
  yTrue: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | ReadonlyArray<Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array>
  yPred: Job['yTrue']
  weights: Job['yTrue'] | null
  weightMap: Float64Array | null
  out: Float32Array | Float64Array | null
  /** Half-precision bits in `yTrue`, `yPred` or `weights` (Uint16Arrays then). */
  yTrueHalf: Half | null
  yPredHalf: Half | null
  weightsHalf: Half | null
  mask: Mask | null
  grad: Grad | null
}

/** The subgradient of `max(x, 0)` at `x = 0`: 1, 1/2 or 0. */
export type Kink = 'full' | 'half' | 'zero'

/**
 * Hinge and squared hinge: `auto` applies Keras' {0,1} rule to this job's
 * labels; `convert` and `keep` force the decision.
 */
export type LabelMode = 'auto' | 'convert' | 'keep'

/**
 * As `lossSync`, computed off the JavaScript thread; `cancel` stops it at
 * the next block of rows. Argument errors throw synchronously; the arrays
 * must not be written, transferred or detached until the promise settles.
 */
export declare function lossAsync(job: Job, cancel?: CancelFlag | undefined | null): Promise<Totals>

/** The loss, as Keras names it. */
export type LossKind = 'hinge' | 'squared_hinge' | 'categorical_hinge' | 'sparse_categorical_hinge'

/** Computes `job` on the calling thread and the pool. */
export declare function lossSync(job: Job): Totals

/**
 * A mask weighting each row: its entries (0 or 1) read through `map` as
 * the weights are, times `scale`.
 */
export interface Mask {
  data: Job['yTrue']
  map: Float64Array
  scale: number
}

/**
 * Size of the native thread pool (HINGE_LOSSES_NUM_THREADS, default the
 * available cores).
 */
export declare function threadCount(): number

/**
 * `sum` = Σ of the (weighted) per-row values; `weightSum` = Σ of the
 * per-row weights, or `rows` without weights; both in float64.
 */
export interface Totals {
  sum: number
  weightSum: number
}
