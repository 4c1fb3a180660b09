/** Why an input was refused. */
export type LossInputErrorCode =
  | 'ERR_INVALID_TYPE'
  | 'ERR_RAGGED_ARRAY'
  | 'ERR_INVALID_SHAPE'
  | 'ERR_LENGTH_MISMATCH'
  | 'ERR_SHAPE_MISMATCH'
  | 'ERR_RANK'
  | 'ERR_INVALID_REDUCTION'
  | 'ERR_INVALID_DTYPE'
  | 'ERR_UNKNOWN_LOSS'
  | 'ERR_LABEL_RANGE'
  | 'ERR_INVALID_MASK'
  | 'ERR_INVALID_OPTION'

/** Every refusal of bad input throws (or rejects with) one of these. */
export class LossInputError extends Error {
  readonly code: LossInputErrorCode

  constructor(code: LossInputErrorCode, message: string) {
    super(message)
    this.name = 'LossInputError'
    this.code = code
  }
}

/** A short, bounded description of a received value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of length ${value.length}`
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value)
    case 'bigint':
      return `the bigint ${value}n`
    case 'function':
      return 'a function'
    case 'symbol':
      return 'a symbol'
    default:
      return 'an object'
  }
}

interface AbortErrorShape extends Error {
  code: 'ABORT_ERR'
}

/**
 * The rejection of an aborted `computeAsync`: the signal's own reason when the caller
 * gave an Error of their own, otherwise Node's convention (name AbortError, code ABORT_ERR).
 */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  const isDefaultReason = typeof DOMException === 'function' && reason instanceof DOMException
  if (reason instanceof Error && !isDefaultReason) return reason
  const error = new Error('The operation was aborted', { cause: reason }) as AbortErrorShape
  error.name = 'AbortError'
  error.code = 'ABORT_ERR'
  return error
}
