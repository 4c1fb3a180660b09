import { checkIds } from '../class-ids'
import { allocate, roundTo } from '../dtype'
import { LossInputError } from '../errors'
import { expand } from '../expand'
import { LossKind, type Job, type Kernel, type Totals } from '../job'
import { pairLayout, sparseLayout, type PairLayout } from '../prepare'
import { reductionPlan } from '../reduction'
import { weightIndexer } from '../shape'
import type { DType, FloatArray, NumberArray, Reduction } from '../types'
import type { ArrayReader } from './array-reader'
import { LabelDecision } from './labels'
import { maskWeights } from './mask'

/** Elements of yPred read at a time when the caller does not choose: about 4 MiB of float32. */
export const CHUNK_ELEMENTS = 1 << 20

/**
 * Takes per-sample values as they are computed: `values` are those of samples
 * [start, start + values.length), valid only during the call. Samples computed again
 * (see LabelDecision) are given again, at the same start.
 */
export type SampleSink = (start: number, values: FloatArray) => Promise<void>

export interface FileEvaluation {
  kind: LossKind
  yTrue: ArrayReader
  yPred: ArrayReader
  sampleWeight?: ArrayReader | undefined
  /** Keras' mask of yPred (0 and 1, the shape of the per-sample losses): it joins the weights. */
  mask?: ArrayReader | undefined
  reduction: Reduction
  dtype: DType
  kernel: Kernel
  /** Rows (per-sample values) read per chunk. @default as many as fit in `chunkElements` */
  chunkRows?: number | undefined
  /** Elements of yPred read at a time; a row longer than this is read in pieces of it. @default 2^20 */
  chunkElements?: number | undefined
  /** For 'none': told the shape of the per-sample values once the inputs are checked, returns where they go. */
  samples?: ((shape: number[]) => Promise<SampleSink>) | undefined
  /** Told the rows done so far after each chunk (again from 0 when chunks are redone). */
  onProgress?: (rowsDone: number, rows: number) => void
}

export interface FileResult {
  /** The loss class's `compute` result over the whole arrays; for 'none', the shape of the values given to the sink. */
  value: number | { shape: number[] }
  /** Number of per-sample losses. */
  rows: number
}

/** The weights of rows [r0, r0 + n), gathered through the weight map from the span of the file they lie in. */
type ChunkWeights = (r0: number, n: number) => Promise<Float64Array>

export function chunkWeights(file: ArrayReader, map: Float64Array, rows: number): ChunkWeights {
  const indexOf = weightIndexer(map, rows)
  return async (r0, n) => {
    const indices = new Float64Array(n)
    let lo = Infinity
    let hi = -Infinity
    for (let j = 0; j < n; j++) {
      const index = indexOf(r0 + j)
      indices[j] = index
      lo = Math.min(lo, index)
      hi = Math.max(hi, index)
    }
    const span = n === 0 ? new Float64Array(0) : await file.read(lo, hi - lo + 1)
    return indices.map((index) => span[index - lo]!)
  }
}

/**
 * The value of row `r` when it is longer than a chunk, read in pieces of `piece`
 * elements; undefined when a piece's labels call for the chunks done so far to be redone.
 * Hinge and squared hinge give each piece to the kernel as one-element rows, whose sum
 * is the piece's share of the row sum; categorical hinge's running sum and maximum are
 * those of the kernels (see js/exact.ts), kept across pieces.
 */
export async function longRowValue(e: FileEvaluation, r: number, cols: number, piece: number, labels: LabelDecision): Promise<number | undefined> {
  const round = roundTo(e.dtype)
  const sparse = e.kind === LossKind.SparseCategoricalHinge
  const id = sparse ? (await readIds(e, r, 1, cols))[0]! : -1
  let sum = 0
  let neg = -Infinity
  for (let c0 = 0; c0 < cols; c0 += piece) {
    const m = Math.min(piece, cols - c0)
    const yTrue = sparse ? null : await e.yTrue.read(r * cols + c0, m)
    if (yTrue !== null && labels.see(yTrue, e.dtype)) return undefined
    const yPred = await e.yPred.read(r * cols + c0, m)
    if (sparse) {
      // The one-hot row's terms (see js/sparse.ts): 1·p for the id, 0·p elsewhere.
      for (let i = 0; i < m; i++) {
        const p = round(yPred[i]!)
        const hit = c0 + i === id
        sum += hit ? p : 0 * p
        neg = Math.max(neg, hit ? 0 * p : p)
      }
    } else if (e.kind === LossKind.CategoricalHinge) {
      for (let i = 0; i < m; i++) {
        const t = round(yTrue![i]!)
        const p = round(yPred[i]!)
        sum += round(t * p)
        neg = Math.max(neg, round(round(1 - t) * p))
      }
    } else {
      const job: Job = { kind: e.kind, dtype: e.dtype, labels: labels.mode, rows: m, cols: 1, yTrue: yTrue!, yPred, weights: null, weightMap: null, out: null, yTrueHalf: null, yPredHalf: null, weightsHalf: null, mask: null, grad: null }
      sum += e.kernel.run(job).sum
    }
  }
  return e.kind === LossKind.CategoricalHinge || sparse ? Math.max(round(round(neg - round(sum)) + 1), 0) : round(sum / cols)
}

/** Class ids of rows [r0, r0 + n), checked as the library checks them: for rows no kernel reads. */
async function readIds(e: FileEvaluation, r0: number, n: number, classes: number): Promise<NumberArray> {
  const ids = await e.yTrue.read(r0, n)
  checkIds(ids, n, classes, r0)
  return ids
}

/**
 * The kernel's totals over a chunk of rows starting at row r0. Sparse class ids are checked
 * once, by the kernel as it reads them; a refused id is found again, only then, to be named
 * by its row in the file.
 */
export function runChunk(e: FileEvaluation, job: Job, r0: number): Totals {
  try {
    return e.kernel.run(job)
  } catch (error) {
    if (error instanceof LossInputError && error.code === 'ERR_LABEL_RANGE') checkIds(job.yTrue, job.rows, job.cols, r0)
    throw error
  }
}

/**
 * Runs the kernel over the rows chunk by chunk with the {0,1} decision of the whole file,
 * adding up the totals; per-row values go to `sink` when given.
 */
async function runChunks(e: FileEvaluation, layout: PairLayout, sink: SampleSink | null, weightsOf?: ChunkWeights): Promise<Totals> {
  const { rows, cols } = layout
  const chunkElements = e.chunkElements ?? CHUNK_ELEMENTS
  const long = cols > chunkElements
  const chunkRows = long ? 1 : (e.chunkRows ?? Math.max(1, Math.floor(chunkElements / cols)))
  const sparse = e.kind === LossKind.SparseCategoricalHinge
  const labels = new LabelDecision(e.kind === LossKind.Hinge || e.kind === LossKind.SquaredHinge)
  const round = roundTo(e.dtype)
  const values = sink === null ? null : allocate(e.dtype, Math.min(chunkRows, rows))
  chunks: for (;;) {
    let sum = 0
    let weightSum = 0
    for (let r0 = 0; r0 < rows; r0 += chunkRows) {
      const n = Math.min(chunkRows, rows - r0)
      const out = values === null ? null : values.subarray(0, n)
      if (long) {
        const value = await longRowValue(e, r0, cols, chunkElements, labels)
        if (value === undefined) continue chunks
        // The kernel's weighting of a row value (js/row-sink.ts), for the one row.
        const w = weightsOf === undefined ? 1 : round((await weightsOf(r0, 1))[0]!)
        const v = weightsOf === undefined ? value : round(value * w)
        if (out !== null) out[0] = v
        sum += v
        weightSum += w
      } else {
        const yTrue = sparse ? await e.yTrue.read(r0, n) : await e.yTrue.read(r0 * cols, n * cols)
        if (!sparse && labels.see(yTrue, e.dtype)) continue chunks
        const weights = weightsOf === undefined ? null : await weightsOf(r0, n)
        const job: Job = {
          kind: e.kind,
          dtype: e.dtype,
          labels: labels.mode,
          rows: n,
          cols,
          yTrue,
          yPred: await e.yPred.read(r0 * cols, n * cols),
          weights,
          weightMap: weights === null ? null : Float64Array.of(1, n, 1),
          out,
          yTrueHalf: null,
          yPredHalf: null,
          weightsHalf: null,
          mask: null,
          grad: null,
        }
        const totals = runChunk(e, job, r0)
        sum += totals.sum
        weightSum += totals.weightSum
      }
      if (sink !== null) await sink(r0, out!)
      e.onProgress?.(r0 + n, rows)
    }
    return { sum, weightSum }
  }
}

/**
 * Keras' `Loss.__call__` over files read in chunks of whole rows (rows longer than a
 * chunk in pieces): the result of the loss class's `compute` over the whole arrays, with
 * memory bounded by the chunk size, by the reduction plan `compute` follows. The
 * per-sample values of 'none' go to `samples`; weights that make the weighted losses
 * bigger than the per-sample ones need all the per-sample losses and all the weights in
 * memory, as `compute` does.
 */
export async function evaluateFiles(given: FileEvaluation): Promise<FileResult> {
  const layout = (given.kind === LossKind.SparseCategoricalHinge ? sparseLayout : pairLayout)(given.yTrue.shape, given.yPred.shape)
  const e = given.mask === undefined ? given : { ...given, sampleWeight: await maskWeights(given.mask, given.sampleWeight, layout.shape, given.reduction, given.dtype) }
  const { rows } = layout
  const plan = reductionPlan(layout.shape, e.sampleWeight?.shape, e.reduction, e.dtype)
  const { weighting } = plan
  let sink: SampleSink | null = null
  if (plan.none) {
    if (e.samples === undefined) throw new TypeError("evaluateFiles: reduction 'none' needs `samples`")
    sink = await e.samples(plan.shape)
  }
  let totals: Totals
  if (weighting.mode === 'unweighted') totals = await runChunks(e, layout, sink)
  else if (weighting.mode === 'fused') totals = await runChunks(e, layout, sink, chunkWeights(e.sampleWeight!, weighting.map, rows))
  else {
    const losses = allocate(e.dtype, rows)
    await runChunks(e, layout, async (start, v) => losses.set(v, start))
    const weights = await e.sampleWeight!.read(0, e.sampleWeight!.size)
    const expanded = expand({ losses, ...weighting.layout, weights, shape: plan.shape, dtype: e.dtype, keep: plan.none })
    if (sink !== null && expanded.values !== null) await sink(0, expanded.values)
    totals = expanded
  }
  return { rows, value: plan.none ? { shape: plan.shape } : plan.reduce(totals.sum, totals.weightSum) }
}
