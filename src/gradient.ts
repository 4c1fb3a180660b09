import { allocate, roundTo } from './dtype'
import { LossInputError, describe } from './errors'
import { broadcastScales } from './expand'
import { LossKind, type GradJob, type Kink } from './job'
import { readOptions } from './options'
import { reduced, type Reduced, type Task } from './prepare'
import { rowWeight } from './row-weight'
import { formatShape, sameShape, sizeOf } from './shape'
import { numberAt, spansOf } from './spans'
import { parseTensorLike, type Parsed } from './tensor-like'
import { intrinsicView, overlaps, typedArrayKind, typedLength } from './typed-array'
import type { DType, FloatArray, NumericArray, Reduction, Tensor } from './types'

/** `value` as `compute` returns it, and `grad` = d value / d yPred in yPred's shape. */
export interface ValueAndGrad<V = number | Tensor, D extends DType = DType> {
  value: V
  grad: Tensor<D>
}

const KINKS: readonly Kink[] = ['full', 'half', 'zero']
const FIELDS = ['kink', 'upstream', 'out', 'mask'] as const

type Options = Record<(typeof FIELDS)[number], unknown>

function checkKink(value: unknown): Kink {
  if (value === undefined) return 'full'
  if (!KINKS.includes(value as Kink)) {
    throw new LossInputError('ERR_INVALID_OPTION', `options.kink: expected 'full', 'half' or 'zero', received ${describe(value)}`)
  }
  return value as Kink
}

/** `out`, checked: a typed array of the dtype and yPred's size, sharing no memory with an input (any span of one). */
function checkOut(out: unknown, dtype: DType, size: number, inputs: readonly NumericArray[]): FloatArray {
  const kind = dtype === 'float32' ? 'Float32Array' : 'Float64Array'
  if (typedArrayKind(out) !== kind) {
    throw new LossInputError('ERR_INVALID_OPTION', `options.out: expected a ${kind} (the loss dtype is ${dtype}), received ${describe(out)}`)
  }
  const view = intrinsicView(out as FloatArray, kind) as FloatArray | undefined
  if (view === undefined) throw new LossInputError('ERR_INVALID_TYPE', 'options.out: expected a typed array, received one whose buffer is detached')
  if (typedLength(view) !== size) {
    throw new LossInputError('ERR_LENGTH_MISMATCH', `options.out: expected ${size} elements (yPred's), received ${typedLength(view)}`)
  }
  if (inputs.some((input) => overlaps(view, input))) {
    throw new LossInputError('ERR_INVALID_OPTION', 'options.out: must not share memory with yTrue, yPred, sampleWeight or upstream')
  }
  return view
}

function checkUpstream(value: unknown, r: Reduced): Parsed | undefined {
  if (value === undefined || value === null) return undefined
  if (!r.plan.none) {
    throw new LossInputError('ERR_INVALID_OPTION', `options.upstream: only reduction 'none' or null takes an upstream gradient; this loss reduces with ${describe(r.reduction)}`)
  }
  const upstream = parseTensorLike(value, 'upstream')
  if (!sameShape(upstream.shape, r.plan.shape)) {
    throw new LossInputError(
      'ERR_SHAPE_MISMATCH',
      `upstream: expected the shape of the value, ${formatShape(r.plan.shape)}, received ${formatShape(upstream.shape)}`,
    )
  }
  return upstream
}

/**
 * The reduction's factor on each weighted loss, as `reduce` divides: 1 for 'sum', for
 * 'none' and for a single weighted value; 1/N for the means; 1/Σw for
 * 'mean_with_sample_weight' with weights; 0 where the division is by zero.
 */
function factorOf(r: Reduced, weightSum: () => number): number {
  const { plan, reduction } = r
  if (plan.none || plan.shape.length === 0 || reduction === 'sum') return 1
  const divisor = reduction === 'mean_with_sample_weight' && r.weighted ? weightSum() : sizeOf(plan.shape)
  return divisor === 0 ? 0 : 1 / divisor
}

/** The gradient part of the job (its buffer, its kink, each row's scale), and the array the caller gets. */
function gradJob(r: Reduced, dtype: DType, o: Options): { grad: GradJob; data: FloatArray } {
  const { job } = r.task
  const kink = checkKink(o.kink)
  const upstream = checkUpstream(o.upstream, r)
  const size = job.rows * job.cols
  const inputs = [...r.inputs, ...(upstream === undefined ? [] : spansOf(upstream.data))]
  const given = o.out === undefined || o.out === null ? undefined : (o.out as FloatArray)
  const out = given === undefined ? allocate(dtype, size) : checkOut(given, dtype, size, inputs)
  const data = given ?? out
  const round = roundTo(dtype)
  const { weighting } = r.plan
  if (weighting.mode === 'expanded') {
    // Weights that grow the losses: each loss's gradient scales by the sum of its copies' weights.
    const args = { ...weighting.layout, weights: r.expanded!.data, shape: r.plan.shape, dtype }
    const { perLoss, weightSum } = broadcastScales(args, job.rows, upstream?.data ?? null)
    return { grad: { out, kink, factor: factorOf(r, () => weightSum), scale: perLoss }, data }
  }
  let scale: Float64Array | null = null
  if (upstream !== undefined) {
    const value = numberAt(upstream.data)
    scale = new Float64Array(job.rows)
    for (let i = 0; i < job.rows; i++) scale[i] = round(value(i))
  }
  const weightSum = (): number => {
    // The broadcast weights summed first: the pass needs 1/Σw before it starts.
    const weight = rowWeight(job)
    let sum = 0
    if (weight !== null) for (let i = 0; i < job.rows; i++) sum += weight(i)
    return sum
  }
  return { grad: { out, kink, factor: factorOf(r, weightSum), scale }, data }
}

/** `compute` and the gradient of its result with respect to yPred, in one pass. */
export function gradTask(
  kind: LossKind,
  yTrue: unknown,
  yPred: unknown,
  sampleWeight: unknown,
  reduction: Reduction,
  dtype: DType,
  options: unknown,
): Task<ValueAndGrad> {
  // Options are read first, once each, so that the mask is parsed with the inputs, in their order.
  const o = readOptions(options, FIELDS)
  const r = reduced(kind, yTrue, yPred, sampleWeight, reduction, dtype, o.mask)
  const { task, predShape } = r
  const { job } = task
  const { grad, data } = gradJob(r, dtype, o)
  job.grad = grad
  const gradOf = (): Tensor => ({ data, shape: predShape, dtype })
  const finishAsync = task.finishAsync
  return {
    job,
    finish: (totals) => ({ value: task.finish(totals), grad: gradOf() }),
    ...(finishAsync === undefined ? {} : { finishAsync: async (totals) => ({ value: await finishAsync(totals), grad: gradOf() }) }),
  }
}
