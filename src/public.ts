// What both entry points export unchanged.
export { LossInputError, type LossInputErrorCode } from './errors'
export { tensor } from './tensor-like'
export { Loss, type LossOptions, type LossConfig, type ComputeAsyncOptions, type GradOptions, type MaskOptions } from './loss-classes'
export type { ValueAndGrad } from './gradient'
export type { Kink } from './job'
export { MeanMetric, type MetricOptions, type MetricConfig, type MetricState } from './metrics/mean-metric'
export { feedMetric, type FeedOptions } from './stream/feed'
export { metricSink, type SinkOptions } from './stream/sink'
export { splitBatches } from './stream/split'
export type { Batch } from './stream/batch'
export type { EvaluateInWorkers, WorkerOptions } from './workers/evaluate'
export type { SerializedLoss } from './registry'
export type { BackendName, BackendChoice } from './select'
export type {
  ComputeResult,
  DType,
  FloatArray,
  LossClassName,
  LossFunction,
  LossName,
  MaskLike,
  NestedBoolean,
  Nested,
  NumericArray,
  Reduction,
  Tensor,
  TensorLike,
} from './types'
