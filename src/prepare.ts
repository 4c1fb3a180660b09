import { LossInputError } from './errors'
import type { Job, LossKind, Totals } from './job'
import { expand, expandInSlices, type ExpandArgs, type Expanded } from './expand'
import { broadcastShapes, formatShape, rankRule, sameShape, sizeOf, weightMap } from './shape'
import { parseTensorLike, type Parsed } from './tensor-like'
import type { DType, FloatArray, Reduction, Tensor } from './types'

/** Validated work: the kernel job, then what turns its totals into the caller's result. */
export interface Task<T> {
  job: Job
  finish(totals: Totals): T
  /** `finish` for asynchronous calls, when it has long work that must not block the event loop. */
  finishAsync?(totals: Totals): Promise<T>
}

/** The most weighted losses a broadcast may make: the longest typed array V8 allocates. */
const MAX_WEIGHTED = 2 ** 32 - 1

type Round = (x: number) => number
const identity: Round = (x) => x
const roundTo = (dtype: DType): Round => (dtype === 'float32' ? Math.fround : identity)
const allocate = (dtype: DType, n: number): FloatArray => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n))

interface Pair {
  job: Job
  /** Per-sample shape: yPred's shape (after the rank rule) without its last axis. */
  shape: number[]
}

function checkRank(shape: readonly number[], arg: string): void {
  if (shape.length === 0) {
    throw new LossInputError('ERR_RANK', `${arg}: expected a tensor of rank 1 or more, received a scalar (shape [])`)
  }
  if (shape[shape.length - 1] === 0) {
    throw new LossInputError('ERR_INVALID_SHAPE', `${arg}: the last axis must not be empty, received shape ${formatShape(shape)}`)
  }
}

/** How a (yTrue, yPred) pair lays out as kernel rows. */
export interface PairLayout {
  /** Per-sample shape: yPred's shape (after the rank rule) without its last axis. */
  shape: number[]
  rows: number
  cols: number
}

/**
 * The shape checks of a (yTrue, yPred) pair, on shapes alone: for callers that know the
 * shapes before the data (files read in chunks of rows).
 */
export function pairLayout(trueShape: readonly number[], predShape: readonly number[]): PairLayout {
  checkRank(trueShape, 'yTrue')
  checkRank(predShape, 'yPred')
  const [ts, ps] = rankRule(trueShape, predShape)
  if (!sameShape(ts, ps)) {
    throw new LossInputError(
      'ERR_SHAPE_MISMATCH',
      `yTrue and yPred must have the same shape, received ${formatShape(trueShape)} and ${formatShape(predShape)}`,
    )
  }
  const shape = ps.slice(0, -1)
  return { shape, rows: sizeOf(shape), cols: ps[ps.length - 1]! }
}

/** Parses and checks (yTrue, yPred); `dtype` undefined means yPred's (a loss function's rule). */
function preparePair(kind: LossKind, yTrue: unknown, yPred: unknown, dtype: DType | undefined): Pair {
  const t = parseTensorLike(yTrue, 'yTrue')
  const p = parseTensorLike(yPred, 'yPred')
  const { shape, rows, cols } = pairLayout(t.shape, p.shape)
  const job: Job = {
    kind,
    dtype: dtype ?? (p.float64 ? 'float64' : 'float32'),
    labels: 'auto',
    rows,
    cols,
    yTrue: t.data,
    yPred: p.data,
    weights: null,
    weightMap: null,
    out: null,
  }
  return { job, shape }
}

/** Per-sample losses (Keras' loss functions and `Loss.call`). */
export function perSampleTask(kind: LossKind, yTrue: unknown, yPred: unknown, dtype?: DType): Task<Tensor> {
  const { job, shape } = preparePair(kind, yTrue, yPred, dtype)
  const out = allocate(job.dtype, job.rows)
  job.out = out
  return { job, finish: () => ({ data: out, shape, dtype: job.dtype }) }
}

/**
 * Keras' reduction of the weighted values: a shape-[] value is returned as is, an empty
 * tensor reduces to 0 (divide_no_nan), and the mean divides by the element count or,
 * for 'mean_with_sample_weight', by the sum of the broadcast weights.
 */
export function reduce(reduction: Reduction, shape: number[], sum: number, weightSum: number, weighted: boolean, round: Round): number {
  if (shape.length === 0 || reduction === 'sum') return round(sum)
  const divisor = reduction === 'mean_with_sample_weight' && weighted ? weightSum : sizeOf(shape)
  return divisor === 0 ? 0 : round(sum / divisor)
}

/** Applies weights that grow the losses (see expand.ts) in one go: for callers that hold all the losses. */
export function expandWeights(
  losses: FloatArray,
  lossShape: number[],
  weights: Parsed,
  weightShape: number[],
  shape: number[],
  dtype: DType,
  keep: boolean,
): Expanded {
  return expand({ losses, lossShape, weights: weights.data, weightShape, shape, dtype, keep })
}

/** How sample weights meet the per-sample losses: both shapes after the rank rule and their broadcast. */
export interface WeightLayout {
  lossShape: number[]
  weightShape: number[]
  /** The shape of the weighted losses. */
  weighted: number[]
  /** The weights do not grow the losses: the kernel applies them row by row (see weightMap). */
  fused: boolean
}

/** The weight checks of `reducedTask` on shapes alone. */
export function weightLayout(shape: readonly number[], given: readonly number[]): WeightLayout {
  const [lossShape, weightShape] = rankRule(shape, given)
  const weighted = broadcastShapes(lossShape, weightShape)
  if (weighted === undefined) {
    throw new LossInputError(
      'ERR_SHAPE_MISMATCH',
      `sampleWeight of shape ${formatShape(given)} does not broadcast to the per-sample losses of shape ${formatShape(shape)}`,
    )
  }
  return { lossShape, weightShape, weighted, fused: sameShape(weighted, lossShape) }
}

/** Keras' `Loss.__call__`: per-sample losses, sample weights, then the reduction. */
export function reducedTask(
  kind: LossKind,
  yTrue: unknown,
  yPred: unknown,
  sampleWeight: unknown,
  reduction: Reduction,
  dtype: DType,
): Task<number | Tensor> {
  const { job, shape } = preparePair(kind, yTrue, yPred, dtype)
  const round = roundTo(dtype)
  const none = reduction === 'none' || reduction === null
  const tensorOf = (data: FloatArray, s: number[]): Tensor => ({ data, shape: s, dtype })

  if (sampleWeight === undefined || sampleWeight === null) {
    const out = none ? allocate(dtype, job.rows) : null
    job.out = out
    return {
      job,
      finish: ({ sum }) => (out ? tensorOf(out, shape) : reduce(reduction, shape, sum, 0, false, round)),
    }
  }

  const w = parseTensorLike(sampleWeight, 'sampleWeight')
  const { lossShape, weightShape, weighted, fused } = weightLayout(shape, w.shape)

  if (fused) {
    // The weights broadcast onto the losses without growing them: fused into the kernel pass.
    if (job.rows > 0) {
      // An empty batch reads no weight: its sums are 0 either way.
      job.weights = w.data
      job.weightMap = weightMap(weightShape, weighted)
    }
    const out = none ? allocate(dtype, job.rows) : null
    job.out = out
    return {
      job,
      finish: ({ sum, weightSum }) => (out ? tensorOf(out, weighted) : reduce(reduction, weighted, sum, weightSum, true, round)),
    }
  }

  const count = sizeOf(weighted)
  if (count > MAX_WEIGHTED) {
    throw new LossInputError(
      'ERR_INVALID_SHAPE',
      `sampleWeight of shape ${formatShape(w.shape)} broadcasts the per-sample losses to ${formatShape(weighted)}: ${count} weighted losses, more than the ${MAX_WEIGHTED} a typed array holds`,
    )
  }
  const losses = allocate(dtype, job.rows)
  job.out = losses
  const expansion: ExpandArgs = { losses, lossShape, weights: w.data, weightShape, shape: weighted, dtype, keep: none }
  const result = ({ values, sum, weightSum }: Expanded) =>
    values !== null ? tensorOf(values, weighted) : reduce(reduction, weighted, sum, weightSum, true, round)
  return {
    job,
    finish: () => result(expand(expansion)),
    finishAsync: async () => result(await expandInSlices(expansion)),
  }
}
