import type { BackendName } from '../select'
import { LossInputError, type LossInputErrorCode } from '../errors'
import type { MetricConfig, MetricState } from '../metrics/mean-metric'
import type { Batch } from '../stream/batch'

export type MetricClassName = 'Hinge' | 'SquaredHinge' | 'CategoricalHinge' | 'SparseCategoricalHinge'

/** What a worker is given: the entry to load, how to build the metric, and its batches. */
export interface WorkerTask {
  /** The package entry file the worker requires (the one the caller's helper came from). */
  entry: string
  backend: BackendName
  metric: MetricClassName
  config: MetricConfig
  batches: Batch[]
}

/** An error as plain data: structured cloning keeps an Error's message but not its code. */
export interface ErrorData {
  name: string
  message: string
  code: unknown
}

export type WorkerReply = { state: MetricState } | { error: ErrorData }

export function errorData(error: unknown): ErrorData {
  if (error instanceof Error) return { name: error.name, message: error.message, code: (error as { code?: unknown }).code }
  return { name: 'Error', message: String(error), code: undefined }
}

/** The worker's error rebuilt in this thread: a LossInputError stays one, with its code. */
export function restoreError({ name, message, code }: ErrorData): Error {
  if (name === 'LossInputError') return new LossInputError(code as LossInputErrorCode, message)
  return Object.assign(new Error(message), { name, ...(code === undefined ? {} : { code }) })
}
