import type * as Binding from '../../binding'
import { abortError } from '../errors'
import { guardJob } from '../guard'
import { halfOf } from '../half'
import { asNumbers } from '../int64'
import { jsKernel, withNumbers } from '../js/backend'
import { gradPass } from '../js/grad'
import { LossKind, type Job, type Kernel, type Totals } from '../job'
import { isResizable } from '../typed-array'
import type { NumericArray } from '../types'
import { requireBinding } from './load-binding'

/** The napi addon (`hinge-losses.<platform>.node`, built from crates/hinge-node), typed by its generated binding.d.ts. */
type Addon = typeof Binding

/**
 * A resizable ArrayBuffer can shrink while a worker thread reads it, and its freed pages
 * fault: such inputs are computed on the calling thread instead (same kernel, same bits).
 * Read through the built-in getters, so no caller code runs after `guardJob`.
 */
const resizable = (array: NumericArray | null): boolean => array !== null && isResizable(array)

/** `lossAsync`, cancelled when `signal` aborts: the work stops at its next block of rows. */
async function cancellable(addon: Addon, job: Binding.Job, signal: AbortSignal): Promise<Totals> {
  if (signal.aborted) throw abortError(signal)
  const flag = new addon.CancelFlag()
  const cancel = (): void => flag.cancel()
  signal.addEventListener('abort', cancel, { once: true })
  try {
    return await addon.lossAsync(job, flag)
  } catch (error) {
    throw signal.aborted ? abortError(signal) : error
  } finally {
    signal.removeEventListener('abort', cancel)
  }
}

/** Half-precision bits widened to float32 for the kernels, which read every other type in place. */
const wide = (array: NumericArray): NumericArray => (halfOf(array) === undefined ? array : asNumbers(array))

/** The job as the addon takes it. */
function forAddon(job: Job): Binding.Job {
  const { yTrue, yPred, weights } = job
  const halves = halfOf(yTrue) !== undefined || halfOf(yPred) !== undefined || (weights !== null && halfOf(weights) !== undefined)
  const native = halves ? { ...job, yTrue: wide(yTrue), yPred: wide(yPred), weights: weights === null ? null : wide(weights) } : job
  return native as Binding.Job
}

/** The native backend, or the reason the binary did not load. */
export function loadNativeKernel(): Kernel | Error {
  let addon: Addon
  try {
    addon = requireBinding() as Addon
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
  return {
    name: 'native',
    run(job) {
      if (job.kind === LossKind.SparseCategoricalHinge) return jsKernel.run(job)
      guardJob(job)
      const totals = addon.lossSync(forAddon(job))
      if (job.grad !== null) gradPass(withNumbers(job), job.labels === 'convert')
      return totals
    },
    async runAsync(job, signal) {
      if (job.kind === LossKind.SparseCategoricalHinge) return jsKernel.run(job)
      guardJob(job)
      const native = forAddon(job)
      let totals: Totals
      if (resizable(job.yTrue) || resizable(job.yPred) || resizable(job.weights)) totals = addon.lossSync(native)
      // A caller's own signal-like object without listeners is only checked before and after.
      else if (typeof signal?.addEventListener !== 'function') totals = await addon.lossAsync(native)
      else totals = await cancellable(addon, native, signal)
      if (job.grad !== null) gradPass(withNumbers(job), job.labels === 'convert')
      return totals
    },
  }
}
