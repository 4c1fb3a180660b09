import { roundTo } from './dtype'
import { asNumbers } from './int64'
import type { MaskJob } from './job'
import { weightIndexer } from './shape'
import { isSpans, numberAt, type Data, type Spans } from './spans'
import type { DType, NumericArray } from './types'

/** What a job's row weights are made of. */
export interface RowWeighting {
  dtype: DType
  rows: number
  weights: Data | null
  weightMap: Float64Array | null
  mask: MaskJob | null
}

/**
 * Row r's weight in the dtype, as both backends form it: its sample weight, times its mask
 * entry times the mask's scale (see `MaskJob`); null for a job with neither. One array is
 * read in place as numbers; spans through a reader (see spanRowWeight).
 */
export function rowWeight(job: RowWeighting): ((r: number) => number) | null {
  const { dtype, rows, weights, weightMap, mask } = job
  if ((weights !== null && isSpans(weights)) || (mask !== null && isSpans(mask.data))) return spanRowWeight(job)
  const round = roundTo(dtype)
  const values = weights === null ? null : asNumbers(weights as NumericArray)
  const w = values === null ? null : weightIndexer(weightMap, rows)
  if (mask === null) return w === null ? null : (r) => round(values![w(r)]!)
  const data = mask.data as Exclude<MaskJob['data'], Spans>
  const { scale } = mask
  const m = weightIndexer(mask.map, rows)
  // m · scale is exact: m is 0 or 1, and scale a value of the dtype.
  if (w === null) return (r) => data[m(r)]! * scale
  return (r) => round(round(values![w(r)]!) * (data[m(r)]! * scale))
}

/**
 * rowWeight's products when the weights or the mask are spans, their entries read through
 * a reader (spans.ts) rather than indexed: kept apart so that one array's reads stay a
 * plain index.
 */
function spanRowWeight({ dtype, rows, weights, weightMap, mask }: RowWeighting): (r: number) => number {
  const round = roundTo(dtype)
  const weight = weights === null ? null : numberAt(weights)
  const w = weightIndexer(weightMap, rows)
  if (mask === null) return (r) => round(weight!(w(r)))
  const entry = numberAt(mask.data)
  const { scale } = mask
  const m = weightIndexer(mask.map, rows)
  if (weight === null) return (r) => entry(m(r)) * scale
  return (r) => round(round(weight(w(r))) * (entry(m(r)) * scale))
}
