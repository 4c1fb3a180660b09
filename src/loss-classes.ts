import { isConcrete } from './concrete'
import type { Engine } from './engine'
import { LossInputError, abortError, describe } from './errors'
import { LossKind } from './job'
import { checkDType, checkName, checkReduction, readOptions } from './options'
import { perSampleTask, reducedTask, type Task } from './prepare'
import type { ComputeResult, DType, Reduction, Tensor, TensorLike } from './types'

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

export interface ComputeAsyncOptions {
  /** Aborting rejects with an AbortError (or the signal's own Error reason). */
  signal?: AbortSignal
}

const CONCRETE = 'Hinge, SquaredHinge or CategoricalHinge'
const KINDS: readonly unknown[] = [LossKind.Hinge, LossKind.SquaredHinge, LossKind.CategoricalHinge]

/** The kind of every loss this package constructed, whichever entry's class built it. */
const kinds = new WeakMap<object, LossKind>()

/** The kind of a loss this package constructed; undefined for anything else. */
export function kindOf(value: unknown): LossKind | undefined {
  return typeof value === 'object' && value !== null ? kinds.get(value) : undefined
}

/** Options from a config object, as Keras' `from_config` passes them to the constructor. */
function optionsFromConfig(config: unknown): LossOptions {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new LossInputError('ERR_INVALID_TYPE', `config: expected an object, received ${describe(config)}`)
  }
  const { name, reduction, dtype } = config as Record<string, unknown>
  // The constructor validates each value, as Keras' constructor does for from_config.
  return { name, reduction, dtype } as LossOptions
}

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

  protected constructor(kind: LossKind, defaultName: string, options?: LossOptions<R, D>) {
    if (!isConcrete(new.target) || !KINDS.includes(kind)) {
      throw new TypeError(`Cannot construct ${new.target.name || 'Loss'}: Loss is abstract; construct ${CONCRETE}`)
    }
    const o = readOptions(options)
    this.kind = kind
    this.reduction = checkReduction(o.reduction) as R
    this.name = checkName(o.name, defaultName)
    this.dtype = checkDType(o.dtype) as D
    kinds.set(this, kind)
  }

  /** The backend this loss computes on, read at each call. */
  protected abstract engine(): Engine

  /** Per-sample losses in `this.dtype`: no weights, no reduction. */
  call(yTrue: TensorLike, yPred: TensorLike): Tensor<D> {
    return this.runSync(perSampleTask(this.kind, yTrue, yPred, this.dtype)) as Tensor<D>
  }

  /** The reduced (or, for 'none'/null, weighted per-sample) loss. */
  compute(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike): ComputeResult<R, D> {
    const task = reducedTask(this.kind, yTrue, yPred, sampleWeight, this.reduction, this.dtype)
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
    const signal = options?.signal
    if (signal?.aborted) throw abortError(signal)
    const task = reducedTask(this.kind, yTrue, yPred, sampleWeight, this.reduction, this.dtype)
    const totals = await this.engine().kernel().runAsync(task.job, signal)
    if (signal?.aborted) throw abortError(signal)
    const result = task.finishAsync === undefined ? task.finish(totals) : await task.finishAsync(totals)
    return result as ComputeResult<R, D>
  }

  getConfig(): LossConfig {
    return { name: this.name, reduction: this.reduction, dtype: this.dtype }
  }

  /** Call it on a concrete class, `Hinge.fromConfig(config)`; `Loss.fromConfig` is refused. */
  static fromConfig<T>(this: new (options?: LossOptions) => T, config: object): T {
    if (!isConcrete(this)) {
      const name = typeof this === 'function' && this.name !== '' ? this.name : 'Loss'
      throw new TypeError(
        `${name}.fromConfig: ${name} is abstract; call fromConfig on ${CONCRETE} (e.g. Hinge.fromConfig(config)), or deserialize({ class_name, config })`,
      )
    }
    return new this(optionsFromConfig(config))
  }

  private runSync<T>(task: Task<T>): T {
    return task.finish(this.engine().kernel().run(task.job))
  }
}

/** Keras `Hinge`: mean of max(1 - yTrue·yPred, 0), {0,1} labels converted to {-1,1}. */
export abstract class HingeLoss<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> extends Loss<R, D> {
  constructor(options?: LossOptions<R, D>) {
    super(LossKind.Hinge, 'hinge', options)
  }
}

/** Keras `SquaredHinge`: mean of max(1 - yTrue·yPred, 0)², {0,1} labels converted. */
export abstract class SquaredHingeLoss<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> extends Loss<R, D> {
  constructor(options?: LossOptions<R, D>) {
    super(LossKind.SquaredHinge, 'squared_hinge', options)
  }
}

/** Keras `CategoricalHinge`: max(max((1 - yTrue)·yPred) - Σ yTrue·yPred + 1, 0). */
export abstract class CategoricalHingeLoss<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> extends Loss<R, D> {
  constructor(options?: LossOptions<R, D>) {
    super(LossKind.CategoricalHinge, 'categorical_hinge', options)
  }
}
