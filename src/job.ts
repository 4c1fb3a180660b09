import type { Half } from './half'
import type { Data, Spans } from './spans'
import type { DType, FloatArray, NumberArray } from './types'

/** Loss kinds, spelled as the native binding's `LossKind` (binding.d.ts). */
export const enum LossKind {
  Hinge = 'hinge',
  SquaredHinge = 'squared_hinge',
  CategoricalHinge = 'categorical_hinge',
  /** Categorical hinge with class ids for labels: yTrue holds one id per row. */
  SparseCategoricalHinge = 'sparse_categorical_hinge',
}

export type LabelMode = 'auto' | 'convert' | 'keep'

/** The subgradient at a kink (max(x, 0) at x = 0): 'full' 1 (Keras on TensorFlow), 'half' 1/2 (on JAX, PyTorch), 'zero' 0. */
export type Kink = 'full' | 'half' | 'zero'

/**
 * The gradient a pass writes beside the values: d(result) / d(yPred), element by element,
 * with each row's scale `s = factor · w · scale` formed in float64 (w the row's weight,
 * 1 without weights; scale the row's entry, 1 without) and rounded once.
 */
export interface GradJob {
  /** Receives the gradient: rows · cols values in the job's dtype, yPred's layout. */
  out: FloatArray
  kink: Kink
  /** The reduction's factor: 1 for 'sum', 1/N for the means, 1/Σw for 'mean_with_sample_weight'. */
  factor: number
  /** Per-row factors (upstream gradients, or weights summed over a broadcast), or null. */
  scale: Float64Array | null
}

/**
 * Keras' mask, fused into the pass as a second per-row factor (see mask.ts): row r's
 * weight is w · (m · scale) with its sample weight w, or m · scale without one, each
 * operation in the dtype; m (0 or 1) is read through `map` as weights are.
 */
export interface MaskJob {
  /** One array, or (for a chunked Arrow mask) its spans. */
  data: NumberArray | Spans
  map: Float64Array
  /** total / valid for the reductions that average over the batch, 1 otherwise; a value of the dtype. */
  scale: number
}

/**
 * One fused pass over validated rows: per-row losses, optionally weighted and written
 * to `out`, summed. Both backends implement exactly this; the facade does everything else.
 * The facade builds it once per call, and the native backend hands it to the binding as
 * it is: it is assignable to the binding's `Job` (binding.d.ts), which tsc checks there.
 */
export interface Job {
  kind: LossKind
  dtype: DType
  rows: number
  /**
   * Hinge and squared hinge labels: 'auto' applies Keras' rule to this job's labels (all
   * in {0,1}: convert to {-1,1}); 'convert' and 'keep' force the decision, for callers that
   * made it over more data than one job holds (chunked files, for instance).
   */
  labels: LabelMode
  /** Length of the last axis, at least 1 when rows > 0. */
  cols: number
  /**
   * rows · cols labels; for sparse categorical hinge, rows class ids, which the kernel checks
   * to be in [0, cols) (ERR_LABEL_RANGE naming the first that is not) before it returns and
   * before it writes a gradient. Each input is one typed array or the spans of a chunked
   * Arrow vector (spans.ts).
   * Either may be the caller's own array (see typed-array.ts `inPlaceOrView`): both are read
   * only by index and through typed-array.ts (their kind by its tag, never `instanceof`,
   * which would walk a prototype the caller may since have replaced by a Proxy).
   */
  yTrue: Data
  yPred: Data
  /** Weights read through `weightMap` (see shape.ts), or null for unweighted losses. */
  weights: Data | null
  weightMap: Float64Array | null
  /** Receives the (weighted) per-row values when given; its length is `rows`. */
  out: FloatArray | null
  /** Set when yTrue, yPred or the weights are half-precision bits in a Uint16Array (see half.ts). */
  yTrueHalf: Half | null
  yPredHalf: Half | null
  weightsHalf: Half | null
  mask: MaskJob | null
  /** The gradient to write as well, or null for values alone; its labels are never 'auto'. */
  grad: GradJob | null
}

export interface Totals {
  /** Sum of the (weighted) per-row values, in float64. */
  sum: number
  /** Sum of the per-row weights (mask included) in float64; `rows` without weights or mask. */
  weightSum: number
}

/** A backend: one implementation of the fused pass. */
export interface Kernel {
  readonly name: 'native' | 'js'
  run(job: Job): Totals
  /**
   * Same result as `run`, bit for bit; native work runs off the JavaScript thread, and an
   * abort of `signal` stops it at the next block of rows and rejects with `abortError`.
   */
  runAsync(job: Job, signal?: AbortSignal): Promise<Totals>
}
