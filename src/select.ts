import type { Engine } from './engine'
import type { Kernel } from './job'
import { jsKernel } from './js/backend'

export type BackendName = 'native' | 'js'
export type BackendChoice = BackendName | 'auto'

const CHOICES: readonly BackendChoice[] = ['native', 'js', 'auto']

function configError(code: string, message: string, cause?: unknown): Error {
  return Object.assign(new Error(message, { cause }), { code })
}

function checkChoice(value: unknown, source: string): BackendChoice {
  if (!CHOICES.includes(value as BackendChoice)) {
    throw configError('ERR_INVALID_BACKEND', `${source}: expected 'native', 'js' or 'auto', received ${JSON.stringify(value)}`)
  }
  return value as BackendChoice
}

/** The binding's limit: far above any core count, it stops a typo from spawning a runaway pool. */
const MAX_THREADS = 1024

/**
 * HINGE_LOSSES_NUM_THREADS, checked by the rule the binding applies when it starts its
 * pool, but at the first call whatever the input's size: a small input computes in TS and
 * would otherwise hide the mistake until a large one comes.
 */
function checkThreads(): void {
  const raw = process.env['HINGE_LOSSES_NUM_THREADS']
  if (raw === undefined || raw.trim() === '') return
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN
  if (!(n >= 1 && n <= MAX_THREADS)) {
    throw configError('ERR_INVALID_BACKEND', `HINGE_LOSSES_NUM_THREADS: expected an integer from 1 to ${MAX_THREADS}, received ${JSON.stringify(raw)}`)
  }
}

export interface Selector extends Engine {
  backend(): BackendName
  setBackend(name: BackendChoice): void
}

const JS_ONLY = (): Error => new Error('the hinge-losses/js entry never loads the native binary')

/**
 * Backend selection for an entry point. `loadNative` is tried at most once; 'auto' falls
 * back to the pure-TS kernel when it fails, 'native' turns the failure into an error.
 * HINGE_LOSSES_BACKEND is read at the first call, so a bad value never breaks `require`.
 * Without `loadNative` (the js entry) the environment is ignored and 'native' refused.
 */
export function selector(loadNative?: () => Kernel | Error): Selector {
  let choice: BackendChoice | undefined = loadNative === undefined ? 'js' : undefined
  let native: Kernel | Error | undefined
  const loadOnce = (): Kernel | Error => (native ??= (loadNative ?? JS_ONLY)())
  const current = (): BackendChoice => {
    if (choice === undefined) {
      const env = process.env['HINGE_LOSSES_BACKEND']
      choice = env === undefined || env === '' ? 'auto' : checkChoice(env, 'HINGE_LOSSES_BACKEND')
    }
    return choice
  }
  const requireNative = (): Kernel => {
    const loaded = loadOnce()
    if (loaded instanceof Error) {
      throw configError('ERR_NATIVE_UNAVAILABLE', `hinge-losses: the native backend is not available: ${loaded.message}`, loaded)
    }
    return loaded
  }
  let threadsChecked = loadNative === undefined
  const resolve = (): Kernel => {
    if (!threadsChecked) {
      checkThreads()
      threadsChecked = true
    }
    switch (current()) {
      case 'js':
        return jsKernel
      case 'native':
        return requireNative()
      case 'auto': {
        const loaded = loadOnce()
        return loaded instanceof Error ? jsKernel : loaded
      }
    }
  }
  // Once resolved, the kernel changes only through setBackend: every call reads it here.
  let resolved: Kernel | undefined
  const kernel = (): Kernel => (resolved ??= resolve())
  return {
    kernel,
    backend: () => kernel().name,
    setBackend(name) {
      const next = checkChoice(name, 'setBackend')
      if (next === 'native') requireNative()
      choice = next
      resolved = undefined
    },
  }
}
