import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { BackendName } from '../select'
import { LossInputError, describe } from '../errors'
import { CategoricalHingeMetric, HingeMetric, SparseCategoricalHingeMetric, SquaredHingeMetric, type MeanMetric, type MetricState } from '../metrics/mean-metric'
import { readBatch, type Batch } from '../stream/batch'
import { restoreError, type MetricClassName, type WorkerReply, type WorkerTask } from './protocol'
import { portableBatch } from './portable'
import { transferLists } from './transfer'

export interface WorkerOptions {
  /** @default the available cores, and never more than there are batches */
  workers?: number
}

/**
 * Feeds `batches` to `metric` in worker threads: consecutive batches are split into one
 * group per worker, each worker loads the package and feeds its group to a fresh metric of
 * the same kind and config, and their states are merged into `metric` in batch order.
 * Resolves with `metric.result()`, equal (up to float64 summation order) to feeding the
 * batches one after another. Typed arrays on a SharedArrayBuffer are shared with the
 * workers; other typed-array buffers are transferred, so the caller's arrays are detached
 * afterwards. Nothing is copied either way.
 */
export type EvaluateInWorkers = (metric: MeanMetric, batches: Iterable<Batch>, options?: WorkerOptions) => Promise<number>

const WORKER_SCRIPT = join(__dirname, 'worker.js')

function classOf(metric: MeanMetric): MetricClassName {
  if (metric instanceof HingeMetric) return 'Hinge'
  if (metric instanceof SquaredHingeMetric) return 'SquaredHinge'
  if (metric instanceof CategoricalHingeMetric) return 'CategoricalHinge'
  if (metric instanceof SparseCategoricalHingeMetric) return 'SparseCategoricalHinge'
  throw new LossInputError('ERR_INVALID_TYPE', `metric: expected a metrics.Hinge, metrics.SquaredHinge, metrics.CategoricalHinge or metrics.SparseCategoricalHinge, received ${describe(metric)}`)
}

function workerCount(requested: unknown, batches: number): number {
  if (requested === undefined) return Math.min(availableParallelism(), batches)
  if (!Number.isSafeInteger(requested) || (requested as number) < 1) {
    throw new LossInputError('ERR_INVALID_TYPE', `options.workers: expected a positive integer, received ${describe(requested)}`)
  }
  return Math.min(requested as number, batches)
}

/** Consecutive groups whose sizes differ by one at most. */
function groupsOf<T>(items: T[], count: number): T[][] {
  return Array.from({ length: count }, (_, g) => items.slice(Math.floor((g * items.length) / count), Math.floor(((g + 1) * items.length) / count)))
}

function runWorker(task: WorkerTask, transferList: ArrayBuffer[], started: Worker[]): Promise<MetricState> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT, { workerData: task, transferList })
    started.push(worker)
    worker.once('message', (reply: WorkerReply) => ('state' in reply ? resolve(reply.state) : reject(restoreError(reply.error))))
    worker.once('error', reject)
    // After a reply this rejection is a no-op; before one, the worker died without a word.
    worker.once('exit', (code) => reject(new Error(`an evaluation worker exited with code ${code} before replying`)))
  })
}

/** The helper for one package entry: its workers load `entry` and compute on the backend `engine` uses then. */
export function workerEvaluator(entry: string, engine: { backend(): BackendName }): EvaluateInWorkers {
  return async function evaluateInWorkers(metric, batches, options) {
    const metricClass = classOf(metric)
    const all = Array.from(batches, (batch, i) => portableBatch(readBatch(batch, `batch ${i}`), `batch ${i}`))
    if (all.length === 0) return metric.result()
    const groups = groupsOf(all, workerCount(options?.workers, all.length))
    const transfers = transferLists(groups)
    const base = { entry, backend: engine.backend(), metric: metricClass, config: metric.getConfig() }
    const started: Worker[] = []
    try {
      const states = await Promise.all(groups.map((group, g) => runWorker({ ...base, batches: group }, transfers[g]!, started)))
      for (const state of states) metric.merge(state)
    } catch (error) {
      await Promise.all(started.map((worker) => worker.terminate()))
      throw error
    }
    return metric.result()
  }
}
