/**
 * The CLI's queue commands: `eval --redis` and `worker`. Loaded only when one of them
 * runs, so that the local eval never loads BullMQ (an optional peer dependency).
 */
import { startWorker } from '../queue/worker'
import { prepareEvaluation, runEvaluation, type SubmitOptions } from '../queue/submit'
import type { QueueReduction } from '../queue/spec'
import type { BackendName } from '../select'
import type { DType, LossName } from '../types'
import { CliInputError } from './inputs'
import { emit } from './output'
import { formatJson, formatSummary, formatText, type Report } from './report'

export interface QueueEvalOptions {
  loss: LossName
  files: { yTrue: string; yPred: string; sampleWeight?: string | undefined }
  reduction: Report['reduction']
  dtype: DType
  chunkRows?: number | undefined
  json?: boolean | undefined
  redis: string
  queue?: string | undefined
  shardRows?: number | undefined
  timeout?: number | undefined
}

interface Output {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
}

/** A queued report: the local eval's fields, then the shards and the workers that ran them. */
type QueueReport = Report & { shards: number; workers: number }

/** `eval … --redis URL`: the local eval's output, the work done by the queue's workers. */
export async function evaluateOnQueue(options: QueueEvalOptions, backend: BackendName, out: Output): Promise<void> {
  if (options.reduction === 'none') throw new CliInputError('--redis evaluates to a reduced value; the per-sample values of --reduction none come from a local eval')
  const start = performance.now()
  const submit: SubmitOptions = {
    redis: options.redis,
    queue: options.queue,
    loss: options.loss,
    files: options.files,
    reduction: options.reduction as QueueReduction,
    dtype: options.dtype,
    backend,
    chunkRows: options.chunkRows,
    shardRows: options.shardRows,
    timeoutMs: options.timeout === undefined ? undefined : options.timeout * 1000,
  }
  const result = await runEvaluation(await prepareEvaluation(submit), submit)
  const report: QueueReport = {
    loss: options.loss,
    reduction: options.reduction,
    dtype: options.dtype,
    rows: result.rows,
    backend: result.backend,
    value: result.value,
    files: options.files,
    milliseconds: performance.now() - start,
    shards: result.shards,
    workers: result.workers,
  }
  const labels = result.labels === 'none' ? '' : `; labels ${result.labels === 'converted' ? 'all 0 or 1, read as -1 and 1' : 'kept as they are'}`
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
  out.stderr.write(`${formatSummary(report).trimEnd()}, ${count(result.shards, 'shard')} on ${count(result.workers, 'worker')}${labels}\n`)
  await emit(out.stdout, options.json ? formatJson(report) : formatText(report))
}

export interface WorkerCommandOptions {
  redis: string
  queue?: string | undefined
  concurrency?: number | undefined
  stallMs?: number | undefined
}

/**
 * `worker --redis URL`: evaluates jobs until SIGINT or SIGTERM, then lets the jobs in
 * progress finish and returns; a second signal stops at once, leaving those jobs to the
 * stalled-job check of the other workers.
 */
export async function runWorker(options: WorkerCommandOptions, out: Output): Promise<void> {
  const log = (line: string) => out.stderr.write(`hinge-losses worker: ${line}\n`)
  const worker = await startWorker({ redis: options.redis, queue: options.queue, concurrency: options.concurrency, stallMs: options.stallMs, log })
  await new Promise<void>((resolve, reject) => {
    let signals = 0
    const stop = (signal: NodeJS.Signals) => {
      signals++
      if (signals === 1) log(`${signal}: finishing the jobs in progress, then exiting`)
      else log(`${signal} again: exiting now, the jobs in progress go back to the queue`)
      worker.close(signals > 1).then(() => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        resolve()
      }, reject)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
