import { CliInputError } from '../cli/inputs'
import { LossInputError } from '../errors'
import { NpyFormatError } from '../npy/errors'

/**
 * Errors that describe an input or a setup, as the CLI reports them with exit code 2:
 * running the shard again cannot help, so its job fails at once and fails the evaluation.
 */
export function isRefusal(error: unknown): error is Error {
  if (error instanceof CliInputError || error instanceof NpyFormatError || error instanceof LossInputError) return true
  const code = (error as { code?: unknown } | null)?.code
  return error instanceof Error && typeof code === 'string' && (code.startsWith('ERR_') || code === 'InvalidArg')
}

/** An error's message on one line, without the CLI's prefix that library messages may carry. */
export const messageLine = (error: Error): string => error.message.replace(/^hinge-losses: /, '').replace(/\s*\n\s*/g, ' ')
