import { roundTo } from '../dtype'
import { LossInputError } from '../errors'
import { formatShape, rankRule, sizeOf, weightIndexer, weightMap } from '../shape'
import { numberAt } from '../spans'
import type { Parsed } from '../tensor-like'
import type { DType, Tensor } from '../types'

/** What one update adds to a mean metric's state. */
export interface Increment {
  total: number
  count: number
}

/**
 * Keras' `reduce_to_samplewise_values` followed by `Mean.update_state`: the per-sample
 * losses `v` (cast to the metric dtype) become one value per row of the first axis, and
 * the row values and the row weights are summed. Keras casts and multiplies in the metric
 * dtype, so each cast value, trailing-axis mean and product is rounded to it; the sums that
 * become the state stay in float64.
 */
export function samplewise(v: Tensor, weight: Parsed | undefined, dtype: DType): Increment {
  const round = roundTo(dtype)
  if (weight === undefined) {
    return { total: sumOfRowMeans(v.shape, (i) => round(v.data[i]!)), count: v.shape.length === 0 ? 1 : v.shape[0]! }
  }
  const [valueShape, weightShape] = rankRule(v.shape, weight.shape)
  // Values averaged over their trailing axes down to the weight's rank.
  const reducedShape = valueShape.slice(0, weightShape.length)
  const inner = sizeOf(valueShape.slice(weightShape.length))
  checkBroadcastTo(weightShape, reducedShape, v.shape, weight.shape)
  const values = new Float64Array(sizeOf(reducedShape))
  for (let i = 0; i < values.length; i++) {
    let sum = 0
    for (let j = i * inner; j < (i + 1) * inner; j++) sum += round(v.data[j]!)
    values[i] = round(sum / inner)
  }
  const weightAt = weightIndexer(weightMap(weightShape, reducedShape), values.length)
  const weights = numberAt(weight.data)
  const w = (i: number) => round(weights(weightAt(i)))
  return {
    total: sumOfRowMeans(reducedShape, (i) => round(values[i]! * w(i))),
    count: sumOfRowMeans(reducedShape, w),
  }
}

/** Σ over the rows of the first axis of each row's mean; a rank-0 tensor is one row. */
function sumOfRowMeans(shape: readonly number[], at: (i: number) => number): number {
  if (shape.length === 0) return at(0)
  const rows = shape[0]!
  const inner = sizeOf(shape.slice(1))
  let total = 0
  for (let r = 0; r < rows; r++) {
    let sum = 0
    for (let i = r * inner; i < (r + 1) * inner; i++) sum += at(i)
    // An empty row averages to NaN, as Keras' mean of nothing does.
    total += sum / inner
  }
  return total
}

/** Keras broadcasts the weights *to* the (reduced) values: never the other way round. */
function checkBroadcastTo(weightShape: number[], target: number[], lossShape: number[], given: number[]): void {
  const fits = weightShape.length === target.length && weightShape.every((d, i) => d === 1 || d === target[i])
  if (!fits) {
    throw new LossInputError(
      'ERR_SHAPE_MISMATCH',
      `sampleWeight of shape ${formatShape(given)} does not broadcast to the per-sample losses of shape ${formatShape(lossShape)}`,
    )
  }
}
