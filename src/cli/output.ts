/** stdout was closed by its reader (`… | head`): the run stops quietly, with exit code 0. */
export class OutputClosed extends Error {
  constructor() {
    super('stdout was closed')
    this.name = 'OutputClosed'
  }
}

/** The result could not be written (a full disk, say): one line, exit code 1. */
export class OutputFailed extends Error {
  constructor(where: string, cause: Error) {
    super(`${where}: ${cause.message}`, { cause })
    this.name = 'OutputFailed'
  }
}

/** Write errors that mean the reader has gone, rather than a fault. */
const GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED'])

/**
 * Writes the pieces to stdout in order, each once the one before was taken, so that memory
 * stays bounded however long the output, and a reader that has gone stops the run (OutputClosed).
 */
export async function emit(stream: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  for (const piece of pieces) {
    await new Promise<void>((resolve, reject) => {
      stream.write(piece, (error?: Error | null) => {
        if (error == null) resolve()
        else reject(GONE.has((error as { code?: string }).code ?? '') ? new OutputClosed() : new OutputFailed('stdout', error))
      })
    })
  }
}

/**
 * Keeps a stream's 'error' event (a closed pipe, say) from becoming an uncaught exception:
 * the writes that fail learn of it through their callbacks.
 */
export function tolerateErrors(stream: NodeJS.WritableStream): void {
  if (stream.listenerCount('error') === 0) stream.on('error', () => {})
}
