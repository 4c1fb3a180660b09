import { LossInputError, describe } from '../errors'
import { arrowLike } from '../foreign/arrow-like'
import { halfOf } from '../half'
import { formatShape, rankRule, sizeOf } from '../shape'
import { isSpans, sliceSpans } from '../spans'
import { parseTensorLike, type Parsed } from '../tensor-like'
import type { TensorLike } from '../types'
import { readBatch, type Batch } from './batch'

/**
 * Rows [start, end) of the first axis: a view for typed arrays (never a copy), shared
 * buffers stay shared; of an Arrow vector's spans, the views of the spans they lie in.
 */
function rowsOf(t: Parsed, start: number, end: number): TensorLike {
  const inner = sizeOf(t.shape.slice(1))
  const shape = [end - start, ...t.shape.slice(1)]
  // A view of half-precision bits is tagged again, or each batch would read them as integers.
  const dtype = halfOf(t.data)
  if (!isSpans(t.data)) return { data: t.data.subarray(start * inner, end * inner), shape, dtype }
  const spans = sliceSpans(t.data, start * inner, end * inner)
  return spans.length === 1 ? { data: spans[0]!, shape, dtype } : arrowLike(spans, shape, dtype)
}

/**
 * Cuts a data set `{ yTrue, yPred, sampleWeight? }` along its first axis (the batch axis)
 * into batches of `rowsPerBatch` rows (the last may be shorter). Typed-array data is cut
 * into views, so batches of an array on a SharedArrayBuffer stay on it; nested arrays and
 * `number[]` are converted once. `sampleWeight` must be cut too: one weight (or row of
 * weights) per row.
 */
export function splitBatches(data: Batch, rowsPerBatch: number): Batch[] {
  const { yTrue, yPred, sampleWeight } = readBatch(data, 'data')
  if (!Number.isSafeInteger(rowsPerBatch) || rowsPerBatch < 1) {
    throw new LossInputError('ERR_INVALID_SHAPE', `rowsPerBatch: expected a positive integer, received ${describe(rowsPerBatch)}`)
  }
  const t = parseTensorLike(yTrue, 'yTrue')
  const parsed = parseTensorLike(yPred, 'yPred')
  // Converted nested arrays come back as float64 data, which would make each batch compute
  // in float64; the loss computes them in float32, so they are cut from a float32 copy.
  const p = parsed.float64 || !(parsed.data instanceof Float64Array) ? parsed : { ...parsed, data: Float32Array.from(parsed.data) }
  const w = sampleWeight === undefined || sampleWeight === null ? undefined : parseTensorLike(sampleWeight, 'sampleWeight')
  // Class ids have one axis fewer than their predictions: either having two means a batch axis.
  const [ts, ps] = rankRule(t.shape, p.shape)
  if (ts.length < 2 && ps.length < 2) {
    throw new LossInputError('ERR_RANK', `data: yTrue ${formatShape(t.shape)} and yPred ${formatShape(p.shape)} hold one sample, not a batch axis to split`)
  }
  const rows = p.shape[0]!
  for (const [arg, x] of [['yTrue', t], ['sampleWeight', w]] as const) {
    if (x !== undefined && x.shape[0] !== rows) {
      throw new LossInputError('ERR_SHAPE_MISMATCH', `data.${arg} of shape ${formatShape(x.shape)} does not have yPred's ${rows} rows on its first axis`)
    }
  }
  const batches: Batch[] = []
  for (let start = 0; start < rows; start += rowsPerBatch) {
    const end = Math.min(rows, start + rowsPerBatch)
    const batch: Batch = { yTrue: rowsOf(t, start, end), yPred: rowsOf(p, start, end) }
    if (w !== undefined) batch.sampleWeight = rowsOf(w, start, end)
    batches.push(batch)
  }
  return batches
}
