import type { ArrayReader } from '../cli/array-reader'
import type { NumberArray } from '../types'

/** A column stored in batches of rows (Arrow record batches, Parquet row groups). */
export interface Batches {
  /** Rows in each batch, in file order. */
  readonly rows: readonly number[]
  /** Batch `index`'s values, row-major, `width` a row. */
  load(index: number): Promise<NumberArray>
  close(): Promise<void>
}

type Kind = new (length: number) => NumberArray

/**
 * A column read as an array of shape `[rows, width]`, one batch in memory at a time: the one
 * holding the elements asked for, kept for the next read, since the evaluation reads on in
 * order. A read across batches is put together in a buffer reused from one read to the next.
 */
export class BatchedReader implements ArrayReader {
  readonly size: number
  /** First element of each batch, and the total at the end. */
  private readonly starts: number[]
  private index = -1
  private values: NumberArray | undefined
  private scratch: NumberArray | undefined

  constructor(
    private readonly batches: Batches,
    readonly shape: number[],
    width: number,
  ) {
    this.starts = [0]
    for (const rows of batches.rows) this.starts.push(this.starts[this.starts.length - 1]! + rows * width)
    this.size = this.starts[this.starts.length - 1]!
  }

  /** The batch holding element `element` (< size). */
  private batchOf(element: number): number {
    let lo = 0
    let hi = this.batches.rows.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.starts[mid]! <= element) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  private async batch(index: number): Promise<NumberArray> {
    if (index !== this.index) {
      this.values = undefined
      this.values = await this.batches.load(index)
      this.index = index
    }
    return this.values!
  }

  async read(start: number, count: number): Promise<NumberArray> {
    if (count === 0) return new Float64Array(0)
    let b = this.batchOf(start)
    const first = await this.batch(b)
    const offset = start - this.starts[b]!
    if (start + count <= this.starts[b + 1]!) return first.subarray(offset, offset + count)
    const Kind = first.constructor as Kind
    if (this.scratch === undefined || this.scratch.constructor !== Kind || this.scratch.length < count) this.scratch = new Kind(count)
    const out = this.scratch.subarray(0, count)
    out.set(first.subarray(offset))
    for (let done = this.starts[b + 1]! - start; done < count; ) {
      const values = await this.batch(++b)
      const piece = values.subarray(0, Math.min(values.length, count - done))
      out.set(piece, done)
      done += piece.length
    }
    return out
  }

  async close(): Promise<void> {
    this.values = undefined
    await this.batches.close()
  }
}
