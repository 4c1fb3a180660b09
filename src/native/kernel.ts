import { guardJob } from '../guard'
import { halfOf } from '../half'
import { asNumbers } from '../int64'
import { jsKernel, withNumbers } from '../js/backend'
import { LossKind } from '../kernel'
import { gradPass } from '../js/grad'
import type { Job, Kernel, LabelMode, Totals } from '../kernel'
import type { FloatArray, NumericArray } from '../types'
import { isResizable } from '../typed-array'
import { requireBinding } from './load-binding'

/** The raw napi addon (`hinge-losses.<platform>.node`, built from crates/hinge-node), as loaded by load-binding.ts. */
interface Binding {
  lossSync(...args: BindingArgs): void
  lossAsync(...args: BindingArgs): Promise<void>
}

type BindingArgs = [
  kind: number,
  dtype: number,
  labels: number,
  rows: number,
  cols: number,
  yTrue: NumericArray,
  yPred: NumericArray,
  weights: NumericArray | null,
  weightMap: Float64Array | null,
  out: FloatArray | null,
  result: Float64Array,
]

/** The binding's numbering of `Job.labels`. */
const LABELS: Record<LabelMode, number> = { auto: 0, convert: 1, keep: 2 }

/** Half-precision bits widened to float32 for the kernels, which read every other type in place. */
const wide = (array: NumericArray): NumericArray => (halfOf(array) === undefined ? array : asNumbers(array))

function args(job: Job, result: Float64Array): BindingArgs {
  const dtype = job.dtype === 'float32' ? 0 : 1
  const labels = LABELS[job.labels]
  const weights = job.weights === null ? null : wide(job.weights)
  return [job.kind, dtype, labels, job.rows, job.cols, wide(job.yTrue), wide(job.yPred), weights, job.weightMap, job.out, result]
}

const totals = (result: Float64Array): Totals => ({ sum: result[0]!, weightSum: result[1]! })

/**
 * A resizable ArrayBuffer can shrink while a worker thread reads it, and its freed pages
 * fault: such inputs are computed on the calling thread instead (same kernel, same bits).
 * Read through the built-in getters, so no caller code runs after `guardJob`.
 */
const resizable = (array: NumericArray | null): boolean => array !== null && isResizable(array)

/** The native backend, or the reason the binary did not load. */
export function loadNativeKernel(): Kernel | Error {
  let binding: Binding
  try {
    binding = requireBinding() as Binding
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
  return {
    name: 'native',
    run(job) {
      if (job.kind === LossKind.SparseCategoricalHinge) return jsKernel.run(job)
      guardJob(job)
      const result = new Float64Array(2)
      binding.lossSync(...args(job, result))
      if (job.grad !== null) gradPass(withNumbers(job), job.labels === 'convert')
      return totals(result)
    },
    async runAsync(job) {
      if (job.kind === LossKind.SparseCategoricalHinge) return jsKernel.run(job)
      guardJob(job)
      const result = new Float64Array(2)
      if (resizable(job.yTrue) || resizable(job.yPred) || resizable(job.weights)) binding.lossSync(...args(job, result))
      else await binding.lossAsync(...args(job, result))
      if (job.grad !== null) gradPass(withNumbers(job), job.labels === 'convert')
      return totals(result)
    },
  }
}
