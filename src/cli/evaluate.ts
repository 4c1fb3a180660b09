import { weightIndexer } from '../js/rows'
import { LossKind, type Job, type Kernel, type Totals } from '../job'
import { expandWeights, pairLayout, reduce, weightLayout, type PairLayout, type WeightLayout } from '../prepare'
import type { NpyReader } from '../npy/reader'
import { weightMap } from '../shape'
import type { DType, FloatArray, Reduction, Tensor } from '../types'
import { LabelDecision } from './labels'

/** Elements of yPred per chunk when the caller does not choose: about 4 MiB of float32. */
const CHUNK_ELEMENTS = 1 << 20

export interface FileEvaluation {
  kind: LossKind
  yTrue: NpyReader
  yPred: NpyReader
  sampleWeight?: NpyReader | undefined
  reduction: Reduction
  dtype: DType
  kernel: Kernel
  /** Rows (per-sample values) read per chunk. @default about 2^20 elements of yPred */
  chunkRows?: number | undefined
  /** Told the rows done so far after each chunk (again from 0 when chunks are redone). */
  onProgress?: (rowsDone: number, rows: number) => void
}

export interface FileResult {
  /** The loss class's `compute` result over the whole arrays. */
  value: number | Tensor
  /** Number of per-sample losses. */
  rows: number
}

const allocate = (dtype: DType, n: number): FloatArray => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n))

/** The weights of rows [r0, r0 + n), gathered through the weight map from the span of the file they lie in. */
type ChunkWeights = (r0: number, n: number) => Promise<Float64Array>

function chunkWeights(file: NpyReader, weights: WeightLayout, rows: number): ChunkWeights {
  const indexOf = weightIndexer(weightMap(weights.weightShape, weights.weighted), rows)
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
 * Runs the kernel over the rows chunk by chunk with the {0,1} decision of the whole file,
 * adding up the totals; per-row values go to `out` when given.
 */
async function runChunks(e: FileEvaluation, layout: PairLayout, out: FloatArray | null, weightsOf?: ChunkWeights): Promise<Totals> {
  const { rows, cols } = layout
  const chunkRows = e.chunkRows ?? Math.max(1, Math.floor(CHUNK_ELEMENTS / cols))
  const labels = new LabelDecision(e.kind !== LossKind.CategoricalHinge)
  chunks: for (;;) {
    let sum = 0
    let weightSum = 0
    for (let r0 = 0; r0 < rows; r0 += chunkRows) {
      const n = Math.min(chunkRows, rows - r0)
      const yTrue = await e.yTrue.read(r0 * cols, n * cols)
      if (labels.see(yTrue, e.dtype)) continue chunks
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
        out: out === null ? null : out.subarray(r0, r0 + n),
      }
      const totals = e.kernel.run(job)
      sum += totals.sum
      weightSum += totals.weightSum
      e.onProgress?.(r0 + n, rows)
    }
    return { sum, weightSum }
  }
}

/**
 * Keras' `Loss.__call__` over .npy files read in chunks of whole rows: the result of the
 * loss class's `compute` over the whole arrays, with memory bounded by the chunk size
 * (and by the number of rows for the per-sample values of 'none').
 */
export async function evaluateFiles(e: FileEvaluation): Promise<FileResult> {
  const layout = pairLayout(e.yTrue.shape, e.yPred.shape)
  const { rows } = layout
  const round = e.dtype === 'float32' ? Math.fround : (x: number) => x
  const none = e.reduction === 'none' || e.reduction === null
  const tensor = (data: FloatArray, shape: number[]): Tensor => ({ data, shape, dtype: e.dtype })

  if (e.sampleWeight === undefined) {
    const out = none ? allocate(e.dtype, rows) : null
    const { sum } = await runChunks(e, layout, out)
    return { rows, value: out ? tensor(out, layout.shape) : reduce(e.reduction, layout.shape, sum, 0, false, round) }
  }

  const weights = weightLayout(layout.shape, e.sampleWeight.shape)
  if (weights.fused) {
    const out = none ? allocate(e.dtype, rows) : null
    const { sum, weightSum } = await runChunks(e, layout, out, chunkWeights(e.sampleWeight, weights, rows))
    return { rows, value: out ? tensor(out, weights.weighted) : reduce(e.reduction, weights.weighted, sum, weightSum, true, round) }
  }

  // Weights that make the weighted losses bigger than the per-sample ones (a weight per copy
  // of a single sample, say) are applied once every per-sample loss is known.
  const losses = allocate(e.dtype, rows)
  await runChunks(e, layout, losses)
  const data = await e.sampleWeight.read(0, e.sampleWeight.size)
  const { values, sum, weightSum } = expandWeights(losses, weights.lossShape, { data, shape: e.sampleWeight.shape, float64: false }, weights.weightShape, weights.weighted, e.dtype, none)
  return { rows, value: values !== null ? tensor(values, weights.weighted) : reduce(e.reduction, weights.weighted, sum, weightSum, true, round) }
}
