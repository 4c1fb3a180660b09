import { jsKernel } from '../js/backend'
import type { Job, Kernel } from '../job'
import { loadNativeKernel } from './backend'

/**
 * Below this many elements a native call's fixed cost (crossing into the addon, reading
 * the job's fields, the dispatch) exceeds what the pure-TS loop spends on the whole
 * input, so the native backend hands such inputs to it. Measured here through the facade
 * (native time / TS time, float32): hinge 1.28 at 2^11 elements, 0.77 at 2^12; squared
 * hinge 0.66 and 0.63; categorical hinge 0.39 and 0.60: at 2^12 every loss is faster native.
 */
export const NATIVE_MIN_ELEMENTS = 4096

/** Routing by size alone, so `compute` and `computeAsync` always take the same path. */
const small = (job: Job): boolean => job.rows * job.cols < NATIVE_MIN_ELEMENTS

/** The native backend of the default entry: native kernels, tiny inputs in TS. */
export function loadNativeBackend(): Kernel | Error {
  const native = loadNativeKernel()
  if (native instanceof Error) return native
  return {
    name: 'native',
    run: (job) => (small(job) ? jsKernel : native).run(job),
    runAsync: (job, signal) => (small(job) ? jsKernel : native).runAsync(job, signal),
  }
}
