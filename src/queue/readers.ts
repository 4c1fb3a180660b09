import { stat } from 'node:fs/promises'
import { openInput } from '../cli/inputs'

export type Reader = Awaited<ReturnType<typeof openInput>>

/** Opens the file given to an option (`--y-pred`…) for one shard; `release` hands it back. */
export interface ReaderSource {
  open(option: string, file: string): Promise<Reader>
  release(reader: Reader): Promise<void>
}

/** A reader for each shard, closed after it. */
export const freshReaders: ReaderSource = {
  open: openInput,
  release: (reader) => reader.close(),
}

interface Idle {
  reader: Reader
  /** What the file was when it was opened: a file replaced or written since is opened again. */
  identity: string
  since: number
}

const identityOf = async (file: string): Promise<string | undefined> => {
  try {
    const s = await stat(file)
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`
  } catch {
    return undefined
  }
}

/**
 * Readers kept open between the shards of a worker: a shard of a few chunks otherwise
 * spends more time opening files and growing fresh read buffers than reading them. A
 * reader serves one shard at a time (its buffer is reused from read to read); it is taken
 * again only while the file's identity (device, inode, size, times) is unchanged, and
 * closed after `idleMs` unused.
 */
export class ReaderPool implements ReaderSource {
  private readonly idle = new Map<string, Idle[]>()
  private readonly identities = new WeakMap<Reader, { key: string; identity: string | undefined }>()
  private readonly timer: NodeJS.Timeout

  constructor(private readonly idleMs = 30_000) {
    this.timer = setInterval(() => void this.sweep(Date.now() - this.idleMs), Math.max(1000, idleMs / 2))
    this.timer.unref()
  }

  async open(option: string, file: string): Promise<Reader> {
    const key = `${option}\0${file}`
    const identity = await identityOf(file)
    const list = this.idle.get(key) ?? []
    let entry: Idle | undefined
    while ((entry = list.pop()) !== undefined) {
      if (identity !== undefined && entry.identity === identity) {
        this.identities.set(entry.reader, { key, identity })
        return entry.reader
      }
      await entry.reader.close()
    }
    const reader = await openInput(option, file)
    this.identities.set(reader, { key, identity })
    return reader
  }

  async release(reader: Reader): Promise<void> {
    const known = this.identities.get(reader)
    if (known?.identity === undefined) return reader.close()
    const list = this.idle.get(known.key) ?? []
    list.push({ reader, identity: known.identity, since: Date.now() })
    this.idle.set(known.key, list)
  }

  /** Closes the readers unused since `before` (all of them by default). */
  async sweep(before = Infinity): Promise<void> {
    for (const [key, list] of this.idle) {
      const keep = list.filter((entry) => entry.since >= before)
      await Promise.all(list.filter((entry) => entry.since < before).map((entry) => entry.reader.close()))
      if (keep.length === 0) this.idle.delete(key)
      else this.idle.set(key, keep)
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
    await this.sweep()
  }
}
