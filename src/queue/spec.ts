import type { BackendName } from '../select'
import type { DType, LossName, Reduction } from '../types'

/** The reductions a queued evaluation gives: every one that reduces ('none' returns per-sample values). */
export type QueueReduction = Exclude<Reduction, 'none' | null>

export interface InputFiles {
  yTrue: string
  yPred: string
  sampleWeight?: string | undefined
}

/**
 * What every job of one evaluation knows: plain JSON, the same in each of its jobs. Files
 * are paths that every worker opens itself (a shared file system); no data passes
 * through Redis.
 */
export interface EvaluationSpec {
  loss: LossName
  reduction: QueueReduction
  dtype: DType
  /** The backend of every shard, so that the result does not depend on where a shard ran. */
  backend: BackendName
  files: InputFiles
  /** The shapes seen when the evaluation was submitted: a shard refuses a file that changed since. */
  shapes: { yTrue: number[]; yPred: number[]; sampleWeight?: number[] | undefined }
  /** Per-sample losses over all the files. */
  rows: number
  /** Rows per kernel pass, as the local eval's --chunk-rows (undefined: its default). */
  chunkRows?: number | undefined
}

/** Per-sample rows [start, end) of the files: shard `index` of an evaluation. */
export interface ShardRange {
  index: number
  start: number
  end: number
}

export interface ShardJobData {
  evaluation: string
  spec: EvaluationSpec
  shard: ShardRange
  shards: number
}

export interface MergeJobData {
  evaluation: string
  spec: EvaluationSpec
  shards: number
}

/** Job names on the queue: a worker evaluates both. */
export const SHARD_JOB = 'shard'
export const MERGE_JOB = 'merge'

export const shardJobId = (evaluation: string, index: number): string => `${evaluation}-shard-${index}`
export const mergeJobId = (evaluation: string): string => `${evaluation}-merge`

/** The Redis hash where the shards of an evaluation leave their partial sums, one field per shard index. */
export const partialsKey = (prefix: string, queue: string, evaluation: string): string => `${prefix}:${queue}:hinge-losses:${evaluation}:partials`

/** Shards of `shardRows` rows (the last one shorter); an empty evaluation has one empty shard. */
export function shardRanges(rows: number, shardRows: number): ShardRange[] {
  const count = Math.max(1, Math.ceil(rows / shardRows))
  return Array.from({ length: count }, (_, index) => ({ index, start: Math.min(rows, index * shardRows), end: Math.min(rows, (index + 1) * shardRows) }))
}

/** How a shard is named in messages: its index, its count and its rows. */
export const describeShard = (shard: ShardRange, shards: number): string => `shard ${shard.index} of ${shards} (rows ${shard.start} to ${shard.end})`
