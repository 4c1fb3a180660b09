import type { BackendChoice, BackendName, Engine } from './engine'
import type { Kernel } from './kernel'
import { jsKernel } from './js/backend'

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
  const kernel = (): Kernel => {
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
  return {
    kernel,
    backend: () => kernel().name,
    setBackend(name) {
      const next = checkChoice(name, 'setBackend')
      if (next === 'native') requireNative()
      choice = next
    },
  }
}
