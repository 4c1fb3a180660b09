import { guardJob } from '../guard'
import { LossKind, type Job, type Kernel, type Totals } from '../job'
import { BLOCK, blockSource, load, returnScratch, rowsPerBlock, takeScratch, type Scratch } from './blocks'
import { categoricalRowExact, hingeRowExact, labelBadness } from './exact'
import {
  FLT32_MAX,
  categoricalHingeRowsF32,
  categoricalHingeRowsF64,
  hingeRows,
  hingeRowsConverted,
  squaredHingeRows,
  squaredHingeRowsConverted,
  type Floats,
} from './fast'
import { asNumbers } from '../int64'
import { gradPass } from './grad'
import { guessBinary } from './labels'
import type { NumberJob } from './job'
import { RowSink } from './row-sink'
import { sparseRow } from './sparse'

type Rows = (t: Floats, p: Floats, at: number, cols: number, rows: number, dst: Float64Array) => number | void

function rowsKernel(job: NumberJob, convert: boolean): Rows {
  switch (job.kind as Exclude<LossKind, LossKind.SparseCategoricalHinge>) {
    case LossKind.Hinge:
      return convert ? hingeRowsConverted : hingeRows
    case LossKind.SquaredHinge:
      return convert ? squaredHingeRowsConverted : squaredHingeRows
    case LossKind.CategoricalHinge:
      return (job.dtype === 'float32' ? categoricalHingeRowsF32 : categoricalHingeRowsF64) as Rows
  }
}

/** The exact value of row r, reading the caller's arrays in place. */
function exactRow(job: NumberJob, r: number, convert: boolean): number {
  const f32 = job.dtype === 'float32'
  const base = r * job.cols
  if (job.kind === LossKind.CategoricalHinge) return categoricalRowExact(job.yTrue, job.yPred, base, job.cols, f32)
  const squared = job.kind === LossKind.SquaredHinge
  return hingeRowExact(job.yTrue, job.yPred, base, job.cols, f32, squared, convert ? 2 : 1, convert ? -1 : 0)
}

/**
 * One pass over every row under a label mode (`convert`: {0,1} → {-1,1}). Returns the
 * sink and the label badness (0 when every label is 0 or 1; only tracked when converting).
 */
function pass(job: NumberJob, convert: boolean, scratch: Scratch): [RowSink, number] {
  const { rows, cols } = job
  const sink = new RowSink(job)
  const f32 = job.dtype === 'float32'
  const rowValues = scratch.rows
  const source = blockSource(job, scratch)
  let bad = 0
  if (source === null) {
    for (let r = 0; r < rows; r++) {
      if (convert) bad += labelBadness(job.yTrue, r * cols, cols, f32)
      rowValues[0] = exactRow(job, r, convert)
      sink.add(r, 1, rowValues)
    }
    return [sink, bad]
  }
  const kernel = rowsKernel(job, convert)
  // A float32 term past FLT32_MAX (where float32 overflows to Infinity) puts the row's
  // sum past FLT32_MAX, so its mean past FLT32_MAX / cols.
  const limit = f32 ? FLT32_MAX / cols : Number.MAX_VALUE
  const perBlock = rowsPerBlock(cols)
  for (let r0 = 0; r0 < rows; r0 += perBlock) {
    const n = Math.min(perBlock, rows - r0)
    let at = r0 * cols
    if (!source.direct) {
      load(source.t, job.yTrue, at, n * cols)
      load(source.p, job.yPred, at, n * cols)
      at = 0
    }
    bad += kernel(source.t, source.p, at, cols, n, rowValues) ?? 0
    for (let j = 0; j < n; j++) {
      const v = rowValues[j]!
      // NaN, infinities and possible float32 overflow: the fast loop's shortcuts do not hold.
      if (!(v <= limit)) rowValues[j] = exactRow(job, r0 + j, convert)
      else if (f32) rowValues[j] = Math.fround(v)
    }
    sink.add(r0, n, rowValues)
  }
  return [sink, bad]
}

/**
 * Hinge and squared hinge: Keras' global {0,1} rule in one pass. Labels equal to 1 read
 * the same either way, so the first other label decides; only a guess of "binary" (a 0)
 * can turn out wrong, and then the pass is redone without conversion.
 */
function hingeFamily(job: NumberJob, scratch: Scratch): RowSink {
  if (job.labels !== 'auto') return pass(job, job.labels === 'convert', scratch)[0]
  const guess = guessBinary(job.yTrue, job.dtype === 'float32')
  const [sink, bad] = pass(job, guess, scratch)
  return guess && bad !== 0 ? pass(job, false, scratch)[0] : sink
}

/** Sparse categorical hinge: one id per row, read in place with the row's scores. */
function sparsePass(job: NumberJob, scratch: Scratch): RowSink {
  const sink = new RowSink(job)
  const values = scratch.rows
  const f32 = job.dtype === 'float32'
  for (let r0 = 0; r0 < job.rows; r0 += BLOCK) {
    const n = Math.min(BLOCK, job.rows - r0)
    for (let j = 0; j < n; j++) values[j] = sparseRow(job.yPred, (r0 + j) * job.cols, job.cols, job.yTrue[r0 + j]!, f32)
    sink.add(r0, n, values)
  }
  return sink
}

function sinkOf(job: NumberJob, scratch: Scratch): RowSink {
  switch (job.kind) {
    case LossKind.CategoricalHinge:
      return pass(job, false, scratch)[0]
    case LossKind.SparseCategoricalHinge:
      return sparsePass(job, scratch)
    default:
      return hingeFamily(job, scratch)
  }
}

function runJs(job: Job): Totals {
  guardJob(job)
  const numeric = withNumbers(job)
  const scratch = takeScratch()
  try {
    const sink = sinkOf(numeric, scratch)
    if (numeric.grad !== null) gradPass(numeric, numeric.labels === 'convert')
    return { sum: sink.sum, weightSum: sink.weightSum }
  } finally {
    returnScratch(scratch)
  }
}

/**
 * The job with its 64-bit integer arrays widened to float64 copies: the TS loops read
 * elements as numbers, and a BigInt element is not one. The native backend reads them in place.
 */
export function withNumbers(job: Job): NumberJob {
  const { yTrue, yPred, weights } = job
  const t = asNumbers(yTrue)
  const p = asNumbers(yPred)
  const w = weights === null ? null : asNumbers(weights)
  return t === yTrue && p === yPred && w === weights ? (job as NumberJob) : { ...job, yTrue: t, yPred: p, weights: w }
}

/** The pure-TypeScript backend: runs anywhere Node runs, never loads the binary. */
export const jsKernel: Kernel = {
  name: 'js',
  run: runJs,
  runAsync: async (job) => runJs(job),
}
