/**
 * hinge-losses: Keras' hinge, squared hinge and categorical hinge losses. This entry
 * computes on the native binary when it loads and on the pure-TS backend otherwise.
 */
import { lossFunctions } from './functions'
import { CategoricalHingeLoss, HingeLoss, SquaredHingeLoss } from './loss-classes'
import { CategoricalHingeMetric, HingeMetric, SquaredHingeMetric } from './metrics/mean-metric'
import { loadNativeBackend } from './native/route'
import { registry, type LossClassFamily } from './registry'
import { selector } from './select'
import type { DType, Reduction } from './types'
import { workerEvaluator } from './workers/evaluate'

const selected = selector(loadNativeBackend)

/** Keras `Hinge`. */
export class Hinge<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> extends HingeLoss<R, D> {
  protected override engine() {
    return selected
  }
}

/** Keras `SquaredHinge`. */
export class SquaredHinge<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> extends SquaredHingeLoss<R, D> {
  protected override engine() {
    return selected
  }
}

/** Keras `CategoricalHinge`. */
export class CategoricalHinge<R extends Reduction = 'sum_over_batch_size', D extends DType = DType> extends CategoricalHingeLoss<R, D> {
  protected override engine() {
    return selected
  }
}

/** Keras' streaming metrics (`keras.metrics`), computing on this entry's backend. */
// A namespace, so that `metrics.Hinge` is a type as well as a class.
export namespace metrics {
  /** Keras `metrics.Hinge`. */
  export class Hinge extends HingeMetric {
    protected override engine() {
      return selected
    }
  }

  /** Keras `metrics.SquaredHinge`. */
  export class SquaredHinge extends SquaredHingeMetric {
    protected override engine() {
      return selected
    }
  }

  /** Keras `metrics.CategoricalHinge`. */
  export class CategoricalHinge extends CategoricalHingeMetric {
    protected override engine() {
      return selected
    }
  }
}

/** Feeds batches to a metric in worker threads that load this entry; see `WorkerOptions`. */
export const evaluateInWorkers = workerEvaluator(__filename, selected)

export const { hinge, squaredHinge, categoricalHinge } = lossFunctions(selected)
/** This entry's classes, for the types of `get` and `deserialize`. */
interface Losses extends LossClassFamily {
  Hinge: Hinge<this['R'], this['D']>
  SquaredHinge: SquaredHinge<this['R'], this['D']>
  CategoricalHinge: CategoricalHinge<this['R'], this['D']>
}

export const { get, serialize, deserialize } = registry<Losses>(
  { hinge, squaredHinge, categoricalHinge },
  { Hinge, SquaredHinge, CategoricalHinge },
)

/** The backend that computes now: 'native' or 'js'. */
export const backend = selected.backend
/** 'native' (throws when the binary does not load), 'js' or 'auto' (native if it loads). */
export const setBackend = selected.setBackend

export * from './public'
