/** A Parquet or Arrow IPC input the CLI cannot evaluate: what is wrong is in the message (exit code 2). */
export class ColumnarError extends Error {
  readonly code = 'ERR_COLUMNAR_INPUT'

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`)
    this.name = 'ColumnarError'
  }
}

/**
 * A failure inside a file reader (a truncated or corrupt file, an unsupported encoding)
 * as a refusal naming the file; errors already ours pass unchanged.
 */
export function asColumnarError(file: string, error: unknown): Error {
  if (error instanceof ColumnarError) return error
  return new ColumnarError(file, error instanceof Error ? error.message : String(error))
}

/** A package loaded only when such a file is given is missing: say how to install it. */
export function missingPackage(file: string, error: unknown, name: string, what: string): Error {
  const code = (error as { code?: unknown } | null)?.code
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return error as Error
  return new ColumnarError(file, `reading ${what} needs the ${name} package: npm install ${name}`)
}
