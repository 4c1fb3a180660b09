import type { Batch } from '../stream/batch'
import { arrowLike } from '../foreign/arrow-like'
import { halfOf } from '../half'
import { isSpans } from '../spans'
import { parseTensorLike } from '../tensor-like'
import type { TensorLike } from '../types'

/**
 * A batch value as it can be posted to a worker: `{ data, shape }` over the caller's typed
 * array (a built-in view of the same memory), or over the numbers that nested arrays and
 * `number[]` hold, converted here once, as `updateState` does (a Proxy cannot be cloned).
 * Predictions given as numbers compute in float32, so they travel as a Float32Array:
 * a Float64Array would make the worker compute in float64.
 */
function portable(value: TensorLike, arg: string, prediction: boolean): TensorLike {
  const { data, shape, float64 } = parseTensorLike(value, arg)
  // The spans of an Arrow vector travel as an Arrow-shaped object of plain data, which the worker reads back into spans.
  if (isSpans(data)) return arrowLike(data, shape, halfOf(data))
  const converted = prediction && !float64 && data instanceof Float64Array
  // Half-precision bits keep their tag: the worker would read a bare Uint16Array as integers.
  return { data: converted ? Float32Array.from(data) : data, shape, dtype: halfOf(data) }
}

/** The batch with every value in a form structured cloning keeps exactly. */
export function portableBatch({ yTrue, yPred, sampleWeight }: Batch, arg: string): Batch {
  return {
    yTrue: portable(yTrue, `${arg} yTrue`, false),
    yPred: portable(yPred, `${arg} yPred`, true),
    sampleWeight: sampleWeight === undefined || sampleWeight === null ? null : portable(sampleWeight, `${arg} sampleWeight`, false),
  }
}
