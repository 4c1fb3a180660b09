import { LossInputError, describe } from './errors'
import type { DType, Reduction } from './types'

const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'none', null, 'mean', 'mean_with_sample_weight']

export function checkReduction(value: unknown): Reduction {
  if (value === undefined) return 'sum_over_batch_size'
  if (!REDUCTIONS.includes(value as Reduction)) {
    throw new LossInputError(
      'ERR_INVALID_REDUCTION',
      `Invalid value for argument \`reduction\`. Expected one of 'sum_over_batch_size', 'sum', 'none', null, 'mean', 'mean_with_sample_weight'. Received: reduction=${describe(value)}`,
    )
  }
  return value as Reduction
}

export function checkDType(value: unknown): DType {
  if (value === undefined || value === null) return 'float32'
  if (value !== 'float32' && value !== 'float64') {
    throw new LossInputError('ERR_INVALID_DTYPE', `Invalid value for argument \`dtype\`. Expected 'float32' or 'float64'. Received: dtype=${describe(value)}`)
  }
  return value
}

export function checkName(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback
  if (typeof value !== 'string') {
    throw new LossInputError('ERR_INVALID_TYPE', `Invalid value for argument \`name\`. Expected a string. Received: name=${describe(value)}`)
  }
  return value
}

/** Loss options, read once each so a getter runs once and its errors propagate unchanged. */
export function readOptions(options: unknown): { reduction: unknown; name: unknown; dtype: unknown } {
  if (options === undefined || options === null) return { reduction: undefined, name: undefined, dtype: undefined }
  if (typeof options !== 'object') {
    throw new LossInputError('ERR_INVALID_TYPE', `options: expected an object, received ${describe(options)}`)
  }
  const o = options as { reduction?: unknown; name?: unknown; dtype?: unknown }
  return { reduction: o.reduction, name: o.name, dtype: o.dtype }
}
