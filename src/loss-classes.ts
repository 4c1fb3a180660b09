import { engineOf, type Engine } from './engine'
import { abortError } from './errors'
import { LossKind, type Kink } from './job'
import { checkDType, checkName, checkReduction, readConfig, readOptions } from './options'
import { gradTask, type ValueAndGrad } from './gradient'
import { perSampleTask, reduced, type Task } from './prepare'
import type { ComputeResult, DType, FloatArray, MaskLike, Reduction, Tensor, TensorLike } from './types'

export interface LossOptions<R extends Reduction = Reduction, D extends DType = DType> {
  /** @default 'sum_over_batch_size' */
  reduction?: R
  /** @default the loss' snake_case name, e.g. 'hinge' */
  name?: string
  /** Compute dtype; both inputs are cast to it. @default 'float32' */
  dtype?: D | null
}

export interface LossConfig {
  name: string
  reduction: Reduction
  dtype: DType
}

export interface GradOptions<D extends DType = DType> extends MaskOptions {
  /** The subgradient at a kink: 'full' (Keras on TensorFlow), 'half' (on JAX, PyTorch) or 'zero'. @default 'full' */
  kink?: Kink
  /** Reduction 'none' or null only: d(objective)/d(value), in the value's shape. @default ones */
  upstream?: TensorLike
  /** Receives the gradient: an array of this loss's dtype with yPred's element count. */
  out?: D extends 'float64' ? Float64Array : D extends 'float32' ? Float32Array : FloatArray
}

export interface MaskOptions {
  /** Keras' `_keras_mask` of yPred: booleans (or 0/1) of the per-sample losses' shape. */
  mask?: MaskLike
}

export interface ComputeAsyncOptions extends MaskOptions {
  /** Aborting rejects with an AbortError (or the signal's own Error reason). */
  signal?: AbortSignal
}

const MASK = ['mask'] as const
const SIGNAL = ['signal'] as const
const ASYNC = ['signal', 'mask'] as const

const CONCRETE = 'Hinge, SquaredHinge, CategoricalHinge or SparseCategoricalHinge'
const KINDS: readonly unknown[] = [LossKind.Hinge, LossKind.SquaredHinge, LossKind.CategoricalHinge, LossKind.SparseCategoricalHinge]

/** The kind of every loss this package constructed, whichever entry's class built it. */
const kinds = new WeakMap<object, LossKind>()

/** The kind of a loss this package constructed; undefined for anything else. */
export function kindOf(value: unknown): LossKind | undefined {
  return typeof value === 'object' && value !== null ? kinds.get(value) : undefined
}

const FIELDS = ['reduction', 'name', 'dtype'] as const

/**
 * Keras' `Loss`: `compute` is `Loss.__call__` (cast, rank rule, per-sample losses,
 * sample weights, reduction) and `call` is `Loss.call` (per-sample losses only).
 */
export abstract class Loss<R extends Reduction = Reduction, D extends DType = DType> {
  readonly name: string
  readonly reduction: R
  readonly dtype: D
  /** @internal */
  protected readonly kind: LossKind

  /** The backend this loss computes on: its entry's (see engine.ts). */
  private readonly engine: Engine

  protected constructor(kind: LossKind, defaultName: string, options?: LossOptions<R, D>) {
    const engine = engineOf(new.target)
    if (engine === undefined || !KINDS.includes(kind)) {
      throw new TypeError(`Cannot construct ${new.target.name || 'Loss'}: Loss is abstract; construct ${CONCRETE}`)
    }
    this.engine = engine
    const o = readOptions(options, FIELDS)
    this.kind = kind
    this.reduction = checkReduction(o.reduction) as R
    this.name = checkName(o.name, defaultName)
    this.dtype = checkDType(o.dtype) as D
    kinds.set(this, kind)
  }

  /** Per-sample losses in `this.dtype`: no weights, no reduction; a mask is checked but not applied, as in Keras. */
  call(yTrue: TensorLike, yPred: TensorLike, options?: MaskOptions): Tensor<D> {
    const { mask } = readOptions(options, MASK)
    return this.runSync(perSampleTask(this.kind, yTrue, yPred, this.dtype, mask)) as Tensor<D>
  }

  /** The reduced (or, for 'none'/null, weighted per-sample) loss. */
  compute(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike, options?: MaskOptions): ComputeResult<R, D> {
    const { mask } = readOptions(options, MASK)
    const task = reduced(this.kind, yTrue, yPred, sampleWeight, this.reduction, this.dtype, mask).task
    return this.runSync(task) as ComputeResult<R, D>
  }

  /**
   * `compute` with the native work off the JavaScript thread; settles with exactly what
   * `compute` returns. Do not write to, transfer or detach the inputs until it settles.
   */
  async computeAsync(
    yTrue: TensorLike,
    yPred: TensorLike,
    sampleWeight?: TensorLike,
    options?: ComputeAsyncOptions,
  ): Promise<ComputeResult<R, D>> {
    const { signal, mask } = readOptions(options, ASYNC) as { signal: AbortSignal | undefined; mask: unknown }
    if (signal?.aborted) throw abortError(signal)
    const task = reduced(this.kind, yTrue, yPred, sampleWeight, this.reduction, this.dtype, mask).task
    return (await this.runAsync(task, signal)) as ComputeResult<R, D>
  }

  /**
   * `compute`'s result and its gradient with respect to yPred, in one pass: `value` is bit
   * for bit what `compute` returns, `grad` has yPred's shape and this loss's dtype. With
   * `out` the gradient is written there (and `grad.data === out`).
   */
  valueAndGrad(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike, options?: GradOptions<D>): ValueAndGrad<ComputeResult<R, D>, D> {
    const task = gradTask(this.kind, yTrue, yPred, sampleWeight, this.reduction, this.dtype, options)
    return this.runSync(task) as ValueAndGrad<ComputeResult<R, D>, D>
  }

  /** `valueAndGrad` with the native work off the JavaScript thread; the same result, bit for bit. */
  async valueAndGradAsync(
    yTrue: TensorLike,
    yPred: TensorLike,
    sampleWeight?: TensorLike,
    options?: GradOptions<D> & ComputeAsyncOptions,
  ): Promise<ValueAndGrad<ComputeResult<R, D>, D>> {
    const { signal } = readOptions(options, SIGNAL) as { signal: AbortSignal | undefined }
    if (signal?.aborted) throw abortError(signal)
    const task = gradTask(this.kind, yTrue, yPred, sampleWeight, this.reduction, this.dtype, options)
    return (await this.runAsync(task, signal)) as ValueAndGrad<ComputeResult<R, D>, D>
  }

  getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction, dtype: this.dtype }
  }

  /** Call it on a concrete class, `Hinge.fromConfig(config)`; `Loss.fromConfig` is refused. */
  static fromConfig<T>(this: new (options?: LossOptions) => T, config: object): T {
    if (engineOf(this) === undefined) {
      const name = typeof this === 'function' && this.name !== '' ? this.name : 'Loss'
      throw new TypeError(
        `${name}.fromConfig: ${name} is abstract; call fromConfig on ${CONCRETE} (e.g. Hinge.fromConfig(config)), or deserialize({ class_name, config })`,
      )
    }
    return new this(readConfig(config, FIELDS) as LossOptions)
  }

  private async runAsync<T>(task: Task<T>, signal: AbortSignal | undefined): Promise<T> {
    const totals = await this.engine.kernel().runAsync(task.job, signal)
    if (signal?.aborted) throw abortError(signal)
    return task.finishAsync === undefined ? task.finish(totals) : task.finishAsync(totals)
  }

  private runSync<T>(task: Task<T>): T {
    return task.finish(this.engine.kernel().run(task.job))
  }
}

/** Keras `Hinge`: mean of max(1 - yTrue·yPred, 0), {0,1} labels converted to {-1,1}. */
export class Hinge<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> extends Loss<R, D> {
  constructor(options?: LossOptions<R, D>) {
    super(LossKind.Hinge, 'hinge', options)
  }
}

/** Keras `SquaredHinge`: mean of max(1 - yTrue·yPred, 0)², {0,1} labels converted. */
export class SquaredHinge<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> extends Loss<R, D> {
  constructor(options?: LossOptions<R, D>) {
    super(LossKind.SquaredHinge, 'squared_hinge', options)
  }
}

/** Keras `CategoricalHinge`: max(max((1 - yTrue)·yPred) - Σ yTrue·yPred + 1, 0). */
export class CategoricalHinge<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> extends Loss<R, D> {
  constructor(options?: LossOptions<R, D>) {
    super(LossKind.CategoricalHinge, 'categorical_hinge', options)
  }
}

/** Categorical hinge with class ids for labels (ours; Keras has none): `CategoricalHinge` of the one-hot rows, bit for bit. */
export class SparseCategoricalHinge<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> extends Loss<R, D> {
  constructor(options?: LossOptions<R, D>) {
    super(LossKind.SparseCategoricalHinge, 'sparse_categorical_hinge', options)
  }
}
