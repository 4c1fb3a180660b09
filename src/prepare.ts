import { allocate } from './dtype'
import { LossInputError } from './errors'
import { halfOf } from './half'
import { LossKind, type Job, type Totals } from './job'
import { expand, expandInSlices, type ExpandArgs, type Expanded } from './expand'
import { checkMaskShape, maskedWeights, maskScale, maskWeightLayout, parseMask, scalesMask } from './mask'
import { factorMap, reductionPlan, type ReductionPlan } from './reduction'
import { formatShape, rankRule, sameShape, sizeOf, withoutLast } from './shape'
import { isSpans, pushSpans } from './spans'
import { parseTensorLike, type Parsed } from './tensor-like'
import type { DType, FloatArray, NumericArray, Reduction, Tensor } from './types'

/** Validated work: the kernel job, then what turns its totals into the caller's result. */
export interface Task<T> {
  job: Job
  finish(totals: Totals): T
  /** `finish` for asynchronous calls, when it has long work that must not block the event loop. */
  finishAsync?(totals: Totals): Promise<T>
}

interface Pair {
  job: Job
  /** Per-sample shape: yPred's shape (after the rank rule) without its last axis. */
  shape: number[]
  /** yPred's shape as given. */
  predShape: number[]
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
  // The rank rule only moves an axis between shapes whose ranks differ by one.
  let ts = trueShape
  let ps = predShape
  if (ts.length !== ps.length) [ts, ps] = rankRule(ts, ps)
  if (!sameShape(ts, ps)) {
    throw new LossInputError(
      'ERR_SHAPE_MISMATCH',
      `yTrue and yPred must have the same shape, received ${formatShape(trueShape)} and ${formatShape(predShape)}`,
    )
  }
  const shape = withoutLast(ps)
  return { shape, rows: sizeOf(shape), cols: ps[ps.length - 1]! }
}

/**
 * The shape checks of sparse class ids against yPred: ids have yPred's shape without its
 * last axis, or that with a trailing axis of 1 (a scalar or one id for rank-1 yPred).
 */
export function sparseLayout(trueShape: readonly number[], predShape: readonly number[]): PairLayout {
  checkRank(predShape, 'yPred')
  const shape = withoutLast(predShape)
  if (!sameShape(trueShape, shape) && !sameShape(trueShape, [...shape, 1])) {
    throw new LossInputError(
      'ERR_SHAPE_MISMATCH',
      `yTrue: class ids for yPred of shape ${formatShape(predShape)} have shape ${formatShape(shape)} or ${formatShape([...shape, 1])}, received ${formatShape(trueShape)}`,
    )
  }
  return { shape, rows: sizeOf(shape), cols: predShape[predShape.length - 1]! }
}

/** Parses and checks (yTrue, yPred); `dtype` undefined means yPred's (a loss function's rule). */
export function preparePair(kind: LossKind, yTrue: unknown, yPred: unknown, dtype: DType | undefined): Pair {
  // Read in place where that reads what a view would (see job.ts `Job`).
  const t = parseTensorLike(yTrue, 'yTrue', true)
  const p = parseTensorLike(yPred, 'yPred', true)
  const sparse = kind === LossKind.SparseCategoricalHinge
  const { shape, rows, cols } = sparse ? sparseLayout(t.shape, p.shape) : pairLayout(t.shape, p.shape)
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
    yTrueHalf: halfOf(t.data) ?? null,
    yPredHalf: halfOf(p.data) ?? null,
    weightsHalf: null,
    mask: null,
    grad: null,
  }
  return { job, shape, predShape: p.shape }
}

/** Per-sample losses (Keras' loss functions and `Loss.call`); a mask is checked, not applied, as Keras' `Loss.call` has none. */
export function perSampleTask(kind: LossKind, yTrue: unknown, yPred: unknown, dtype?: DType, mask?: unknown): Task<Tensor> & { shape: number[] } {
  const { job, shape } = preparePair(kind, yTrue, yPred, dtype)
  if (mask !== undefined && mask !== null) checkMaskShape(parseMask(mask), shape)
  const out = allocate(job.dtype, job.rows)
  job.out = out
  return { job, shape, finish: () => ({ data: out, shape, dtype: job.dtype }) }
}

/** A reduced call, validated: its task, and what a gradient needs to know of it. */
export interface Reduced {
  task: Task<number | Tensor>
  plan: ReductionPlan
  /** Whether sample weights or a mask weigh the losses. */
  weighted: boolean
  /** The weights over the broadcast shape (the mask's included), when they grow the losses. */
  expanded: Parsed | undefined
  /** The caller's arrays the pass reads, which an output must not overlap. */
  inputs: readonly NumericArray[]
  /** yPred's shape as given. */
  predShape: number[]
  reduction: Reduction
}

const given = (value: unknown): boolean => value !== undefined && value !== null

/**
 * The caller's arrays a pass reads, which an output must not overlap. Pushed, not spread,
 * and a literal for the common pair of single arrays: a tiny call spent a tenth of its
 * time growing this list.
 */
function inputsOf(job: Job, weights: Parsed | undefined, mask: Parsed | undefined): NumericArray[] {
  const { yTrue, yPred } = job
  if (weights === undefined && mask === undefined && !isSpans(yTrue) && !isSpans(yPred)) return [yTrue, yPred]
  const inputs: NumericArray[] = []
  pushSpans(inputs, yTrue)
  pushSpans(inputs, yPred)
  if (weights !== undefined) pushSpans(inputs, weights.data)
  if (mask !== undefined) pushSpans(inputs, mask.data)
  return inputs
}

/**
 * Keras' `Loss.__call__`: per-sample losses, sample weights and a mask (Keras'
 * `apply_mask`), then the reduction. The mask and the weights are fused into the pass,
 * each read through its own map (see job.ts `MaskJob`), unless together they grow the
 * losses by broadcasting: then they are multiplied out and applied after the pass.
 */
export function reduced(
  kind: LossKind,
  yTrue: unknown,
  yPred: unknown,
  sampleWeight: unknown,
  reduction: Reduction,
  dtype: DType,
  maskValue: unknown,
): Reduced {
  const { job, shape, predShape } = preparePair(kind, yTrue, yPred, dtype)
  const weights = given(sampleWeight) ? parseTensorLike(sampleWeight, 'sampleWeight') : undefined
  const mask = given(maskValue) ? parseMask(maskValue) : undefined
  if (mask !== undefined) checkMaskShape(mask, shape)
  const both = mask !== undefined && weights !== undefined ? maskWeightLayout(mask, weights) : undefined
  const plan = reductionPlan(shape, both?.shape ?? weights?.shape ?? mask?.shape, reduction, dtype)
  const { weighting } = plan
  const inputs = inputsOf(job, weights, mask)
  const weighted = weights !== undefined || mask !== undefined

  if (weighting.mode !== 'expanded') {
    // An empty batch reads no weight: its sums are 0 either way.
    if (weighting.mode === 'fused' && job.rows > 0) {
      if (weights !== undefined) {
        job.weights = weights.data
        job.weightsHalf = halfOf(weights.data) ?? null
        job.weightMap = both === undefined ? weighting.map : factorMap(shape, both.shape, both.weights)
      }
      if (mask !== undefined) {
        const map = both === undefined ? weighting.map : factorMap(shape, both.shape, both.mask)
        job.mask = { data: mask.values, map, scale: maskScale(mask, dtype, scalesMask(reduction)) }
      }
    }
    const out = plan.none ? allocate(dtype, job.rows) : null
    job.out = out
    // Made for the case at hand, and no closure for the reduced value: a tiny call spends measurably on each allocation.
    const task = out !== null ? { job, finish: () => tensorOf(out, plan, dtype) } : new ReducingTask(job, plan)
    return { task, plan, weighted, expanded: undefined, inputs, predShape, reduction }
  }

  const w = mask === undefined ? weights! : maskedWeights(mask, weights, dtype, scalesMask(reduction))
  const losses = allocate(dtype, job.rows)
  job.out = losses
  const expansion: ExpandArgs = { losses, ...weighting.layout, weights: w.data, shape: plan.shape, dtype, keep: plan.none }
  const result = ({ values, sum, weightSum }: Expanded) => (values !== null ? tensorOf(values, plan, dtype) : plan.reduce(sum, weightSum))
  const task = {
    job,
    finish: () => result(expand(expansion)),
    finishAsync: async () => result(await expandInSlices(expansion)),
  }
  return { task, plan, weighted, expanded: w, inputs, predShape, reduction }
}

/** The task of a reduced call whose weights are fused (or absent): a class, so a tiny call allocates one object, not a closure with its context. */
class ReducingTask implements Task<number> {
  constructor(
    readonly job: Job,
    private readonly plan: ReductionPlan,
  ) {}

  finish({ sum, weightSum }: Totals): number {
    return this.plan.reduce(sum, weightSum)
  }
}

/** The weighted per-sample losses of a 'none' reduction, as the caller gets them. */
const tensorOf = (data: FloatArray, plan: ReductionPlan, dtype: DType): Tensor => ({ data, shape: plan.shape, dtype })
