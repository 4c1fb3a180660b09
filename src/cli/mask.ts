import { checkMaskShape, maskedWeights, parseMask, scalesMask } from '../mask'
import type { DType, NumberArray, Reduction } from '../types'
import { MemoryReader, type ArrayReader } from './array-reader'

/**
 * The weights a mask makes with the sample weights, as `compute` makes them (Keras'
 * `apply_mask`: scaled by total / valid for the batch means). The scale needs the whole mask
 * before any weight, so the mask and the weights are read whole: one number per sample (or
 * per weight), not per element of yPred.
 */
export async function maskWeights(mask: ArrayReader, weights: ArrayReader | undefined, lossShape: number[], reduction: Reduction, dtype: DType): Promise<ArrayReader> {
  const m = parseMask({ data: (await mask.read(0, mask.size)).slice(), shape: mask.shape })
  checkMaskShape(m, lossShape)
  const w = weights === undefined ? undefined : { data: await weights.read(0, weights.size), shape: weights.shape, float64: false }
  const masked = maskedWeights(m, w, dtype, scalesMask(reduction))
  return new MemoryReader(masked.data as NumberArray, masked.shape)
}
