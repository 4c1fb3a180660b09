/**
 * hinge-losses/js: the same API as the package root, computed by the pure-TypeScript
 * backend only. It never loads the native binary and runs anywhere Node runs.
 */
import { entryApi } from './entry'
import type * as losses from './loss-classes'
import type * as means from './metrics/mean-metric'
import { selector } from './select'
import type { DType, Reduction } from './types'

export const {
  Hinge,
  SquaredHinge,
  CategoricalHinge,
  SparseCategoricalHinge,
  metrics,
  hinge,
  squaredHinge,
  categoricalHinge,
  sparseCategoricalHinge,
  get,
  serialize,
  deserialize,
  evaluateInWorkers,
  backend,
  setBackend,
} =
  entryApi(selector(), __filename)

// The class types, under the names of the classes (see public.ts).
export type Hinge<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> = losses.Hinge<R, D>
export type SquaredHinge<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> = losses.SquaredHinge<R, D>
export type CategoricalHinge<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> = losses.CategoricalHinge<R, D>
export type SparseCategoricalHinge<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> = losses.SparseCategoricalHinge<R, D>
export declare namespace metrics {
  type Hinge = means.HingeMetric
  type SquaredHinge = means.SquaredHingeMetric
  type CategoricalHinge = means.CategoricalHingeMetric
  type SparseCategoricalHinge = means.SparseCategoricalHingeMetric
}

export * from './public'
