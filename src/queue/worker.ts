import { hostname } from 'node:os'
import { UnrecoverableError, Worker, type Job } from 'bullmq'
import { LossInputError, describe } from '../errors'
import type { Kernel } from '../job'
import { loadNativeKernel } from '../native/backend'
import { selector, type BackendName } from '../select'
import { checkQueueName, checkRedisUrl, lastingConnection, PREFIX, probe, redact } from './connection'
import { mergeShards, shardRecord, toWire, type MergedWire, type ShardRecord } from './merge'
import { ReaderPool } from './readers'
import { isRefusal, messageLine } from './refusal'
import { evaluateShard } from './shard'
import { describeShard, MERGE_JOB, partialsKey, SHARD_JOB, type MergeJobData, type ShardJobData } from './spec'

export interface WorkerOptions {
  /** The Redis server, e.g. redis://127.0.0.1:6379. */
  redis: string
  /** @default 'hinge-losses' */
  queue?: string
  /** Jobs evaluated at once. @default 1 */
  concurrency?: number
  /**
   * How long a job's lock lasts without renewal, and how often workers look for jobs
   * whose lock expired (a worker that died) to run them again. @default 30000
   */
  stallMs?: number
  /** One line per job and per connection event. @default nothing is logged */
  log?: (line: string) => void
}

export interface RunningWorker {
  /** This worker's name in the shards' records: host:pid and a number. */
  readonly id: string
  /**
   * Stops taking jobs; resolves once the jobs in progress are done (`force`: at once, and
   * their locks lapse, so that another worker runs them again).
   */
  close(force?: boolean): Promise<void>
}

/** How long a shard's partial sums stay in Redis after its last write. */
const RETENTION_SECONDS = 24 * 3600

let started = 0

function positive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw new LossInputError('ERR_INVALID_OPTION', `${name}: expected a positive integer, received ${describe(value)}`)
  return value as number
}

/** One kernel per backend named by a job: the submitter's choice, whatever this process's environment says. */
function kernels(): (backend: BackendName) => Kernel {
  const native = selector(loadNativeKernel)
  native.setBackend('native')
  const js = selector()
  return (backend) => (backend === 'native' ? native : js).kernel()
}

const ms = (start: number): string => `${(performance.now() - start).toFixed(1)} ms`

/**
 * A BullMQ worker for the shard and merge jobs of queued evaluations. A shard writes its
 * record into the evaluation's hash with HSETNX under its index, so a shard run twice
 * (a stalled job run again, a duplicate delivery) counts once; a merge reads the hash.
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const url = checkRedisUrl(options.redis)
  const queue = checkQueueName(options.queue)
  const concurrency = positive(options.concurrency, 'concurrency', 1)
  const stallMs = positive(options.stallMs, 'stallMs', 30000)
  const log = options.log ?? (() => {})
  const id = `${hostname()}:${process.pid}:${++started}`
  const kernelFor = kernels()
  const redis = lastingConnection(url)
  const readers = new ReaderPool()
  let down = false
  const lost = (error: Error) => {
    if (down) return
    down = true
    log(`lost Redis at ${redact(url)} (${error.message}); reconnecting`)
  }
  redis.on('error', lost)
  redis.on('ready', () => {
    if (!down) return
    down = false
    log(`reconnected to Redis at ${redact(url)}`)
  })

  async function shard(data: ShardJobData): Promise<{ recorded: boolean }> {
    const { evaluation, spec, shard, shards } = data
    const key = partialsKey(PREFIX, queue, evaluation)
    const field = String(shard.index)
    const name = `${describeShard(shard, shards)} of ${evaluation}`
    const start = performance.now()
    // A run of a shard already recorded (its job was delivered again) has nothing to add.
    if ((await redis.hexists(key, field)) === 1) {
      log(`${name}: already recorded, skipped`)
      return { recorded: false }
    }
    let record: ShardRecord
    try {
      record = shardRecord(shard, id, await evaluateShard(spec, shard, kernelFor(spec.backend), readers))
    } catch (error) {
      const reason = `${describeShard(shard, shards)}: ${messageLine(error as Error)}`
      log(`${name}: failed: ${messageLine(error as Error)}`)
      if (isRefusal(error)) throw new UnrecoverableError(reason)
      throw new Error(reason, { cause: error })
    }
    const [[, written]] = (await redis.multi().hsetnx(key, field, JSON.stringify(record)).expire(key, RETENTION_SECONDS).exec()) as [[null, number]]
    log(`${name}: ${written === 1 ? 'recorded' : 'already recorded by another run'} in ${ms(start)}`)
    return { recorded: written === 1 }
  }

  async function merge(data: MergeJobData): Promise<MergedWire> {
    const { evaluation, spec, shards } = data
    const start = performance.now()
    const fields = await redis.hgetall(partialsKey(PREFIX, queue, evaluation))
    const records = new Map(Object.entries(fields).map(([field, json]) => [Number(field), JSON.parse(json) as ShardRecord]))
    try {
      const result = mergeShards(spec, shards, records)
      log(`merge of ${evaluation}: ${shards} shards, ${result.rows} rows, labels ${result.labels}, value ${result.value} in ${ms(start)}`)
      return toWire(result)
    } catch (error) {
      log(`merge of ${evaluation}: failed: ${messageLine(error as Error)}`)
      throw new UnrecoverableError(`merge: ${messageLine(error as Error)}`)
    }
  }

  await probe(url).catch((error: Error) => log(`${error.message}; retrying`))
  const worker = new Worker(
    queue,
    async (job: Job) => {
      if (job.name === SHARD_JOB) return shard(job.data as ShardJobData)
      if (job.name === MERGE_JOB) return merge(job.data as MergeJobData)
      throw new UnrecoverableError(`a job named ${JSON.stringify(job.name)} on the evaluation queue ${queue}`)
    },
    { connection: { url, maxRetriesPerRequest: null }, prefix: PREFIX, concurrency, lockDuration: stallMs, stalledInterval: stallMs, maxStalledCount: 2, name: id },
  )
  worker.on('error', lost)
  log(`worker ${id} on queue ${queue} at ${redact(url)} (concurrency ${concurrency})`)
  return {
    id,
    async close(force = false) {
      await worker.close(force)
      await readers.close()
      redis.disconnect()
    },
  }
}
