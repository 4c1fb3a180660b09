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

/** What missing options read as: an empty object (no field of its own), shared, so a call without options allocates none. */
const NO_OPTIONS: object = Object.freeze({})

/**
 * The named fields of an options object, read once each so a getter runs once and what it
 * throws propagates unchanged. Missing options (undefined or null) read as all undefined.
 */
export function readOptions<K extends string>(options: unknown, keys: readonly K[]): Record<K, unknown> {
  if (options === undefined || options === null) return NO_OPTIONS as Record<K, unknown>
  return readConfig(options, keys, 'options')
}

/** The named fields of a config object, as Keras' `from_config` hands them to the constructor, which validates them. */
export function readConfig<K extends string>(config: unknown, keys: readonly K[], arg = 'config'): Record<K, unknown> {
  if (typeof config !== 'object' || config === null || (arg === 'config' && Array.isArray(config))) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: expected an object, received ${describe(config)}`)
  }
  const fields = {} as Record<K, unknown>
  for (const key of keys) fields[key] = (config as Record<K, unknown>)[key]
  return fields
}
