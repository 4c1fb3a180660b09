import { Presets, SingleBar } from 'cli-progress'

export interface Progress {
  update(rowsDone: number, rows: number): void
  stop(): void
}

export interface ProgressOptions {
  /** The bar appears only once a run has lasted this long. @default 1000 */
  delayMs?: number
  now?: () => number
}

/**
 * A progress bar on `stream` for runs that last: nothing on a stream that is not a
 * terminal (a pipe, a file, CI logs), and nothing for runs shorter than the delay.
 */
export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, options?: ProgressOptions): Progress {
  const delayMs = options?.delayMs ?? 1000
  const now = options?.now ?? Date.now
  const start = now()
  let bar: SingleBar | undefined
  return {
    update(rowsDone, rows) {
      if (bar === undefined) {
        if (!stream.isTTY || rowsDone >= rows || now() - start < delayMs) return
        bar = new SingleBar({ stream, format: 'evaluating {bar} {percentage}% | {value}/{total} samples | eta {eta_formatted}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic)
        bar.start(rows, rowsDone)
      }
      bar.setTotal(rows)
      bar.update(rowsDone)
    },
    stop() {
      bar?.stop()
    },
  }
}
