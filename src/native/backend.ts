import type * as Binding from '../../binding'
import { checkIds, idRangeError } from '../class-ids'
import { abortError } from '../errors'
import { guardJob } from '../guard'
import { countBytesWith } from '../mask'
import { LossKind, type Job, type Kernel, type Totals } from '../job'
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

/** The core's refusal of a class id (hinge-core `JobError::ClassId`), naming the first bad row. */
const CLASS_ID = /^yTrue\[(\d+)\] must be a class id in \[0, \d+\)$/

/**
 * Sparse class ids are checked once. The core checks them as its pass reads them and
 * stops at the first bad one, whose refusal becomes the facade's ERR_LABEL_RANGE here; a
 * gradient job may write into the caller's `out`, which a refused pass would leave partly
 * written, so its ids are checked before the pass instead. Returns whether the pass checks.
 */
function passChecksIds(job: Job): boolean {
  if (job.kind !== LossKind.SparseCategoricalHinge) return false
  if (job.grad === null) return true
  checkIds(job.yTrue, job.rows, job.cols)
  return false
}

/** The binding's error, with a refused class id turned into the facade's error. */
function refusal(job: Job, error: unknown): unknown {
  const bad = error instanceof Error ? CLASS_ID.exec(error.message) : null
  return bad === null ? error : idRangeError(job.yTrue, Number(bad[1]), job.cols)
}

/** `run(job)`, its refusal of a class id made the facade's. */
function translated<T>(job: Job, checks: boolean, run: () => T): T {
  if (!checks) return run()
  try {
    return run()
  } catch (error) {
    throw refusal(job, error)
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
  countBytesWith((bytes, n) => addon.countMask(bytes, n))
  return {
    name: 'native',
    run(job) {
      guardJob(job)
      return translated(job, passChecksIds(job), () => addon.lossSync(job))
    },
    async runAsync(job, signal) {
      guardJob(job)
      const checks = passChecksIds(job)
      const outputs = [job.yTrue, job.yPred, job.weights, job.mask?.data ?? null, job.grad?.out ?? null]
      if (outputs.some(resizable)) return translated(job, checks, () => addon.lossSync(job))
      try {
        // A caller's own signal-like object without listeners is only checked before and after.
        if (typeof signal?.addEventListener !== 'function') return await addon.lossAsync(job)
        return await cancellable(addon, job, signal)
      } catch (error) {
        throw checks ? refusal(job, error) : error
      }
    },
  }
}
