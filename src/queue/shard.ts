import { roundTo } from '../dtype'
import { CHUNK_ELEMENTS, chunkWeights, longRowValue, runChunk, type FileEvaluation } from '../cli/evaluate'
import { CliInputError } from '../cli/inputs'
import { LabelDecision } from '../cli/labels'
import { LossKind, type Kernel, type LabelMode, type Totals } from '../job'
import type { PairLayout } from '../prepare'
import { formatShape, sameShape } from '../shape'
import type { DType, NumberArray } from '../types'
import { evaluationPlan, hasLabelRule } from './plan'
import { freshReaders, type Reader, type ReaderSource } from './readers'
import type { EvaluationSpec, ShardRange } from './spec'

/**
 * A shard's share of the evaluation: the kernel's (sum, weightSum) of each chunk of its
 * rows, in order, for each {0,1} decision the whole data set may still take. The merge
 * adds them one after another, as the local eval adds its chunks' totals.
 */
export interface ShardSums {
  /** Every label of the shard is 0 or 1 (hinge and squared hinge); null where Keras' rule does not apply. */
  binary: boolean | null
  /** (sum, weightSum) pairs with the labels converted to {-1, 1}: only while `binary`. */
  converted: Float64Array | null
  /** (sum, weightSum) pairs with the labels as they are. */
  kept: Float64Array
}

const ONLY_ONES = 0
const ZERO_ONE = 1
const OTHER = 2

/** What Keras' rule sees in a chunk's labels cast to `dtype`: only 1s (both decisions agree), 0s and 1s, or another label. */
function labelClass(labels: NumberArray, dtype: DType): number {
  const f32 = dtype === 'float32'
  let zero = false
  for (let i = 0; i < labels.length; i++) {
    const t = f32 ? Math.fround(labels[i]!) : labels[i]!
    if (t === 0) zero = true
    else if (t !== 1) return OTHER
  }
  return zero ? ZERO_ONE : ONLY_ONES
}

class Pairs {
  private values: number[] = []
  add(sum: number, weightSum: number): void {
    this.values.push(sum, weightSum)
  }
  floats(): Float64Array {
    return Float64Array.from(this.values)
  }
}

/**
 * The chunks of rows [start, end), with the local eval's chunk size, so that shards that
 * start on a chunk boundary compute the very chunks it computes. While the labels are
 * all 0 or 1 each chunk holding a 0 is computed both ways from the same buffers (a chunk of
 * 1s reads the same either way); from the first other label on, as they are.
 */
async function chunkSums(e: FileEvaluation, layout: PairLayout, shard: ShardRange, weightsOf: ReturnType<typeof chunkWeights> | undefined, rule: boolean): Promise<ShardSums> {
  const { cols } = layout
  const long = cols > CHUNK_ELEMENTS
  const chunkRows = long ? 1 : (e.chunkRows ?? Math.max(1, Math.floor(CHUNK_ELEMENTS / cols)))
  const sparse = e.kind === LossKind.SparseCategoricalHinge
  const round = roundTo(e.dtype)
  let binary = rule
  const converted = new Pairs()
  const kept = new Pairs()
  for (let r0 = shard.start; r0 < shard.end; r0 += chunkRows) {
    const n = Math.min(chunkRows, shard.end - r0)
    if (long) {
      // The local eval's weighting of a long row's value (see evaluate.ts).
      const w = weightsOf === undefined ? 1 : round((await weightsOf(r0, 1))[0]!)
      const weigh = (value: number) => (weightsOf === undefined ? value : round(value * w))
      const decision = new LabelDecision(binary)
      let value = await longRowValue(e, r0, cols, CHUNK_ELEMENTS, decision)
      if (binary && value !== undefined && decision.mode === 'convert') {
        converted.add(weigh(value), w)
        value = undefined
      } else {
        // A label outside {0,1}: the value, when given, was computed with the labels as they are.
        binary = false
      }
      value ??= await longRowValue(e, r0, cols, CHUNK_ELEMENTS, new LabelDecision(false))
      kept.add(weigh(value!), w)
      continue
    }
    const yTrue = sparse ? await e.yTrue.read(r0, n) : await e.yTrue.read(r0 * cols, n * cols)
    const weights = weightsOf === undefined ? null : await weightsOf(r0, n)
    const yPred = await e.yPred.read(r0 * cols, n * cols)
    const run = (labels: LabelMode): Totals =>
      runChunk(e, { kind: e.kind, dtype: e.dtype, labels, rows: n, cols, yTrue, yPred, weights, weightMap: weights === null ? null : Float64Array.of(1, n, 1), out: null, yTrueHalf: null, yPredHalf: null, weightsHalf: null, mask: null, grad: null }, r0)
    const seen = binary ? labelClass(yTrue, e.dtype) : OTHER
    if (seen === OTHER) {
      binary = false
      const totals = run('keep')
      kept.add(totals.sum, totals.weightSum)
      continue
    }
    const asConverted = run('convert')
    converted.add(asConverted.sum, asConverted.weightSum)
    const asKept = seen === ONLY_ONES ? asConverted : run('keep')
    kept.add(asKept.sum, asKept.weightSum)
  }
  return { binary: rule ? binary : null, converted: binary ? converted.floats() : null, kept: kept.floats() }
}

function checkShape(option: string, file: string, reader: Reader, expected: number[]): void {
  if (!sameShape(reader.shape, expected)) {
    throw new CliInputError(`${option} ${file}: its shape is ${formatShape(reader.shape)}, ${formatShape(expected)} when the evaluation was submitted`)
  }
}

/**
 * Opens the spec's files itself (through `readers`), checks they still have the shapes the
 * evaluation was planned on, and sums the shard's chunks. Readers go back to `readers`
 * after a success, and are closed after a failure.
 */
export async function evaluateShard(spec: EvaluationSpec, shard: ShardRange, kernel: Kernel, readers: ReaderSource = freshReaders): Promise<ShardSums> {
  const { kind, layout, plan } = evaluationPlan(spec)
  const opened: Reader[] = []
  const open = async (option: string, file: string, shape: number[]): Promise<Reader> => {
    const reader = await readers.open(option, file)
    opened.push(reader)
    checkShape(option, file, reader, shape)
    return reader
  }
  let succeeded = false
  try {
    const yTrue = await open('--y-true', spec.files.yTrue, spec.shapes.yTrue)
    const yPred = await open('--y-pred', spec.files.yPred, spec.shapes.yPred)
    const weightFile = spec.files.sampleWeight
    const sampleWeight = weightFile === undefined ? undefined : await open('--sample-weight', weightFile, spec.shapes.sampleWeight!)
    const e: FileEvaluation = { kind, yTrue, yPred, sampleWeight, reduction: spec.reduction, dtype: spec.dtype, kernel, chunkRows: spec.chunkRows }
    const weightsOf = plan.weighting.mode === 'fused' ? chunkWeights(sampleWeight!, plan.weighting.map, layout.rows) : undefined
    const sums = await chunkSums(e, layout, shard, weightsOf, hasLabelRule(spec.loss))
    succeeded = true
    return sums
  } finally {
    await Promise.all(opened.map((reader) => (succeeded ? readers.release(reader) : reader.close())))
  }
}
