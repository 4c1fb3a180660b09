/** The dtype losses are computed in. */
export type DType = 'float32' | 'float64'

export type FloatArray = Float32Array | Float64Array

/** What an input's elements mean: a compute dtype, or half-precision bits in a Uint16Array. */
export type StorageDType = DType | 'float16' | 'bfloat16'

/** Typed arrays whose elements read as numbers. */
export type NumberArray =
  | FloatArray
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array

/**
 * Typed arrays read in place, converted to the compute dtype on the fly; 64-bit integers
 * within ±2^53 (where they are exact as numbers).
 */
export type NumericArray = NumberArray | BigInt64Array | BigUint64Array

/** A number or rectangular nested arrays of numbers. */
export type Nested = number | Nested[]

/**
 * Anything a loss accepts as a tensor: a scalar (shape `[]`), rectangular nested arrays
 * (shape inferred), a typed array (rank 1), or row-major `data` with its `shape`.
 */
export type TensorLike =
  | number
  | Nested
  | NumericArray
  | { data: NumericArray | number[]; shape: readonly number[]; dtype?: StorageDType }
  | TfjsTensorLike
  | OrtTensorLike
  | ArrowVectorLike

/**
 * A TensorFlow.js `tf.Tensor` of dtype 'float32', 'int32' or 'bool', read through
 * `dataSync()`. The package does not depend on TensorFlow.js.
 */
export interface TfjsTensorLike {
  readonly shape: readonly number[]
  readonly dtype: string
  readonly isDisposed?: boolean
  dataSync(): unknown
}

/**
 * An ONNX Runtime `ort.Tensor` on the CPU: `dims` are its shape, `data` is read in place
 * (float16 as half precision, int64/uint64 within ±2^53). No dependency on onnxruntime.
 */
export interface OrtTensorLike {
  readonly dims: readonly number[]
  readonly type: string
  readonly data: unknown
  readonly location?: string
}

/**
 * An Apache Arrow `Vector`: a numeric type is rank 1, a `FixedSizeList<number>[C]` is
 * `[length, C]`; its chunks are read one after another, never joined. No dependency on
 * apache-arrow.
 */
export interface ArrowVectorLike {
  readonly type: { readonly typeId: number }
  readonly data: readonly object[]
}

/** The typed array that holds a tensor of dtype `D`: `FloatArray` when `D` is not known. */
export type ArrayOf<D extends DType> = D extends 'float64' ? Float64Array : D extends 'float32' ? Float32Array : FloatArray

/** Nested booleans, as a mask may be given. */
export type NestedBoolean = boolean | NestedBoolean[]

/** A mask: booleans, or 0 and 1 in any TensorLike form. */
export type MaskLike = TensorLike | NestedBoolean

/** A dense row-major tensor; `Tensor<'float64'>` holds a Float64Array. */
export interface Tensor<D extends DType = DType> {
  data: ArrayOf<D>
  shape: number[]
  dtype: D
}

/** Keras 3.6 reductions, plus the two Keras 3.7 added. */
export type Reduction =
  | 'sum_over_batch_size'
  | 'sum'
  | 'none'
  | null
  | 'mean'
  | 'mean_with_sample_weight'

/** What `compute` returns for a reduction: a Tensor of dtype `D` for 'none'/null, a number otherwise. */
export type ComputeResult<R extends Reduction, D extends DType = DType> = [R] extends ['none' | null]
  ? Tensor<D>
  : [R] extends [Exclude<Reduction, 'none' | null>]
    ? number
    : number | Tensor<D>

/** A loss function: per-sample losses of `yPred`'s shape without its last axis. */
export type LossFunction = (yTrue: TensorLike, yPred: TensorLike) => Tensor

export type LossName = 'hinge' | 'squared_hinge' | 'categorical_hinge' | 'sparse_categorical_hinge'
export type LossClassName = 'Hinge' | 'SquaredHinge' | 'CategoricalHinge' | 'SparseCategoricalHinge'
