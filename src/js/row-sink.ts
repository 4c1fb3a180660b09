import { rowWeight } from '../row-weight'
import type { FloatArray } from '../types'
import type { NumberJob } from './job'

/**
 * Where each block of row losses goes: weighted (in the compute dtype), written to `out`,
 * and summed in float64 in row order.
 */
export class RowSink {
  sum = 0
  weightSum = 0
  private readonly f32: boolean
  /** Row r's weight in the dtype, or null when unweighted. */
  private readonly weight: ((r: number) => number) | null
  private readonly out: FloatArray | null
  /** Unweighted and not written out: a block's values matter only through their sum. */
  private readonly sumOnly: boolean

  constructor(job: NumberJob) {
    this.f32 = job.dtype === 'float32'
    this.weight = rowWeight(job)
    this.out = job.out
    this.sumOnly = this.weight === null && job.out === null
    if (this.weight === null) this.weightSum = job.rows
  }

  /**
   * Where a kernel's running sum of the next block starts: the sum so far when the sink
   * takes the kernel's sum as its own; 0 otherwise (and once the sum is NaN, which no
   * later value changes, so that the kernel's own NaN return keeps its meaning).
   */
  start(): number {
    return this.sumOnly && this.sum === this.sum ? this.sum : 0
  }

  /** Takes a block's values with the kernel's running sum over them, continued from `start()`. */
  addSummed(r0: number, n: number, values: Float64Array, sum: number): void {
    if (!this.sumOnly) this.add(r0, n, values)
    else if (this.sum === this.sum) this.sum = sum
  }

  /** Takes the losses of rows r0 … r0 + n - 1 from `values`. */
  add(r0: number, n: number, values: Float64Array): void {
    const { out, weight } = this
    let sum = this.sum
    if (weight === null) {
      for (let j = 0; j < n; j++) sum += values[j]!
      if (out !== null) for (let j = 0; j < n; j++) out[r0 + j] = values[j]!
    } else {
      const f32 = this.f32
      let weightSum = this.weightSum
      for (let j = 0; j < n; j++) {
        const w = weight(r0 + j)
        const v = f32 ? Math.fround(values[j]! * w) : values[j]! * w
        if (out !== null) out[r0 + j] = v
        sum += v
        weightSum += w
      }
      this.weightSum = weightSum
    }
    this.sum = sum
  }
}
