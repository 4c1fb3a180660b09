import { allocate, roundTo } from './dtype'
import { LossInputError, describe } from './errors'
import { broadcastShapes, broadcastStrides, formatShape, rankRule, sameShape, sizeOf, walkBroadcast } from './shape'
import { numberAt } from './spans'
import { parseTensorLike, type Parsed } from './tensor-like'
import type { DType, Reduction } from './types'

/** Keras' `backend.epsilon()`, which Keras 3.6 adds to the count of valid entries. */
const EPSILON = 1e-7

/** Nested booleans as numbers (true 1, false 0); anything else as it is, for the tensor parser. */
function booleansToNumbers(value: unknown, depth: number): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (!Array.isArray(value) || depth > 64) return value
  const out: unknown[] = []
  for (let i = 0; i < value.length; i++) out.push(i in value ? booleansToNumbers(value[i], depth + 1) : value[i])
  return out
}

/**
 * A mask (Keras' `_keras_mask` of yPred): nested booleans, or a typed array or
 * `{ data, shape }` of 0 and 1, checked to hold nothing else.
 */
export function parseMask(value: unknown): Parsed {
  const mask = parseTensorLike(booleansToNumbers(value, 0), 'mask')
  const at = numberAt(mask.data)
  for (let i = 0, n = sizeOf(mask.shape); i < n; i++) {
    const v = at(i)
    if (v !== 0 && v !== 1) {
      throw new LossInputError('ERR_INVALID_MASK', `mask: expected true, false, 0 or 1, received ${describe(v)} at index ${i}`)
    }
  }
  return mask
}

/** The mask fits the per-sample losses: after the rank rule, it broadcasts to their shape. */
export function checkMaskShape(mask: Parsed, lossShape: number[]): void {
  const [losses, m] = rankRule(lossShape, mask.shape)
  const target = broadcastShapes(losses, m)
  if (target === undefined || !sameShape(target, losses)) {
    throw new LossInputError(
      'ERR_SHAPE_MISMATCH',
      `mask of shape ${formatShape(mask.shape)} does not broadcast to the per-sample losses of shape ${formatShape(lossShape)}`,
    )
  }
}

/**
 * Keras' `apply_mask`: the mask becomes a weight in the dtype, scaled by total / valid for
 * the reductions that average over the batch (so they average over the valid entries; Keras
 * 3.6 adds its epsilon to `valid`), then multiplied into the sample weights after the rank
 * rule between the two, or standing in for them. `scaled` false gives the metrics' rule.
 */
export function maskedWeights(mask: Parsed, weights: Parsed | undefined, dtype: DType, scaled: boolean): Parsed {
  const round = roundTo(dtype)
  const m = numberAt(mask.data)
  const n = sizeOf(mask.shape)
  let scale = 1
  if (scaled) {
    let valid = 0
    for (let i = 0; i < n; i++) valid += m(i)
    scale = round(round(n) / round(valid + EPSILON))
  }
  if (weights === undefined) {
    const out = allocate(dtype, n)
    for (let i = 0; i < n; i++) out[i] = m(i) * scale
    return { data: out, shape: mask.shape, float64: dtype === 'float64' }
  }
  const [ms, ws] = rankRule(mask.shape, weights.shape)
  const shape = broadcastShapes(ms, ws)
  if (shape === undefined) {
    throw new LossInputError('ERR_SHAPE_MISMATCH', `mask of shape ${formatShape(mask.shape)} and sampleWeight of shape ${formatShape(weights.shape)} do not broadcast together`)
  }
  const w = numberAt(weights.data)
  const out = allocate(dtype, sizeOf(shape))
  walkBroadcast(shape, broadcastStrides(ms, shape), broadcastStrides(ws, shape), 0, out.length, (i, mi, wi) => {
    out[i] = round(round(w(wi)) * (m(mi) * scale))
  })
  return { data: out, shape, float64: dtype === 'float64' }
}

/** Whether a reduction scales the mask (Keras: 'sum_over_batch_size' and 'mean'). */
export const scalesMask = (reduction: Reduction): boolean => reduction === 'sum_over_batch_size' || reduction === 'mean'
