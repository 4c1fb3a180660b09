import type { BackendName } from '../select'
import { decodeFloats, encodeFloats } from './codec'
import { evaluationPlan, hasLabelRule } from './plan'
import type { ShardSums } from './shard'
import { describeShard, type EvaluationSpec, type ShardRange } from './spec'

/** What a shard leaves in the evaluation's hash, under its index: JSON, floats as base64 (see codec.ts). */
export interface ShardRecord {
  shard: ShardRange
  /** The worker that wrote the record first; a later run of the same shard leaves it as it is. */
  worker: string
  binary: boolean | null
  converted: string | null
  kept: string
}

/**
 * How Keras' {0,1} rule went over the whole data set: every label was 0 or 1, so they were
 * read as -1 and 1 ('converted'); some label was neither ('kept'); or the loss has no such
 * rule (categorical hinge and its sparse form: 'none').
 */
export type LabelOutcome = 'converted' | 'kept' | 'none'

/** The merging parent's result: what a user checks the run by. */
export interface MergedResult {
  /** The loss class's `compute` result over the whole files. */
  value: number
  /** Σ of the (weighted) per-sample losses and Σ of their weights (the rows when unweighted), in float64. */
  sum: number
  weightSum: number
  /** Per-sample losses over all the shards: the files' own count, checked. */
  rows: number
  shards: number
  labels: LabelOutcome
  /** Distinct workers whose records were counted. */
  workers: number
  backend: BackendName
}

export function shardRecord(shard: ShardRange, worker: string, sums: ShardSums): ShardRecord {
  return { shard, worker, binary: sums.binary, converted: sums.converted === null ? null : encodeFloats(sums.converted), kept: encodeFloats(sums.kept) }
}

/** The parent's result as JSON: its numbers as exact float64 bytes. */
export interface MergedWire extends Omit<MergedResult, 'value' | 'sum' | 'weightSum'> {
  totals: string
}

export function toWire(result: MergedResult): MergedWire {
  const { value, sum, weightSum, ...rest } = result
  return { ...rest, totals: encodeFloats([value, sum, weightSum]) }
}

export function fromWire(wire: MergedWire): MergedResult {
  const { totals, ...rest } = wire
  const [value, sum, weightSum] = decodeFloats(totals)
  return { ...rest, value: value!, sum: sum!, weightSum: weightSum! }
}

/**
 * Merges the records of shards 0 … shards - 1, read from the hash by index: each shard
 * counts once whatever ran it how often, and the chunk totals are added in shard order,
 * chunk by chunk, as one process would add them. The records must tile the rows
 * exactly, and a label decision must be possible from them: anything else is refused.
 */
export function mergeShards(spec: EvaluationSpec, shards: number, records: ReadonlyMap<number, ShardRecord>): MergedResult {
  const { plan } = evaluationPlan(spec)
  const ordered: ShardRecord[] = []
  let next = 0
  for (let index = 0; index < shards; index++) {
    const record = records.get(index)
    if (record === undefined) throw new Error(`shard ${index} of ${shards} left no partial sums`)
    if (record.shard.index !== index || record.shard.start !== next || record.shard.end < next) {
      throw new Error(`${describeShard(record.shard, shards)} does not follow the rows before it (row ${next})`)
    }
    next = record.shard.end
    ordered.push(record)
  }
  if (next !== spec.rows) throw new Error(`the shards cover ${next} rows of ${spec.rows}`)
  const rule = hasLabelRule(spec.loss)
  const binary = rule && ordered.every((record) => record.binary === true)
  let sum = 0
  let weightSum = 0
  for (const record of ordered) {
    const pairs = decodeFloats((binary ? record.converted : record.kept) ?? '')
    for (let i = 0; i < pairs.length; i += 2) {
      sum += pairs[i]!
      weightSum += pairs[i + 1]!
    }
  }
  return {
    value: plan.reduce(sum, weightSum),
    sum,
    weightSum,
    rows: next,
    shards,
    labels: rule ? (binary ? 'converted' : 'kept') : 'none',
    workers: new Set(ordered.map((record) => record.worker)).size,
    backend: spec.backend,
  }
}
