import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import type { NumberArray } from '../types'
import type { Scratch } from './dtype'
import { NpyFormatError } from './errors'
import { readAt, readHeader, type NpyHeader } from './header'

/**
 * An .npy file open for reading in pieces: only the elements asked for are read, into a
 * buffer reused from one read to the next, so arrays larger than memory can be processed.
 */
export class NpyReader {
  readonly file: string
  readonly descr: string
  readonly shape: number[]
  /** Number of elements. */
  readonly size: number
  private readonly header: NpyHeader
  private readonly handle: FileHandle
  private bytes = new ArrayBuffer(0)
  private readonly scratch: Scratch = {}

  private constructor(file: string, handle: FileHandle, header: NpyHeader, size: number) {
    this.file = file
    this.handle = handle
    this.header = header
    this.descr = header.descr
    this.shape = header.shape
    this.size = size
  }

  /**
   * Opens `file` and checks its header and its length against the shape. Only regular
   * files are read: a FIFO opened for reading would wait for a writer (hence O_NONBLOCK,
   * which makes that open return at once), and reads at positions fail on it anyway.
   */
  static async open(file: string): Promise<NpyReader> {
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK)
    try {
      const stats = await handle.stat()
      if (!stats.isFile()) throw new NpyFormatError(file, 'not a regular file (a FIFO, socket or device cannot be read at positions)')
      const actual = stats.size
      const header = await readHeader(handle, file, actual)
      const size = header.shape.reduce((a, b) => a * b, 1)
      const expected = header.dataOffset + size * header.dtype.itemSize
      if (!Number.isSafeInteger(expected) || actual !== expected) {
        const shape = `(${header.shape.join(', ')})`
        throw new NpyFormatError(file, `shape ${shape} of ${header.descr} needs ${expected} bytes with the header, the file has ${actual}`)
      }
      return new NpyReader(file, handle, header, size)
    } catch (error) {
      await handle.close()
      throw error
    }
  }

  /**
   * Elements [start, start + count) as numbers: a typed array of the file's own element
   * type where a loss reads it in place (64-bit integers become float64). The array is
   * valid until the next `read`.
   */
  async read(start: number, count: number): Promise<NumberArray> {
    const { dtype, dataOffset } = this.header
    const length = count * dtype.itemSize
    if (this.bytes.byteLength < length) this.bytes = new ArrayBuffer(length)
    const target = new Uint8Array(this.bytes, 0, length)
    if ((await readAt(this.handle, target, dataOffset + start * dtype.itemSize)) < length) {
      throw new NpyFormatError(this.file, 'the file ended early (was it truncated while being read?)')
    }
    try {
      return dtype.decode(this.bytes, count, this.scratch, start)
    } catch (error) {
      if (error instanceof RangeError) throw new NpyFormatError(this.file, error.message)
      throw error
    }
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}
