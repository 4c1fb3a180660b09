import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { FlowProducer, Queue, type JobsOptions } from 'bullmq'
import { CHUNK_ELEMENTS } from '../cli/evaluate'
import { CliInputError, openInput } from '../cli/inputs'
import { LossInputError, describe } from '../errors'
import type { BackendName } from '../select'
import type { DType, LossName } from '../types'
import { checkQueueName, checkRedisUrl, lastingConnection, PREFIX, probe, redact } from './connection'
import { fromWire, type MergedResult, type MergedWire } from './merge'
import { evaluationPlan } from './plan'
import { MERGE_JOB, mergeJobId, partialsKey, SHARD_JOB, shardJobId, shardRanges, type EvaluationSpec, type InputFiles, type MergeJobData, type QueueReduction, type ShardJobData, type ShardRange } from './spec'

export interface SubmitOptions {
  redis: string
  /** @default 'hinge-losses' */
  queue?: string
  loss: LossName
  files: InputFiles
  /** @default 'sum_over_batch_size' */
  reduction?: QueueReduction
  /** @default 'float32' */
  dtype?: DType
  /** The backend every shard computes on (workers without it fail the evaluation). */
  backend: BackendName
  /** Rows per kernel pass, as the local eval's --chunk-rows. */
  chunkRows?: number
  /** Rows per shard. @default 8 chunks of the default size: 2^23 elements of yPred */
  shardRows?: number
  /** The longest wait without a shard finishing (or, once they all have, for the merge). @default 600000 */
  timeoutMs?: number
  /** Told the shards recorded so far, on every change. */
  onProgress?: (shardsDone: number, shards: number) => void
}

export interface QueuedResult extends MergedResult {
  /** The evaluation's id: its jobs are `<id>-shard-<index>` and `<id>-merge`. */
  evaluation: string
}

/** How often the submitter looks at the evaluation's state. */
const POLL_MS = 10

/** Jobs stay a day after they end if nobody removes them (a submitter that died). */
const KEEP = { age: 24 * 3600 }

function positive(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new LossInputError('ERR_INVALID_OPTION', `${name}: expected a positive integer, received ${describe(value)}`)
  return value as number
}

/** The spec of an evaluation, from the files' headers and the local eval's checks, before anything is queued. */
async function specOf(options: SubmitOptions, chunkRows: number | undefined): Promise<EvaluationSpec> {
  const { files } = options
  const opened: Awaited<ReturnType<typeof openInput>>[] = []
  const open = async (option: string, file: string) => {
    const reader = await openInput(option, file)
    opened.push(reader)
    return reader.shape
  }
  try {
    const shapes = {
      yTrue: await open('--y-true', files.yTrue),
      yPred: await open('--y-pred', files.yPred),
      sampleWeight: files.sampleWeight === undefined ? undefined : await open('--sample-weight', files.sampleWeight),
    }
    const base = { loss: options.loss, reduction: options.reduction ?? 'sum_over_batch_size', dtype: options.dtype ?? 'float32', shapes }
    const { layout } = evaluationPlan(base)
    // Workers open the same paths from their own working directories.
    const absolute = { yTrue: resolve(files.yTrue), yPred: resolve(files.yPred), sampleWeight: files.sampleWeight === undefined ? undefined : resolve(files.sampleWeight) }
    return { ...base, backend: options.backend, files: absolute, rows: layout.rows, chunkRows }
  } finally {
    await Promise.all(opened.map((reader) => reader.close()))
  }
}

/** `promise`, or a refusal saying `what` did not happen within `ms`: no wait on Redis lasts for ever. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  const timer = new AbortController()
  try {
    return await Promise.race([promise, sleep(ms, undefined, { signal: timer.signal }).then(() => Promise.reject(new CliInputError(`${what} within ${ms / 1000} s`)))])
  } finally {
    timer.abort()
  }
}

/** The default shard: whole chunks of the local eval (so that the sums are its very chunks), 8 of them. */
function defaultShardRows(spec: EvaluationSpec): number {
  const cols = spec.shapes.yPred[spec.shapes.yPred.length - 1] ?? 1
  const chunkRows = spec.chunkRows ?? Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.max(cols, 1)))
  return 8 * chunkRows
}

/** The child whose failure failed the parent, from BullMQ's reason ("child <prefix>:<queue>:<id> failed"). */
async function failure(getJob: (id: string) => Promise<{ failedReason: string } | undefined>, parentReason: string): Promise<string> {
  const match = /child \S+:([^:\s]+) failed/.exec(parentReason)
  const child = match === null ? undefined : await getJob(match[1]!)
  return child?.failedReason || parentReason
}

export interface PreparedEvaluation {
  spec: EvaluationSpec
  shards: ShardRange[]
}

/**
 * The checks that need no queue, before anything is queued: the options, the files'
 * headers and the local eval's shape and weight rules, and the Redis server's answer.
 */
export async function prepareEvaluation(options: SubmitOptions): Promise<PreparedEvaluation> {
  const url = checkRedisUrl(options.redis)
  checkQueueName(options.queue)
  positive(options.timeoutMs, 'timeoutMs')
  const spec = await specOf(options, positive(options.chunkRows, 'chunkRows'))
  const shards = shardRanges(spec.rows, positive(options.shardRows, 'shardRows') ?? defaultShardRows(spec))
  await probe(url)
  return { spec, shards }
}

/**
 * Submits a prepared evaluation as one BullMQ flow (a merging parent over one child per
 * shard) and waits for its result. Shards name rows of the same files, which every worker
 * opens under the same path; a shard that fails fails the evaluation (a CliInputError
 * naming the shard and the reason), and so do a wait longer than the timeout and an
 * evaluation whose jobs vanished (a Redis restarted without persistence). The jobs and
 * the partial sums are removed afterwards.
 */
export async function runEvaluation({ spec, shards: ranges }: PreparedEvaluation, options: SubmitOptions): Promise<QueuedResult> {
  const url = checkRedisUrl(options.redis)
  const queueName = checkQueueName(options.queue)
  const timeoutMs = positive(options.timeoutMs, 'timeoutMs') ?? 600_000
  const evaluation = randomUUID()
  const key = partialsKey(PREFIX, queueName, evaluation)
  // One connection for the flow, the queue's getters and the progress: BullMQ leaves a shared one open.
  const redis = lastingConnection(url)
  const flows = new FlowProducer({ connection: redis, prefix: PREFIX })
  const queue = new Queue(queueName, { connection: redis, prefix: PREFIX })
  flows.on('error', () => {})
  queue.on('error', () => {})
  const shards = ranges.length
  const childOptions: JobsOptions = { failParentOnFailure: true, attempts: 3, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: KEEP, removeOnFail: KEEP }
  try {
    const added = flows.add({
      name: MERGE_JOB,
      queueName,
      data: { evaluation, spec, shards } satisfies MergeJobData,
      opts: { jobId: mergeJobId(evaluation), attempts: 3, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: KEEP, removeOnFail: KEEP },
      children: ranges.map((shard) => ({
        name: SHARD_JOB,
        queueName,
        data: { evaluation, spec, shard, shards } satisfies ShardJobData,
        opts: { ...childOptions, jobId: shardJobId(evaluation, shard.index) },
      })),
    })
    await within(added, timeoutMs, `Redis at ${redact(url)} did not take the evaluation's jobs`)
    let done = 0
    let since = performance.now()
    const unreachable = `Redis at ${redact(url)} did not answer`
    const ask = <T>(request: Promise<T>): Promise<T> => within(request, timeoutMs, unreachable)
    const getJob = (id: string) => ask(queue.getJob(id))
    for (;;) {
      const state = await ask(queue.getJobState(mergeJobId(evaluation)))
      if (state === 'completed') {
        const job = await getJob(mergeJobId(evaluation))
        if (job !== undefined) return { ...fromWire(job.returnvalue as MergedWire), evaluation }
      } else if (state === 'failed') {
        const job = await getJob(mergeJobId(evaluation))
        throw new CliInputError(await failure(getJob, job?.failedReason ?? 'the merge failed'))
      } else if (state === 'unknown') {
        throw new CliInputError(`the jobs of evaluation ${evaluation} are no longer in Redis at ${redact(url)} (was it restarted without persistence, or flushed?)`)
      }
      const recorded = await ask(redis.hlen(key))
      if (recorded !== done) {
        done = recorded
        since = performance.now()
        options.onProgress?.(done, shards)
      }
      if (performance.now() - since > timeoutMs) {
        const what = done < shards ? `no shard finished (${done} of ${shards} recorded)` : 'the merge did not finish'
        throw new CliInputError(`${what} in ${timeoutMs / 1000} s: is a worker running (hinge-losses worker --redis ${redact(url)} --queue ${queueName})?`)
      }
      await sleep(POLL_MS)
    }
  } finally {
    // Jobs still locked by a worker stay until their age runs out (KEEP); the rest go now.
    const cleanup = Promise.all([queue.remove(mergeJobId(evaluation), { removeChildren: true }), redis.del(key)])
    await within(cleanup, 5000, 'cleanup').catch(() => {})
    await within(Promise.all([flows.close(), queue.close()]), 5000, 'closing').catch(() => {})
    redis.disconnect()
  }
}
