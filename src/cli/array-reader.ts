import type { NumberArray } from '../types'

/**
 * An array the CLI reads in pieces of elements, in row-major order: an .npy file, a column
 * of a Parquet or Arrow IPC file, or numbers already in memory.
 */
export interface ArrayReader {
  readonly shape: number[]
  /** Number of elements. */
  readonly size: number
  /** Elements [start, start + count): valid until the next `read`. */
  read(start: number, count: number): Promise<NumberArray>
  close(): Promise<void>
}

/** Numbers already in memory (the weights a mask makes), read like a file. */
export class MemoryReader implements ArrayReader {
  readonly size: number

  constructor(
    private readonly data: NumberArray,
    readonly shape: number[],
  ) {
    this.size = data.length
  }

  async read(start: number, count: number): Promise<NumberArray> {
    return this.data.subarray(start, start + count)
  }

  async close(): Promise<void> {}
}
