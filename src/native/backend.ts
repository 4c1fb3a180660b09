import type * as Binding from '../../binding'
import { abortError } from '../errors'
import { guardJob } from '../guard'
import type { Job, Kernel, Totals } from '../job'
import { spansOf, type Data } from '../spans'
import { isResizable } from '../typed-array'
import { requireBinding } from './load-binding'

/** The napi addon (`hinge-losses.<platform>.node`, built from crates/hinge-node), typed by its generated binding.d.ts. */
type Addon = typeof Binding

/**
 * A resizable ArrayBuffer can shrink while a worker thread reads it, and its freed pages
 * fault: such inputs are computed on the calling thread instead (same kernel, same bits).
 * Read through the built-in getters, so no caller code runs after `guardJob`.
 */
const resizable = (data: Data | null): boolean => data !== null && spansOf(data).some(isResizable)

/** `lossAsync`, cancelled when `signal` aborts: the work stops at its next block of rows. */
async function cancellable(addon: Addon, job: Job, signal: AbortSignal): Promise<Totals> {
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
      guardJob(job)
      return addon.lossSync(job)
    },
    async runAsync(job, signal) {
      guardJob(job)
      const outputs = [job.yTrue, job.yPred, job.weights, job.mask?.data ?? null, job.grad?.out ?? null]
      if (outputs.some(resizable)) return addon.lossSync(job)
      // A caller's own signal-like object without listeners is only checked before and after.
      if (typeof signal?.addEventListener !== 'function') return addon.lossAsync(job)
      return cancellable(addon, job, signal)
    },
  }
}
