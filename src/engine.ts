import type { Kernel } from './job'

export type BackendName = 'native' | 'js'
export type BackendChoice = BackendName | 'auto'

/** Where an entry point's losses get their kernel, read at each call. */
export interface Engine {
  kernel(): Kernel
}
