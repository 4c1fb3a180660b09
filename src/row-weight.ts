import { roundTo } from './dtype'
import type { MaskJob } from './job'
import { weightIndexer } from './shape'
import type { DType, NumberArray } from './types'

/** What a job's row weights are made of. */
export interface RowWeighting {
  dtype: DType
  rows: number
  weights: NumberArray | null
  weightMap: Float64Array | null
  mask: MaskJob | null
}

/**
 * Row r's weight in the dtype, as both backends form it: its sample weight, times its mask
 * entry times the mask's scale (see `MaskJob`); null for a job with neither.
 */
export function rowWeight({ dtype, rows, weights, weightMap, mask }: RowWeighting): ((r: number) => number) | null {
  const round = roundTo(dtype)
  const w = weights === null ? null : weightIndexer(weightMap, rows)
  if (mask === null) return w === null ? null : (r) => round(weights![w(r)]!)
  const { data, scale } = mask
  const m = weightIndexer(mask.map, rows)
  // m · scale is exact: m is 0 or 1, and scale a value of the dtype.
  if (w === null) return (r) => data[m(r)]! * scale
  return (r) => round(round(weights![w(r)]!) * (data[m(r)]! * scale))
}
