import { engineOf, type Engine } from '../engine'
import { LossInputError, describe } from '../errors'
import { LossKind } from '../job'
import { checkDType, checkName, readConfig, readOptions } from '../options'
import type { MaskOptions } from '../loss-classes'
import { checkMaskShape, maskedWeights, parseMask } from '../mask'
import { perSampleTask } from '../prepare'
import { parseTensorLike, type Parsed } from '../tensor-like'
import type { DType, TensorLike } from '../types'
import { samplewise, type Increment } from './samplewise'

export interface MetricOptions {
  /** @default the metric's snake_case name, e.g. 'hinge' */
  name?: string
  /** The dtype of `result()`; the state is float64 whatever it is. @default 'float32' */
  dtype?: DType | null
}

export interface MetricConfig {
  name: string
  dtype: DType
}

/** A metric's whole state: plain numbers, safe to post to a worker or write as JSON. */
export interface MetricState {
  /** Σ of the per-row (weighted) values of every update. */
  total: number
  /** Σ of the per-row weights; the number of rows when unweighted. */
  count: number
}

const CONCRETE = 'Hinge, metrics.SquaredHinge, metrics.CategoricalHinge or metrics.SparseCategoricalHinge'

const FIELDS = ['name', 'dtype'] as const

function parseWeight(sampleWeight: unknown): Parsed | undefined {
  return sampleWeight === undefined || sampleWeight === null ? undefined : parseTensorLike(sampleWeight, 'sampleWeight')
}

const MASK = ['mask'] as const

function checkState(state: unknown): MetricState {
  const { total, count } = (typeof state === 'object' && state !== null ? state : {}) as Record<string, unknown>
  if (typeof total !== 'number' || typeof count !== 'number') {
    throw new LossInputError('ERR_INVALID_TYPE', `merge: expected a metric or a state { total: number, count: number }, received ${describe(state)}`)
  }
  return { total, count }
}

/**
 * Keras' `MeanMetricWrapper` over a loss function: each update adds the per-row means of
 * the batch's per-sample losses (weighted, when weights are given) to `total` and the rows
 * (or their weights) to `count`; `result()` is `total / count`. The state is two float64
 * numbers, so metrics fed disjoint batches merge into the metric of all those batches.
 */
export abstract class MeanMetric {
  readonly name: string
  readonly dtype: DType
  /** @internal */
  protected readonly kind: LossKind
  private total = 0
  private count = 0
  /** Counts resets: an asynchronous update started before a reset is dropped when it lands after it. */
  private epoch = 0

  /** The backend this metric computes on: its entry's (see engine.ts). */
  private readonly engine: Engine

  protected constructor(kind: LossKind, defaultName: string, options?: MetricOptions) {
    const engine = engineOf(new.target)
    if (engine === undefined) {
      throw new TypeError(`Cannot construct ${new.target.name || 'MeanMetric'}: it is abstract; construct metrics.${CONCRETE}`)
    }
    this.engine = engine
    const o = readOptions(options, FIELDS)
    this.kind = kind
    this.name = checkName(o.name, defaultName)
    this.dtype = checkDType(o.dtype)
  }

  /** Adds one batch. The {0,1} label decision is made for this batch alone, as in Keras. */
  updateState(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike, options?: MaskOptions): void {
    const { task, weight } = this.prepare(yTrue, yPred, sampleWeight, options)
    this.add(samplewise(task.finish(this.engine.kernel().run(task.job)), weight, this.dtype))
  }

  /**
   * `updateState` with the native work off the JavaScript thread. Do not write to,
   * transfer or detach the inputs until it settles.
   */
  async updateStateAsync(yTrue: TensorLike, yPred: TensorLike, sampleWeight?: TensorLike, options?: MaskOptions): Promise<void> {
    const { task, weight } = this.prepare(yTrue, yPred, sampleWeight, options)
    const epoch = this.epoch
    const totals = await this.engine.kernel().runAsync(task.job)
    // A reset means "count from here": a batch begun before it belongs to the old count.
    if (epoch === this.epoch) this.add(samplewise(task.finish(totals), weight, this.dtype))
  }

  /** `total / count` in the metric's dtype; 0 while nothing was counted (Keras' divide_no_nan). */
  result(): number {
    if (this.count === 0) return 0
    const value = this.total / this.count
    return this.dtype === 'float32' ? Math.fround(value) : value
  }

  /** Starts over; an `updateStateAsync` still in flight is not counted (see `epoch`). */
  resetState(): void {
    this.epoch++
    this.total = 0
    this.count = 0
  }

  state(): MetricState {
    return { total: this.total, count: this.count }
  }

  /** Adds another metric's state (of the same kind) or a `state()` taken elsewhere. */
  merge(other: MeanMetric | MetricState): void {
    if (other instanceof MeanMetric) {
      if (other.kind !== this.kind) {
        throw new LossInputError('ERR_SHAPE_MISMATCH', `merge: cannot merge a ${other.constructor.name} metric into a ${this.constructor.name} metric`)
      }
      this.add(other.state())
      return
    }
    this.add(checkState(other))
  }

  getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype }
  }

  static fromConfig<T>(this: new (options?: MetricOptions) => T, config: object): T {
    if (engineOf(this) === undefined) {
      const name = typeof this === 'function' && this.name !== '' ? this.name : 'MeanMetric'
      throw new TypeError(`${name}.fromConfig: ${name} is abstract; call fromConfig on metrics.${CONCRETE} (e.g. metrics.Hinge.fromConfig(config))`)
    }
    return new this(readConfig(config, FIELDS) as MetricOptions)
  }

  /**
   * The batch's job and weights. A mask becomes an unscaled weight, with or without sample
   * weights: Keras' `apply_mask` with reduction 'sum', as its metrics do since 3.12.
   */
  private prepare(yTrue: TensorLike, yPred: TensorLike, sampleWeight: unknown, options: unknown) {
    const { mask } = readOptions(options, MASK)
    const task = perSampleTask(this.kind, yTrue, yPred)
    const given = parseWeight(sampleWeight)
    if (mask === undefined || mask === null) return { task, weight: given }
    const m = parseMask(mask)
    checkMaskShape(m, task.shape)
    return { task, weight: maskedWeights(m, given, this.dtype, false) }
  }

  private add({ total, count }: Increment): void {
    this.total += total
    this.count += count
  }
}

/** Keras `metrics.Hinge`: the running mean of the hinge loss. */
export class HingeMetric extends MeanMetric {
  constructor(options?: MetricOptions) {
    super(LossKind.Hinge, 'hinge', options)
  }
}

/** Keras `metrics.SquaredHinge`: the running mean of the squared hinge loss. */
export class SquaredHingeMetric extends MeanMetric {
  constructor(options?: MetricOptions) {
    super(LossKind.SquaredHinge, 'squared_hinge', options)
  }
}

/** Keras `metrics.CategoricalHinge`: the running mean of the categorical hinge loss. */
export class CategoricalHingeMetric extends MeanMetric {
  constructor(options?: MetricOptions) {
    super(LossKind.CategoricalHinge, 'categorical_hinge', options)
  }
}

/** The running mean of the sparse categorical hinge loss (ours; Keras has none). */
export class SparseCategoricalHingeMetric extends MeanMetric {
  constructor(options?: MetricOptions) {
    super(LossKind.SparseCategoricalHinge, 'sparse_categorical_hinge', options)
  }
}
