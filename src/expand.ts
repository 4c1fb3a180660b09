import { allocate, roundTo } from './dtype'
import { broadcastStrides, sizeOf, walkBroadcast } from './shape'
import { numberAt, type Data } from './spans'
import type { DType, FloatArray } from './types'

export interface Expanded {
  /** The weighted values over the broadcast shape, when they were asked for. */
  values: FloatArray | null
  sum: number
  weightSum: number
}

/** Elements between two yields of the event loop: about a millisecond of work. */
const SLICE = 1 << 20

/**
 * Weights that make the weighted losses bigger than the per-sample losses (e.g. a weight
 * of shape [n] on a rank-1 input's single value) are applied after the kernel, element by
 * element over the broadcast shape.
 * The weighted values are kept only when asked for (reduction 'none'): a reduction needs
 * just the sums, however large the broadcast. The walk can pause between elements, so an
 * asynchronous call can hand the event loop back while a large broadcast runs.
 */
class Expansion {
  private readonly round: (x: number) => number
  private readonly weights: (i: number) => number
  private readonly ls: number[]
  private readonly ws: number[]
  private readonly n: number
  private i = 0
  private sum = 0
  private weightSum = 0
  readonly values: FloatArray | null
  /** Per-loss sums of the weights over the broadcast (times upstream gradients), for gradients. */
  scales: { perLoss: Float64Array; upstream: ((i: number) => number) | null } | null = null

  constructor(
    private readonly losses: FloatArray,
    lossShape: number[],
    weights: (i: number) => number,
    weightShape: number[],
    private readonly shape: number[],
    dtype: DType,
    keep: boolean,
  ) {
    this.round = roundTo(dtype)
    this.weights = weights
    this.n = sizeOf(shape)
    this.values = keep ? allocate(dtype, this.n) : null
    this.ls = broadcastStrides(lossShape, shape)
    this.ws = broadcastStrides(weightShape, shape)
  }

  /** Walks up to `count` more elements; true once every element is done. */
  advance(count: number): boolean {
    const { round, weights, losses, values, scales } = this
    const end = Math.min(this.n, this.i + count)
    let { sum, weightSum } = this
    walkBroadcast(this.shape, this.ls, this.ws, this.i, end, (i, li, wi) => {
      const w = round(weights(wi))
      const v = round(losses[li]! * w)
      if (values !== null) values[i] = v
      if (scales !== null) scales.perLoss[li] += scales.upstream === null ? w : w * round(scales.upstream(i))
      sum += v
      weightSum += w
    })
    this.i = end
    this.sum = sum
    this.weightSum = weightSum
    return end === this.n
  }

  result(): Expanded {
    return { values: this.values, sum: this.sum, weightSum: this.weightSum }
  }
}

export interface ExpandArgs {
  losses: FloatArray
  lossShape: number[]
  weights: Data
  weightShape: number[]
  shape: number[]
  dtype: DType
  keep: boolean
}

function expansion(a: ExpandArgs): Expansion {
  const weights = numberAt(a.weights)
  return new Expansion(a.losses, a.lossShape, weights, a.weightShape, a.shape, a.dtype, a.keep)
}

/** The whole broadcast at once. */
export function expand(a: ExpandArgs): Expanded {
  const e = expansion(a)
  e.advance(Infinity)
  return e.result()
}

/** The same result in slices, yielding to the event loop between them. */
export async function expandInSlices(a: ExpandArgs): Promise<Expanded> {
  const e = expansion(a)
  while (!e.advance(SLICE)) await new Promise<void>((resolve) => setImmediate(resolve))
  return e.result()
}

/**
 * For the gradient of weights that grow the losses: each per-sample loss's weight summed
 * over its broadcast copies (each copy's weight times its upstream gradient, for 'none'),
 * and the sum of all the broadcast weights.
 */
export function broadcastScales(a: Omit<ExpandArgs, 'losses' | 'keep'>, rows: number, upstream: Data | null): { perLoss: Float64Array; weightSum: number } {
  const e = expansion({ ...a, losses: new Float64Array(rows), keep: false })
  const perLoss = new Float64Array(rows)
  e.scales = { perLoss, upstream: upstream === null ? null : numberAt(upstream) }
  e.advance(Infinity)
  return { perLoss, weightSum: e.result().weightSum }
}
