// The body of each evaluation worker: loads the package entry it is given (and with it the
// native addon, per thread), feeds its batches to a fresh metric and replies with the state.
import { parentPort, workerData } from 'node:worker_threads'
import type { BackendChoice } from '../select'
import type { MeanMetric } from '../metrics/mean-metric'
import { errorData, type MetricClassName, type WorkerReply, type WorkerTask } from './protocol'

interface Entry {
  setBackend(name: BackendChoice): void
  metrics: Record<MetricClassName, { fromConfig(config: object): MeanMetric }>
}

function evaluate(task: WorkerTask): WorkerReply {
  try {
    const entry = require(task.entry) as Entry
    entry.setBackend(task.backend)
    const metric = entry.metrics[task.metric].fromConfig(task.config)
    for (const { yTrue, yPred, sampleWeight } of task.batches) metric.updateState(yTrue, yPred, sampleWeight ?? undefined)
    return { state: metric.state() }
  } catch (error) {
    return { error: errorData(error) }
  }
}

parentPort!.postMessage(evaluate(workerData as WorkerTask))
