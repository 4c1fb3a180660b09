import { roundTo, type Round } from './dtype'
import { LossInputError } from './errors'
import { broadcastShapes, formatShape, rankRule, sameShape, sizeOf, weightMap } from './shape'
import type { DType, Reduction } from './types'

/** The most weighted losses a broadcast may make: the longest typed array V8 allocates. */
export const MAX_WEIGHTED = 2 ** 32 - 1

/** How sample weights meet the per-sample losses: both shapes after the rank rule. */
export interface WeightLayout {
  lossShape: number[]
  weightShape: number[]
}

/**
 * How the weights apply: none given; fused into the kernel pass, row by row through a
 * weight map (see shape.ts), when they broadcast onto the losses without growing them;
 * or over the broadcast shape after the pass (see expand.ts) when they grow them.
 */
export type Weighting =
  | { mode: 'unweighted' }
  | { mode: 'fused'; map: Float64Array }
  | { mode: 'expanded'; layout: WeightLayout }

/**
 * Keras' weighting and reduction of a call's per-sample losses, decided on shapes alone,
 * so the loss classes and the CLI (which knows shapes before it reads data) share it.
 */
export interface ReductionPlan {
  /** 'none' or null: the result is the weighted per-sample tensor. */
  none: boolean
  /** The shape of the weighted losses: the result's for 'none'. */
  shape: number[]
  weighting: Weighting
  /** The reduced value, from the sum of the weighted losses and the sum of the broadcast weights. */
  reduce(sum: number, weightSum: number): number
}

/**
 * Keras' reduction of the weighted values: a shape-[] value is returned as is, an empty
 * tensor reduces to 0 (divide_no_nan), and the mean divides by the element count or,
 * for 'mean_with_sample_weight', by the sum of the broadcast weights.
 */
function reduce(reduction: Reduction, shape: number[], sum: number, weightSum: number, weighted: boolean, round: Round): number {
  if (shape.length === 0 || reduction === 'sum') return round(sum)
  const divisor = reduction === 'mean_with_sample_weight' && weighted ? weightSum : sizeOf(shape)
  return divisor === 0 ? 0 : round(sum / divisor)
}

function weighting(lossShape: readonly number[], given: readonly number[]): { shape: number[]; weighting: Weighting } {
  const [losses, weights] = rankRule(lossShape, given)
  const shape = broadcastShapes(losses, weights)
  if (shape === undefined) {
    throw new LossInputError(
      'ERR_SHAPE_MISMATCH',
      `sampleWeight of shape ${formatShape(given)} does not broadcast to the per-sample losses of shape ${formatShape(lossShape)}`,
    )
  }
  if (sameShape(shape, losses)) return { shape, weighting: { mode: 'fused', map: weightMap(weights, shape) } }
  const count = sizeOf(shape)
  if (count > MAX_WEIGHTED) {
    throw new LossInputError(
      'ERR_INVALID_SHAPE',
      `sampleWeight of shape ${formatShape(given)} broadcasts the per-sample losses to ${formatShape(shape)}: ${count} weighted losses, more than the ${MAX_WEIGHTED} a typed array holds`,
    )
  }
  return { shape, weighting: { mode: 'expanded', layout: { lossShape: losses, weightShape: weights } } }
}

const UNWEIGHTED: Weighting = Object.freeze({ mode: 'unweighted' })

/**
 * The weight map, onto the losses, of one factor (of shape `part`) of fused weights of
 * shape `shape` that it broadcasts to: the map `weighting` makes for the whole, followed
 * by the factor. The rank rule between the losses and the weights moves at most a
 * trailing axis of 1 of the weights; a factor of rank 1 or more then has that axis too.
 */
export function factorMap(lossShape: readonly number[], shape: readonly number[], part: readonly number[]): Float64Array {
  const [losses, weights] = rankRule(lossShape, shape)
  const moved = part.length === 0 || weights.length === shape.length ? part : weights.length < shape.length ? part.slice(0, -1) : [...part, 1]
  return weightMap(moved, losses)
}

/** The plan for per-sample losses of `lossShape`, weights of `weightShape` (undefined: none), a reduction and a dtype. */
export function reductionPlan(lossShape: number[], weightShape: readonly number[] | undefined, reduction: Reduction, dtype: DType): ReductionPlan {
  const round = roundTo(dtype)
  const none = reduction === 'none' || reduction === null
  const weighted = weightShape !== undefined
  const { shape, weighting: w } = weighted ? weighting(lossShape, weightShape) : { shape: lossShape, weighting: UNWEIGHTED }
  return new Plan(none, shape, w, reduction, weighted, round)
}

/** A plan as an object with a method rather than a closure: a tiny call allocates one object, not three. */
class Plan implements ReductionPlan {
  constructor(
    readonly none: boolean,
    readonly shape: number[],
    readonly weighting: Weighting,
    private readonly reduction: Reduction,
    private readonly weighted: boolean,
    private readonly round: Round,
  ) {}

  reduce(sum: number, weightSum: number): number {
    return reduce(this.reduction, this.shape, sum, weightSum, this.weighted, this.round)
  }
}
