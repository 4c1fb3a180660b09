import type { Job, Kernel, Totals } from '../kernel'
import type { FloatArray, NumericArray } from '../types'
import { requireBinding } from './load-binding'

/** The raw napi binding (binding.js, built from crates/hinge-node). */
interface Binding {
  lossSync(...args: BindingArgs): void
  lossAsync(...args: BindingArgs): Promise<void>
}

type BindingArgs = [
  kind: number,
  dtype: number,
  rows: number,
  cols: number,
  yTrue: NumericArray,
  yPred: NumericArray,
  weights: NumericArray | null,
  weightMap: Float64Array | null,
  out: FloatArray | null,
  result: Float64Array,
]

function args(job: Job, result: Float64Array): BindingArgs {
  const dtype = job.dtype === 'float32' ? 0 : 1
  return [job.kind, dtype, job.rows, job.cols, job.yTrue, job.yPred, job.weights, job.weightMap, job.out, result]
}

const totals = (result: Float64Array): Totals => ({ sum: result[0]!, weightSum: result[1]! })

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
      const result = new Float64Array(2)
      binding.lossSync(...args(job, result))
      return totals(result)
    },
    async runAsync(job) {
      const result = new Float64Array(2)
      await binding.lossAsync(...args(job, result))
      return totals(result)
    },
  }
}
