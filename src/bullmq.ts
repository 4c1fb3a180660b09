/**
 * hinge-losses/bullmq: evaluations spread over BullMQ workers on Redis. An evaluation of
 * files (that every worker opens under the same path) becomes one flow: a job per shard
 * of rows and a merging parent. Each shard's partial sums are recorded once under its
 * index, whatever ran it how often, and merged in shard order, so the result is the same
 * bit for bit whichever workers ran the shards, in whatever order, with whatever retries.
 * BullMQ and ioredis are optional peer dependencies, loaded only by this entry.
 */
import { backend as rootBackend } from './index'
import { LossInputError, describe } from './errors'
import { CategoricalHingeMetric, HingeMetric, SparseCategoricalHingeMetric, SquaredHingeMetric, type MeanMetric } from './metrics/mean-metric'
import { formatShape } from './shape'
import { evaluationPlan } from './queue/plan'
import { prepareEvaluation, runEvaluation, type QueuedResult, type SubmitOptions } from './queue/submit'
import type { BackendName } from './select'
import type { InputFiles } from './queue/spec'
import type { LossName } from './types'

export type { QueuedResult } from './queue/submit'
export type { LabelOutcome, MergedResult } from './queue/merge'
export type { InputFiles, QueueReduction } from './queue/spec'
export type { RunningWorker, WorkerOptions } from './queue/worker'
export { startWorker } from './queue/worker'

export interface EvaluationOptions extends Omit<SubmitOptions, 'backend'> {
  /** The backend every shard computes on. @default the package root's: `backend()` of 'hinge-losses' */
  backend?: BackendName
}

/**
 * Evaluates `loss` over `files` on the queue and resolves with the merged result: the
 * value of the loss class's `compute` over the whole files (every reduction but 'none'),
 * the sums it comes from, the rows and shards counted and the {0,1} label decision. A
 * shard that fails rejects it with the shard's index, rows and reason.
 */
export function submitEvaluation(options: EvaluationOptions): Promise<QueuedResult> {
  const complete = { ...options, backend: options.backend ?? rootBackend() }
  return prepareEvaluation(complete).then((prepared) => runEvaluation(prepared, complete))
}

/** The evaluation's options but those the metric decides: its loss, its dtype, and the files given apart. */
export type MetricEvaluationOptions = Omit<EvaluationOptions, 'loss' | 'files' | 'reduction' | 'dtype'>

function lossOf(metric: MeanMetric): LossName {
  if (metric instanceof HingeMetric) return 'hinge'
  if (metric instanceof SquaredHingeMetric) return 'squared_hinge'
  if (metric instanceof CategoricalHingeMetric) return 'categorical_hinge'
  if (metric instanceof SparseCategoricalHingeMetric) return 'sparse_categorical_hinge'
  throw new LossInputError('ERR_INVALID_TYPE', `metric: expected one of the package's metrics, received ${describe(metric)}`)
}

/**
 * Adds the files to `metric` as one `updateState(yTrue, yPred, sampleWeight)` over their
 * whole arrays would (one {0,1} label decision over all of them), the work done on the
 * queue: the shards' states, (Σ weighted losses, Σ weights) each, merge in shard order
 * into the metric's state. Resolves with `metric.result()`. Metrics average per row of
 * the first axis, so yPred has rank 1 or 2 here (one loss per row).
 */
export async function evaluateMetric(metric: MeanMetric, files: InputFiles, options: MetricEvaluationOptions): Promise<number> {
  const submit: SubmitOptions = { ...options, backend: options.backend ?? rootBackend(), loss: lossOf(metric), files, reduction: 'sum', dtype: metric.dtype }
  const prepared = await prepareEvaluation(submit)
  const { shape } = evaluationPlan(prepared.spec).layout
  if (shape.length > 1) {
    throw new LossInputError('ERR_INVALID_SHAPE', `evaluateMetric: per-sample losses of shape ${formatShape(shape)}; a metric averages them per row of the first axis, which shards of rows do not see: give yPred of rank 1 or 2`)
  }
  const result = await runEvaluation(prepared, submit)
  metric.merge({ total: result.sum, count: result.weightSum })
  return metric.result()
}
