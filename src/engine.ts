import type { Kernel } from './job'

/** Where an entry's losses and metrics get their kernel, read at each call (see select.ts). */
export interface Engine {
  kernel(): Kernel
}

/** The engine of each class an entry made with `bindEngine`. */
const engines = new WeakMap<object, Engine>()

type AnyConstructor = abstract new (...args: never[]) => object

/**
 * A subclass of `Base` that computes on `engine`, named `name`. Both entries make their
 * classes this way from the same bases: they share every line of code and differ only in
 * where the kernel comes from. A caller's subclass of the result inherits its engine.
 */
export function bindEngine<C extends AnyConstructor>(Base: C, engine: Engine, name: string): C {
  const Open = Base as unknown as new (...args: unknown[]) => object
  const Bound = { [name]: class extends Open {} }[name]!
  engines.set(Bound, engine)
  return Bound as unknown as C
}

/** The engine a class (or an ancestor of it) was bound to; undefined for the abstract bases. */
export function engineOf(target: unknown): Engine | undefined {
  for (let c: unknown = target; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    const engine = engines.get(c)
    if (engine !== undefined) return engine
  }
  return undefined
}
