import { abortError } from '../errors'
import type { MeanMetric } from '../metrics/mean-metric'
import { readBatch, type Batch } from './batch'

export interface FeedOptions {
  /** Aborting stops before the next batch and rejects with an AbortError (or the signal's own Error reason). */
  signal?: AbortSignal
}

/**
 * Feeds every batch of `batches` (an async iterable such as an object-mode Readable, or
 * any iterable) to `metric`, one `updateStateAsync` at a time, and resolves with its
 * result. Only one batch is held at a time, so memory stays flat however many pass; a
 * Readable source is destroyed when a batch is refused or the signal aborts.
 */
export async function feedMetric(
  metric: MeanMetric,
  batches: AsyncIterable<Batch> | Iterable<Batch>,
  options?: FeedOptions,
): Promise<number> {
  const signal = options?.signal
  let index = 0
  for await (const value of batches) {
    if (signal?.aborted) throw abortError(signal)
    const { yTrue, yPred, sampleWeight } = readBatch(value, `batch ${index++}`)
    await metric.updateStateAsync(yTrue, yPred, sampleWeight ?? undefined)
  }
  if (signal?.aborted) throw abortError(signal)
  return metric.result()
}
