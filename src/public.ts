// What both entry points export unchanged.
export { LossInputError, type LossInputErrorCode } from './errors'
export { tensor } from './tensor-like'
export { Loss, type LossOptions, type LossConfig, type ComputeAsyncOptions } from './loss-classes'
export type { SerializedLoss } from './registry'
export type { BackendName, BackendChoice } from './engine'
export type {
  ComputeResult,
  DType,
  FloatArray,
  LossClassName,
  LossFunction,
  LossName,
  Nested,
  NumericArray,
  Reduction,
  Tensor,
  TensorLike,
} from './types'
