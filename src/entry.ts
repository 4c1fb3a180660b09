import { bindEngine } from './engine'
import { lossFunctions } from './functions'
import { CategoricalHinge, Hinge, SparseCategoricalHinge, SquaredHinge } from './loss-classes'
import { CategoricalHingeMetric, HingeMetric, SparseCategoricalHingeMetric, SquaredHingeMetric } from './metrics/mean-metric'
import { registry, type LossClassFamily } from './registry'
import type { Selector } from './select'
import { workerEvaluator } from './workers/evaluate'

/** The loss classes, for the types of `get` and `deserialize`. */
export interface Losses extends LossClassFamily {
  Hinge: Hinge<this['R'], this['D']>
  SquaredHinge: SquaredHinge<this['R'], this['D']>
  CategoricalHinge: CategoricalHinge<this['R'], this['D']>
  SparseCategoricalHinge: SparseCategoricalHinge<this['R'], this['D']>
}

/**
 * An entry's whole API, computing on `engine`: the classes bound to it, the functions, the
 * registry over them, the worker helper (whose workers load `file`, the entry itself) and
 * the backend controls. Both entries are this function applied to their own selection.
 */
export function entryApi(engine: Selector, file: string) {
  const losses = {
    Hinge: bindEngine(Hinge, engine, 'Hinge'),
    SquaredHinge: bindEngine(SquaredHinge, engine, 'SquaredHinge'),
    CategoricalHinge: bindEngine(CategoricalHinge, engine, 'CategoricalHinge'),
    SparseCategoricalHinge: bindEngine(SparseCategoricalHinge, engine, 'SparseCategoricalHinge'),
  }
  const functions = lossFunctions(engine)
  return {
    ...losses,
    ...functions,
    ...registry<Losses>(functions, losses),
    /** Keras' streaming metrics (`keras.metrics`). */
    metrics: {
      Hinge: bindEngine(HingeMetric, engine, 'Hinge'),
      SquaredHinge: bindEngine(SquaredHingeMetric, engine, 'SquaredHinge'),
      CategoricalHinge: bindEngine(CategoricalHingeMetric, engine, 'CategoricalHinge'),
      SparseCategoricalHinge: bindEngine(SparseCategoricalHingeMetric, engine, 'SparseCategoricalHinge'),
    },
    /** Feeds batches to a metric in worker threads that load this entry; see `WorkerOptions`. */
    evaluateInWorkers: workerEvaluator(file, engine),
    /** The backend that computes now: 'native' or 'js'. */
    backend: engine.backend,
    /** 'native' (throws when no binary loads), 'js' or 'auto' (native if it loads). */
    setBackend: engine.setBackend,
  }
}
