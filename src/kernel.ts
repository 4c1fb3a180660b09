import type { DType, FloatArray, NumericArray } from './types'

/** Loss kinds in the order the native binding numbers them. */
export const enum LossKind {
  Hinge = 0,
  SquaredHinge = 1,
  CategoricalHinge = 2,
}

export type LabelMode = 'auto' | 'convert' | 'keep'

/**
 * One fused pass over validated rows: per-row losses, optionally weighted and written
 * to `out`, summed. Both backends implement exactly this; the facade does everything else.
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
  /** Same result as `run`, bit for bit; native work runs off the JavaScript thread. */
  runAsync(job: Job): Promise<Totals>
}
