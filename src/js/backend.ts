import { checkIds } from '../class-ids'
import { guardJob } from '../guard'
import { float16Values, halfOf } from '../half'
import { asNumbers } from '../int64'
import { LossKind, type Job, type Kernel, type Totals } from '../job'
import { isSpans } from '../spans'
import { typedArrayKind } from '../typed-array'
import type { NumberArray } from '../types'
import { BLOCK, blockSource, discarded, factorsOf, idsOf, load, ofDType, returnScratch, rowsPerBlock, takeScratch, type BlockSource, type Scratch } from './blocks'
import { categoricalRowExact, hingeRowExact, hingeRowFast, labelBadness } from './exact'
import {
  FLT32_MAX,
  categoricalHingeBinaryF32,
  categoricalHingeF32,
  categoricalHingeF64,
  hingeConvertedF32,
  hingeConvertedF64,
  hingeF32,
  hingeF64,
  squaredHingeConvertedF32,
  squaredHingeConvertedF64,
  squaredHingeF32,
  squaredHingeF64,
  type Floats,
  type RowsKernel,
} from './fast'
import {
  hingeBound,
  hingeGradConvertedF32,
  hingeGradConvertedF64,
  hingeGradF32,
  hingeGradF64,
  squaredHingeGradConvertedF32,
  squaredHingeGradConvertedF64,
  squaredHingeGradF32,
  squaredHingeGradF64,
  type GradKernel,
} from './fast-grad'
import {
  hingeConvertedHalf,
  hingeConvertedHalfBytes,
  hingeHalf,
  hingeHalfBytes,
  squaredHingeConvertedHalf,
  squaredHingeHalf,
  type HalfKernel,
} from './fast-half'
import { fastKink, gradFactors, gradRows } from './grad'
import { guessBinary } from './labels'
import type { NumberJob } from './job'
import { RowSink } from './row-sink'
import { sparseF32, sparseF64, sparseRowExact } from './sparse'

type DenseKind = Exclude<LossKind, LossKind.SparseCategoricalHinge>

function valueKernel(job: NumberJob, convert: boolean): RowsKernel {
  const f32 = job.dtype === 'float32'
  switch (job.kind as DenseKind) {
    case LossKind.Hinge:
      return (f32 ? (convert ? hingeConvertedF32 : hingeF32) : convert ? hingeConvertedF64 : hingeF64) as RowsKernel
    case LossKind.SquaredHinge:
      return (f32 ? (convert ? squaredHingeConvertedF32 : squaredHingeF32) : convert ? squaredHingeConvertedF64 : squaredHingeF64) as RowsKernel
    case LossKind.CategoricalHinge:
      if (!f32) return categoricalHingeF64 as RowsKernel
      // A guess (one-hot rows make it): the {0,1} loop redoes any other row the rounded way.
      return (guessBinary(job.yTrue, true, job.yTrueHalf) ? categoricalHingeBinaryF32 : categoricalHingeF32) as RowsKernel
  }
}

/** The loop computing values and gradient together, or null when grad.ts writes the gradient. */
function gradKernel(job: NumberJob, convert: boolean): GradKernel | null {
  const f32 = job.dtype === 'float32'
  switch (job.kind as DenseKind) {
    case LossKind.Hinge:
      if (!fastKink(job.grad!)) return null
      return (f32 ? (convert ? hingeGradConvertedF32 : hingeGradF32) : convert ? hingeGradConvertedF64 : hingeGradF64) as GradKernel
    case LossKind.SquaredHinge:
      return (
        f32 ? (convert ? squaredHingeGradConvertedF32 : squaredHingeGradF32) : convert ? squaredHingeGradConvertedF64 : squaredHingeGradF64
      ) as GradKernel
    case LossKind.CategoricalHinge:
      return null
  }
}

/**
 * The loop reading float16 scores as their bits (fast-half.ts), or null: for float32 values
 * of hinge and squared hinge alone; other half-precision inputs are widened a block at a time.
 * `bytes`: the labels are one Uint8Array, read in place.
 */
function halfKernel(job: NumberJob, convert: boolean, bytes: boolean): HalfKernel | null {
  if (job.yPredHalf !== 'float16' || isSpans(job.yPred) || job.dtype !== 'float32' || job.grad !== null) return null
  if (job.kind === LossKind.Hinge) return (bytes ? (convert ? hingeConvertedHalfBytes : hingeHalfBytes) : convert ? hingeConvertedHalf : hingeHalf) as HalfKernel
  if (job.kind === LossKind.SquaredHinge) return (convert ? squaredHingeConvertedHalf : squaredHingeHalf) as HalfKernel
  return null
}

/** Labels the hinge float16 loops read in place: one Uint8Array (a byte is exact in float32); null for other labels and losses. */
const byteLabels = (job: NumberJob): Uint8Array | null =>
  job.kind === LossKind.Hinge && typedArrayKind(job.yTrue) === 'Uint8Array' ? (job.yTrue as Uint8Array) : null

/**
 * The rows of a block the fast loop gave back, one by one: the fast value where it holds,
 * the exact one where it does not (NaN, infinities, float32 overflow). Returns the block's
 * label badness when converting (0 exactly when every label is 0 or 1).
 */
function slowRows(job: NumberJob, convert: boolean, t: NumberArray, p: NumberArray, at: number, n: number, dst: Float64Array): number {
  const { cols } = job
  const f32 = job.dtype === 'float32'
  const categorical = job.kind === LossKind.CategoricalHinge
  const squared = job.kind === LossKind.SquaredHinge
  // A float32 term past FLT32_MAX (where float32 overflows to Infinity) puts the row's
  // sum past FLT32_MAX, so its mean past FLT32_MAX / cols.
  const limit = f32 ? FLT32_MAX / cols : Number.MAX_VALUE
  let bad = 0
  for (let j = 0; j < n; j++) {
    const base = at + j * cols
    if (categorical) {
      dst[j] = categoricalRowExact(t, p, base, cols, f32)
      continue
    }
    if (convert) bad += labelBadness(t, base, cols, f32)
    const v = hingeRowFast(t, p, base, cols, squared, convert)
    if (!(v <= limit)) dst[j] = hingeRowExact(t, p, base, cols, f32, squared, convert ? 2 : 1, convert ? -1 : 0)
    else dst[j] = f32 ? Math.fround(v) : v
  }
  return bad
}

/**
 * Row r of both inputs where the row functions read it in place: the arrays themselves
 * from element r·cols, or, when either is spans, the row of each read into a buffer of
 * one row (float64 holds every input element exactly, so the values are the same).
 */
function rowOf(job: NumberJob, r: number, buffers: [Float64Array, Float64Array] | null): { yTrue: NumberArray; yPred: NumberArray; base: number } {
  const { cols } = job
  if (buffers === null) return { yTrue: job.yTrue as NumberArray, yPred: job.yPred as NumberArray, base: r * cols }
  const [t, p] = buffers
  load(t, job.yTrue, r * cols, cols, job.yTrueHalf)
  load(p, job.yPred, r * cols, cols, job.yPredHalf)
  return { yTrue: t, yPred: p, base: 0 }
}

/** Row buffers for rowOf when an input is spans, else null. */
const rowBuffers = (job: NumberJob): [Float64Array, Float64Array] | null =>
  isSpans(job.yTrue) || isSpans(job.yPred) ? [new Float64Array(job.cols), new Float64Array(job.cols)] : null

/**
 * Rows too long to convert in one block, read in place (every element a number, see
 * withNumbers; spans a row at a time, see rowOf), each computed the exact way.
 */
function longRows(job: NumberJob, convert: boolean, checking: boolean, scratch: Scratch): RowSink | null {
  const { rows, cols } = job
  const sink = new RowSink(job)
  const f32 = job.dtype === 'float32'
  const values = scratch.rows
  const factors = job.grad === null ? null : factorsOf(scratch)
  const buffers = rowBuffers(job)
  let bad = 0
  for (let r = 0; r < rows; r++) {
    const { yTrue, yPred, base } = rowOf(job, r, buffers)
    if (job.kind === LossKind.CategoricalHinge) values[0] = categoricalRowExact(yTrue, yPred, base, cols, f32)
    else {
      if (convert) bad += labelBadness(yTrue, base, cols, f32)
      values[0] = hingeRowExact(yTrue, yPred, base, cols, f32, job.kind === LossKind.SquaredHinge, convert ? 2 : 1, convert ? -1 : 0)
    }
    sink.add(r, 1, values)
    if (factors !== null) {
      gradFactors(job, r, 1, factors)
      gradRows(job, convert, yTrue, yPred, base, r, 1, factors)
    }
  }
  return checking && bad !== 0 ? null : sink
}

/**
 * One pass over every row under a label mode (`convert`: {0,1} → {-1,1}), values and
 * gradient block by block. Null when Keras' rule is being applied (labels 'auto') and a
 * label proved the labels are not all 0 or 1: the pass is then redone without conversion.
 * Each kind of pass is a function of its own, so that V8 compiles each block loop with
 * the loops it calls inlined for that kind of call alone, whatever other calls ran before.
 */
function pass(job: NumberJob, convert: boolean, scratch: Scratch): RowSink | null {
  const checking = convert && job.labels === 'auto'
  const source = blockSource(job, scratch)
  if (source === null) return longRows(job, convert, checking, scratch)
  if (job.grad !== null) return gradPass(job, convert, checking, source, scratch)
  const bytes = byteLabels(job)
  const half = halfKernel(job, convert, bytes !== null)
  if (half !== null) return halfPass(job, convert, checking, source, half, bytes, scratch)
  return valuePass(job, convert, checking, source, scratch)
}

/** Values alone, from blocks read in place or converted. */
function valuePass(job: NumberJob, convert: boolean, checking: boolean, source: BlockSource, scratch: Scratch): RowSink | null {
  const { rows, cols } = job
  const sink = new RowSink(job)
  const values = scratch.rows
  const kernel = valueKernel(job, convert)
  const { t, p } = source
  const perBlock = rowsPerBlock(cols)
  for (let r0 = 0; r0 < rows; r0 += perBlock) {
    const n = Math.min(perBlock, rows - r0)
    const at = loadBlock(job, source, r0 * cols, n * cols)
    const sum = kernel(t, p, at, cols, n, values, sink.start())
    if (sum === sum) {
      sink.addSummed(r0, n, values, sum)
      continue
    }
    const bad = slowRows(job, convert, t, p, at, n, values)
    if (checking && bad !== 0) return null
    sink.add(r0, n, values)
  }
  return sink
}

/** Values and gradient: in one loop per block (fast-grad.ts), or the values first and grad.ts's gradient after. */
function gradPass(job: NumberJob, convert: boolean, checking: boolean, source: BlockSource, scratch: Scratch): RowSink | null {
  const { rows, cols } = job
  const grad = job.grad!
  const sink = new RowSink(job)
  const values = scratch.rows
  const kernel = valueKernel(job, convert)
  const fused = gradKernel(job, convert)
  const factors = factorsOf(scratch)
  const bound = hingeBound(job.dtype === 'float32', grad.kink === 'full')
  const { t, p } = source
  const perBlock = rowsPerBlock(cols)
  for (let r0 = 0; r0 < rows; r0 += perBlock) {
    const n = Math.min(perBlock, rows - r0)
    const at = loadBlock(job, source, r0 * cols, n * cols)
    gradFactors(job, r0, n, factors)
    const start = sink.start()
    const sum = fused !== null ? fused(t, p, at, cols, n, values, start, grad.out, r0 * cols - at, factors, bound) : kernel(t, p, at, cols, n, values, start)
    if (sum === sum) {
      sink.addSummed(r0, n, values, sum)
      if (fused === null) gradRows(job, convert, t, p, at, r0, n, factors)
      continue
    }
    const bad = slowRows(job, convert, t, p, at, n, values)
    if (checking && bad !== 0) return null
    sink.add(r0, n, values)
    gradRows(job, convert, t, p, at, r0, n, factors)
  }
  return sink
}

/** Elements [start, start + len) of both inputs, ready for a kernel: where the block starts in the source arrays. */
function loadBlock(job: NumberJob, source: BlockSource, start: number, len: number): number {
  if (source.direct) return start
  load(source.t, job.yTrue, start, len, job.yTrueHalf)
  load(source.p, job.yPred, start, len, job.yPredHalf)
  return 0
}

/**
 * pass() for float16 scores read as bits by a loop of fast-half.ts, with the labels read in
 * place (`bytes`) or converted a block at a time. A pass of its own, so that its loop is
 * compiled into a driver that only ever calls these loops.
 */
function halfPass(job: NumberJob, convert: boolean, checking: boolean, source: BlockSource, kernel: HalfKernel, bytes: Uint8Array | null, scratch: Scratch): RowSink | null {
  const { rows, cols } = job
  const sink = new RowSink(job)
  const values = scratch.rows
  const table = float16Values()
  const bits = job.yPred as Uint16Array
  const { t, p } = source
  const perBlock = rowsPerBlock(cols)
  for (let r0 = 0; r0 < rows; r0 += perBlock) {
    const n = Math.min(perBlock, rows - r0)
    const at = r0 * cols
    if (bytes === null) load(t, job.yTrue, at, n * cols, job.yTrueHalf)
    const sum = bytes === null ? kernel(t as Float32Array, bits, 0, cols, n, values, sink.start(), table, at) : kernel(bytes, bits, at, cols, n, values, sink.start(), table, 0)
    if (sum === sum) {
      sink.addSummed(r0, n, values, sum)
      continue
    }
    // The row-by-row path reads the block converted: the labels, and the scores widened.
    if (bytes !== null) load(t, bytes, at, n * cols, null)
    load(p, bits, at, n * cols, job.yPredHalf)
    const bad = slowRows(job, convert, t, p, 0, n, values)
    if (checking && bad !== 0) return null
    sink.add(r0, n, values)
  }
  return sink
}

/**
 * Hinge and squared hinge: Keras' global {0,1} rule in one pass. Labels equal to 1 read
 * the same either way, so the first other label decides; only a guess of "binary" (a 0)
 * can turn out wrong, and then the pass is redone without conversion.
 */
function hingeFamily(job: NumberJob, scratch: Scratch): RowSink {
  if (job.labels !== 'auto') return pass(job, job.labels === 'convert', scratch)!
  const guess = guessBinary(job.yTrue, job.dtype === 'float32', job.yTrueHalf)
  return (guess ? pass(job, true, scratch) : null) ?? pass(job, false, scratch)!
}

/**
 * Sparse categorical hinge: one id per row (numbers, see withNumbers; from spans a block
 * at a time, see idsOf), the scores block by block.
 */
function sparsePass(job: NumberJob, scratch: Scratch): RowSink {
  const { rows, cols, yPred, grad } = job
  const sink = new RowSink(job)
  const values = scratch.rows
  const f32 = job.dtype === 'float32'
  const factors = grad === null ? null : factorsOf(scratch)
  const direct = ofDType(yPred, job.dtype)
  if (!direct && cols > BLOCK) {
    // Spans of scores are read a row at a time into a buffer (see rowOf).
    const row = isSpans(yPred) ? new Float64Array(cols) : null
    for (let r = 0; r < rows; r++) {
      const ids = idsOf(job, r, 1, scratch)
      if (row !== null) load(row, yPred, r * cols, cols, job.yPredHalf)
      const scores = row ?? (yPred as NumberArray)
      const base = row === null ? r * cols : 0
      values[0] = sparseRowExact(scores, base, cols, ids[0]!, f32)
      sink.add(r, 1, values)
      if (factors !== null) {
        gradFactors(job, r, 1, factors)
        gradRows(job, false, ids, scores, base, r, 1, factors)
      }
    }
    return sink
  }
  const p = direct ? (yPred as Float32Array | Float64Array) : f32 ? (scratch.f32 ??= [new Float32Array(BLOCK), new Float32Array(BLOCK)])[1] : (scratch.f64 ??= [new Float64Array(BLOCK), new Float64Array(BLOCK)])[1]
  const perBlock = rowsPerBlock(cols)
  for (let r0 = 0; r0 < rows; r0 += perBlock) {
    const n = Math.min(perBlock, rows - r0)
    let at = r0 * cols
    if (!direct) {
      load(p, yPred, at, n * cols, job.yPredHalf)
      at = 0
    }
    const ids = idsOf(job, r0, n, scratch)
    const start = sink.start()
    const sum = f32 ? sparseF32(ids, 0, p as Float32Array, at, cols, n, values, start) : sparseF64(ids, 0, p as Float64Array, at, cols, n, values, start)
    sink.addSummed(r0, n, values, sum)
    if (factors !== null) {
      gradFactors(job, r0, n, factors)
      gradRows(job, false, ids, p, at, r0, n, factors)
    }
  }
  return sink
}

function sinkOf(job: NumberJob, scratch: Scratch): RowSink {
  switch (job.kind) {
    case LossKind.CategoricalHinge:
      return pass(job, false, scratch)!
    case LossKind.SparseCategoricalHinge:
      return sparsePass(job, scratch)
    default:
      return hingeFamily(job, scratch)
  }
}

/**
 * The common call, values alone: no weights, nothing written out, both inputs already of
 * the compute dtype's array type (read in place, no scratch, no sink). The running sum
 * over every row, or NaN when a block needs more than the fast loop does (the caller
 * then runs the general pass, which handles it).
 */
function plainSum(job: NumberJob, convert: boolean, values: Float64Array): number {
  const kernel = valueKernel(job, convert)
  const { rows, cols } = job
  const t = job.yTrue as Floats
  const p = job.yPred as Floats
  const perBlock = rowsPerBlock(cols)
  let sum = 0
  for (let r0 = 0; r0 < rows && sum === sum; r0 += perBlock) sum = kernel(t, p, r0 * cols, cols, Math.min(perBlock, rows - r0), values, sum)
  return sum
}

/** A job plainSum computes: dense values, unweighted, not written out, inputs read in place. */
function isPlain(job: Job): boolean {
  if (job.kind === LossKind.SparseCategoricalHinge || job.weights !== null || job.mask !== null || job.out !== null || job.grad !== null) return false
  return ofDType(job.yTrue as NumberArray, job.dtype) && ofDType(job.yPred as NumberArray, job.dtype)
}

/** plainSum under the job's label mode (Keras' rule guessed, as in hingeFamily), or NaN. */
function plainTotal(job: NumberJob, values: Float64Array): number {
  if (job.kind === LossKind.CategoricalHinge) return plainSum(job, false, values)
  const convert = job.labels === 'auto' ? guessBinary(job.yTrue, job.dtype === 'float32', null) : job.labels === 'convert'
  return plainSum(job, convert, values)
}

function runJs(job: Job): Totals {
  guardJob(job)
  if (job.kind === LossKind.SparseCategoricalHinge) checkIds(job.yTrue, job.rows, job.cols)
  // Outside the try below: a loop inside one measured up to a quarter slower on tiny calls.
  if (isPlain(job)) {
    const sum = plainTotal(job as NumberJob, discarded())
    if (sum === sum) return { sum, weightSum: job.rows }
  }
  const scratch = takeScratch()
  try {
    const sink = sinkOf(withNumbers(job), scratch)
    return { sum: sink.sum, weightSum: sink.weightSum }
  } finally {
    returnScratch(scratch)
  }
}

/**
 * The job as the TS loops read it. 64-bit integer arrays are widened to float64 copies:
 * the loops read elements as numbers, and a BigInt element is not one (the native backend
 * reads them in place). Half-precision labels and scores stay bits, tagged in the job,
 * when the pass converts them a block at a time (see blocks.ts); rows too long for a
 * block, sparse class ids and weights are read in place, so they are widened first.
 * Spans stay as they are, with their tags: every read of them converts a block, a row or
 * an element (see spans.ts), so none is joined or widened whole.
 */
export function withNumbers(job: Job): NumberJob {
  const { yTrue, yPred, weights } = job
  const blockwise = job.cols <= BLOCK
  const sparse = job.kind === LossKind.SparseCategoricalHinge
  const trueHalf = isSpans(yTrue) || (blockwise && !sparse) ? (halfOf(yTrue) ?? null) : null
  const predHalf = isSpans(yPred) || blockwise ? (halfOf(yPred) ?? null) : null
  const t = isSpans(yTrue) ? yTrue : trueHalf !== null ? (yTrue as NumberArray) : asNumbers(yTrue)
  const p = isSpans(yPred) ? yPred : predHalf !== null ? (yPred as NumberArray) : asNumbers(yPred)
  const w = weights === null ? null : isSpans(weights) ? weights : asNumbers(weights)
  const same = t === yTrue && p === yPred && w === weights && trueHalf === job.yTrueHalf && predHalf === job.yPredHalf
  return same ? (job as NumberJob) : { ...job, yTrue: t, yPred: p, weights: w, yTrueHalf: trueHalf, yPredHalf: predHalf }
}

/** The pure-TypeScript backend: runs anywhere Node runs, never loads the binary. */
export const jsKernel: Kernel = {
  name: 'js',
  run: runJs,
  runAsync: async (job) => runJs(job),
}
