import { LossInputError, describe } from './errors'
import { FUNCTION_NAMES, functionName, type LossFunctions } from './functions'
import { LossKind } from './job'
import { kindOf, type Loss, type LossOptions } from './loss-classes'
import type { DType, LossClassName, LossFunction, LossName, Reduction } from './types'

/**
 * An entry's three loss classes, each as a type of a reduction and a dtype: an entry
 * declares `Hinge: Hinge<this['R'], this['D']>` and so on, and `LossInstance` sets `R`
 * and `D` (TypeScript has no generic type parameters; this is the usual encoding).
 */
export interface LossClassFamily {
  R: Reduction
  D: DType
  Hinge: Loss
  SquaredHinge: Loss
  CategoricalHinge: Loss
  SparseCategoricalHinge: Loss
}

/** The instance type of the class named `K` in family `F`, for reduction `R` and dtype `D`. */
export type LossInstance<F extends LossClassFamily, K extends LossClassName, R extends Reduction, D extends DType> = (F & {
  R: R
  D: D
})[K]

/** A class config; a literal reduction or dtype in it types the instance. */
export interface LossClassConfig<R extends Reduction, D extends DType> {
  name?: string
  reduction?: R
  dtype?: D | null
}

/** The ways to name a loss function in a serialized form: Keras' and ours. */
export type SerializedFunction =
  | { class_name: LossName; config?: object | string }
  | { class_name: 'function'; config: LossName | { name: LossName } }

export interface SerializedLoss {
  class_name: string
  config: object
}

/** Keras `deserialize`: the loss a `serialize` output (or `{class_name, config?}`) names. */
export interface Deserialize<F extends LossClassFamily> {
  <K extends LossClassName>(serialized: { class_name: K; config?: undefined }): LossInstance<F, K, 'sum_over_batch_size', 'float32'>
  <K extends LossClassName, R extends Reduction = Reduction, D extends DType = DType>(serialized: {
    class_name: K
    config: LossClassConfig<R, D>
  }): LossInstance<F, K, R, D>
  (serialized: SerializedFunction): LossFunction
  (serialized: { class_name: string; config?: object | string }): LossFunction | Loss
}

/** Keras `get`: a function name gives the function, a class name a new instance, a config object a configured instance. */
export interface Get<F extends LossClassFamily> extends Deserialize<F> {
  (identifier: LossName): LossFunction
  <K extends LossClassName>(identifier: K): LossInstance<F, K, 'sum_over_batch_size', 'float32'>
  /** A loss or a function is returned as is. */
  <L extends Loss>(identifier: L): L
  <Fn extends LossFunction>(identifier: Fn): Fn
  (identifier: string | object | ((...args: never[]) => unknown)): LossFunction | Loss
}

export interface Registry<F extends LossClassFamily> {
  get: Get<F>
  /** Keras `serialize`: `{class_name, config}` of an instance, or of a loss function, from either entry. */
  serialize(loss: LossFunction | Loss): SerializedLoss
  deserialize: Deserialize<F>
}

type LossConstructor<T> = (new (options?: LossOptions) => T) & { fromConfig(config: object): T }

/** The class name of each kind: every entry's classes share them. */
const CLASS_NAMES: Record<LossKind, LossClassName> = {
  [LossKind.Hinge]: 'Hinge',
  [LossKind.SquaredHinge]: 'SquaredHinge',
  [LossKind.CategoricalHinge]: 'CategoricalHinge',
  [LossKind.SparseCategoricalHinge]: 'SparseCategoricalHinge',
}

export function registry<F extends LossClassFamily>(
  functions: LossFunctions,
  classes: { [K in LossClassName]: LossConstructor<LossInstance<F, K, Reduction, DType>> },
): Registry<F> {
  const byName = new Map<string, LossFunction>()
  for (const [key, name] of Object.entries(FUNCTION_NAMES) as [keyof LossFunctions, LossName][]) {
    byName.set(name, functions[key])
  }
  const unknown = (what: unknown): LossInputError =>
    new LossInputError(
      'ERR_UNKNOWN_LOSS',
      `Could not interpret loss identifier: expected one of 'hinge', 'squared_hinge', 'categorical_hinge', 'sparse_categorical_hinge', 'Hinge', 'SquaredHinge', 'CategoricalHinge', 'SparseCategoricalHinge', a {class_name, config} object, a loss function or a Loss; received ${describe(what)}`,
    )

  const deserialize = (serialized: unknown): LossFunction | Loss => {
    if (typeof serialized !== 'object' || serialized === null) throw unknown(serialized)
    const { class_name: className, config } = serialized as { class_name?: unknown; config?: unknown }
    if (typeof className !== 'string') throw unknown(serialized)
    if (className === 'function') {
      // Keras writes a function's name as its config; an object {name} is accepted too.
      const name = typeof config === 'string' ? config : (config as { name?: unknown } | undefined)?.name
      const fn = typeof name === 'string' ? byName.get(name) : undefined
      if (fn === undefined) throw unknown(name)
      return fn
    }
    const fn = byName.get(className)
    if (fn !== undefined) return fn
    if (!Object.hasOwn(classes, className)) throw unknown(className)
    return classes[className as LossClassName].fromConfig(config ?? {})
  }

  const get = (identifier: unknown): LossFunction | Loss => {
    if (typeof identifier === 'string') {
      const fn = byName.get(identifier)
      if (fn !== undefined) return fn
      if (Object.hasOwn(classes, identifier)) return new classes[identifier as LossClassName]()
      throw unknown(identifier)
    }
    if (kindOf(identifier) !== undefined) return identifier as Loss
    if (typeof identifier === 'function') return identifier as LossFunction
    if (typeof identifier === 'object' && identifier !== null && 'class_name' in identifier) return deserialize(identifier)
    throw unknown(identifier)
  }

  return {
    // The overloads only narrow what these return; the checks above are the same for each.
    get: get as Get<F>,
    serialize(loss) {
      const kind = kindOf(loss)
      if (kind !== undefined) return { class_name: CLASS_NAMES[kind], config: (loss as Loss).getConfig() }
      const name = functionName(loss)
      if (name === undefined) throw unknown(loss)
      return { class_name: 'function', config: { name } }
    },
    deserialize: deserialize as Deserialize<F>,
  }
}
