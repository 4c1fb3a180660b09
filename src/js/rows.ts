import type { Job } from '../kernel'
import type { FloatArray, NumericArray } from '../types'

/**
 * Weight index of row r under a weight map (see shape.ts): Σ ⌊r / inner⌋ % extent · stride.
 * The two common maps — a scalar weight and one weight per row — skip the arithmetic.
 */
export function weightIndexer(map: Float64Array | null, rows: number): (r: number) => number {
  if (map === null || map.length === 0) return () => 0
  if (map.length === 3 && map[0] === 1 && map[1] === rows && map[2] === 1) return (r) => r
  return (r) => {
    let index = 0
    for (let g = 0; g < map.length; g += 3) index += (Math.floor(r / map[g]!) % map[g + 1]!) * map[g + 2]!
    return index
  }
}

/**
 * Where each row's loss goes: weighted (in the compute dtype), written to `out`, and
 * summed in float64 in row order.
 */
export class RowSink {
  sum = 0
  weightSum = 0
  private readonly f32: boolean
  private readonly weights: NumericArray | null
  private readonly index: (r: number) => number
  private readonly out: FloatArray | null

  constructor(job: Job) {
    this.f32 = job.dtype === 'float32'
    this.weights = job.weights
    this.index = weightIndexer(job.weightMap, job.rows)
    this.out = job.out
    if (this.weights === null) this.weightSum = job.rows
  }

  add(r: number, loss: number): void {
    let v = loss
    if (this.weights !== null) {
      const raw = this.weights[this.index(r)]!
      const w = this.f32 ? Math.fround(raw) : raw
      v = this.f32 ? Math.fround(v * w) : v * w
      this.weightSum += w
    }
    if (this.out !== null) this.out[r] = v
    this.sum += v
  }
}
