import type { DType, FloatArray, NumericArray } from './types'

/** Loss kinds, spelled as the native binding's `LossKind` (binding.d.ts). */
export const enum LossKind {
  Hinge = 'hinge',
  SquaredHinge = 'squared_hinge',
  CategoricalHinge = 'categorical_hinge',
}

export type LabelMode = 'auto' | 'convert' | 'keep'

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
  yTrue: NumericArray
  yPred: NumericArray
  /** Weights read through `weightMap` (see shape.ts), or null for unweighted losses. */
  weights: NumericArray | null
  weightMap: Float64Array | null
  /** Receives the (weighted) per-row values when given; its length is `rows`. */
  out: FloatArray | null
}

export interface Totals {
  /** Sum of the (weighted) per-row values, in float64. */
  sum: number
  /** Sum of the per-row weights in float64; `rows` without weights. */
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
