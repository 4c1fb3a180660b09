import { LossInputError, describe } from './errors'
import { FUNCTION_NAMES, type LossFunctions } from './functions'
import { Loss, type LossOptions } from './loss-classes'
import type { LossClassName, LossFunction, LossName } from './types'

type LossConstructor = (new (options?: LossOptions) => Loss) & { fromConfig(config: object): Loss }

export interface SerializedLoss {
  class_name: string
  config: object
}

export interface Registry {
  /** Keras `get`: a function name gives the function, a class name a new instance, a config object a configured instance. */
  get(identifier: string | object | ((...args: never[]) => unknown)): LossFunction | Loss
  /** Keras `serialize`: `{class_name, config}` of an instance, or of a loss function. */
  serialize(loss: LossFunction | Loss): SerializedLoss
  /** Keras `deserialize`: the loss a `serialize` output (or `{class_name, config?}`) names. */
  deserialize(config: { class_name: string; config?: object | string }): LossFunction | Loss
}

export function registry(functions: LossFunctions, classes: Record<LossClassName, LossConstructor>): Registry {
  const byName = new Map<string, LossFunction>()
  for (const [key, name] of Object.entries(FUNCTION_NAMES) as [keyof LossFunctions, LossName][]) {
    byName.set(name, functions[key])
  }
  const nameOf = (fn: LossFunction): LossName | undefined => [...byName].find(([, f]) => f === fn)?.[0] as LossName | undefined
  const unknown = (what: unknown): LossInputError =>
    new LossInputError(
      'ERR_UNKNOWN_LOSS',
      `Could not interpret loss identifier: expected one of 'hinge', 'squared_hinge', 'categorical_hinge', 'Hinge', 'SquaredHinge', 'CategoricalHinge', a {class_name, config} object, a loss function or a Loss; received ${describe(what)}`,
    )

  const deserialize: Registry['deserialize'] = (serialized) => {
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

  return {
    get(identifier) {
      if (typeof identifier === 'string') {
        const fn = byName.get(identifier)
        if (fn !== undefined) return fn
        if (Object.hasOwn(classes, identifier)) return new classes[identifier as LossClassName]()
        throw unknown(identifier)
      }
      if (identifier instanceof Loss) return identifier
      if (typeof identifier === 'function') return identifier as LossFunction
      if (typeof identifier === 'object' && identifier !== null && 'class_name' in identifier) {
        return deserialize(identifier as { class_name: string })
      }
      throw unknown(identifier)
    },
    serialize(loss) {
      if (loss instanceof Loss) {
        const entry = Object.entries(classes).find(([, C]) => loss instanceof C)
        if (entry === undefined) throw unknown(loss)
        return { class_name: entry[0], config: loss.getConfig() }
      }
      const name = typeof loss === 'function' ? nameOf(loss) : undefined
      if (name === undefined) throw unknown(loss)
      return { class_name: 'function', config: { name } }
    },
    deserialize,
  }
}
