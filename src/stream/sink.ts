import { Writable } from 'node:stream'
import { LossInputError, describe } from '../errors'
import type { MeanMetric } from '../metrics/mean-metric'
import { readBatch } from './batch'

export interface SinkOptions {
  /** Batches buffered before `write()` returns false and a pipeline pauses its source. @default 16 */
  highWaterMark?: number
  /** Aborting destroys the stream with an AbortError, as Node's own streams do. */
  signal?: AbortSignal
}

/**
 * An object-mode Writable that feeds each batch written to it to `metric` (one
 * `updateStateAsync` at a time), for `stream.pipeline(source, …, metricSink(metric))`.
 * A batch is released once counted, and a slow metric pauses the source: memory stays
 * flat. A refused batch destroys the stream with that error; read `metric.result()` once
 * the pipeline has finished.
 */
export function metricSink(metric: MeanMetric, options?: SinkOptions): Writable {
  let index = 0
  const highWaterMark = options?.highWaterMark ?? 16
  if (!Number.isSafeInteger(highWaterMark) || highWaterMark < 0) {
    throw new LossInputError('ERR_INVALID_OPTION', `options.highWaterMark: expected a non-negative integer, received ${describe(highWaterMark)}`)
  }
  return new Writable({
    objectMode: true,
    highWaterMark,
    ...(options?.signal === undefined ? {} : { signal: options.signal }),
    write(value: unknown, _encoding, callback) {
      try {
        const { yTrue, yPred, sampleWeight } = readBatch(value, `batch ${index++}`)
        metric.updateStateAsync(yTrue, yPred, sampleWeight ?? undefined).then(() => callback(), callback)
      } catch (error) {
        callback(error as Error)
      }
    },
  })
}
