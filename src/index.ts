/**
 * hinge-losses: Keras' hinge, squared hinge and categorical hinge losses. This entry
 * computes on the native binary when it loads and on the pure-TS backend otherwise.
 */
import { lossFunctions } from './functions'
import { CategoricalHingeLoss, HingeLoss, SquaredHingeLoss } from './loss-classes'
import { loadNativeKernel } from './native/kernel'
import { registry } from './registry'
import { selector } from './select'
import type { Reduction } from './types'

const selected = selector(loadNativeKernel)

/** Keras `Hinge`. */
export class Hinge<R extends Reduction = 'sum_over_batch_size'> extends HingeLoss<R> {
  protected override engine() {
    return selected
  }
}

/** Keras `SquaredHinge`. */
export class SquaredHinge<R extends Reduction = 'sum_over_batch_size'> extends SquaredHingeLoss<R> {
  protected override engine() {
    return selected
  }
}

/** Keras `CategoricalHinge`. */
export class CategoricalHinge<R extends Reduction = 'sum_over_batch_size'> extends CategoricalHingeLoss<R> {
  protected override engine() {
    return selected
  }
}

export const { hinge, squaredHinge, categoricalHinge } = lossFunctions(selected)
export const { get, serialize, deserialize } = registry(
  { hinge, squaredHinge, categoricalHinge },
  { Hinge, SquaredHinge, CategoricalHinge },
)

/** The backend that computes now: 'native' or 'js'. */
export const backend = selected.backend
/** 'native' (throws when the binary does not load), 'js' or 'auto' (native if it loads). */
export const setBackend = selected.setBackend

export * from './public'
