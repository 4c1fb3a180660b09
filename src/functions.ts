import type { Engine } from './engine'
import { LossKind } from './job'
import { perSampleTask } from './prepare'
import type { LossFunction, LossName, TensorLike } from './types'

export interface LossFunctions {
  hinge: LossFunction
  squaredHinge: LossFunction
  categoricalHinge: LossFunction
  sparseCategoricalHinge: LossFunction
}

/** The snake_case Keras name of each loss function, for `get` and `serialize`. */
export const FUNCTION_NAMES: Record<keyof LossFunctions, LossName> = {
  hinge: 'hinge',
  squaredHinge: 'squared_hinge',
  categoricalHinge: 'categorical_hinge',
  sparseCategoricalHinge: 'sparse_categorical_hinge',
}

/** The Keras name of every loss function any entry built, so each entry's `serialize` knows them all. */
const names = new WeakMap<object, LossName>()

/** The Keras name of a loss function this package built; undefined for any other value. */
export function functionName(value: unknown): LossName | undefined {
  return typeof value === 'function' ? names.get(value) : undefined
}

/** Keras' loss functions, computing on `engine`; the dtype is yPred's. */
export function lossFunctions(engine: Engine): LossFunctions {
  const perSample = (kind: LossKind, yTrue: TensorLike, yPred: TensorLike) => {
    const task = perSampleTask(kind, yTrue, yPred)
    return task.finish(engine.kernel().run(task.job))
  }
  const functions: LossFunctions = {
    /** Keras `hinge`: mean(max(1 - yTrue·yPred, 0)) over the last axis. */
    hinge: function hinge(yTrue, yPred) {
      return perSample(LossKind.Hinge, yTrue, yPred)
    },
    /** Keras `squared_hinge`: mean(max(1 - yTrue·yPred, 0)²) over the last axis. */
    squaredHinge: function squared_hinge(yTrue, yPred) {
      return perSample(LossKind.SquaredHinge, yTrue, yPred)
    },
    /** Keras `categorical_hinge`: max(max((1 - yTrue)·yPred) - Σ yTrue·yPred + 1, 0). */
    categoricalHinge: function categorical_hinge(yTrue, yPred) {
      return perSample(LossKind.CategoricalHinge, yTrue, yPred)
    },
    /** Categorical hinge with class ids for labels: `categoricalHinge(oneHot(yTrue), yPred)`, bit for bit. */
    sparseCategoricalHinge: function sparse_categorical_hinge(yTrue, yPred) {
      return perSample(LossKind.SparseCategoricalHinge, yTrue, yPred)
    },
  }
  for (const key of Object.keys(FUNCTION_NAMES) as (keyof LossFunctions)[]) names.set(functions[key], FUNCTION_NAMES[key])
  return functions
}
