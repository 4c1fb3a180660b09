/**
 * hinge-losses/tfjs: this package's losses as TensorFlow.js losses, for
 * `model.compile({ loss })`, `tf.grad` and `optimizer.minimize`. The value is the loss's
 * `compute` and the gradient its `valueAndGrad`, through `tf.customGrad`. The tfjs module
 * is passed in, so this package depends on no tfjs at run time and works with
 * `@tensorflow/tfjs` and `@tensorflow/tfjs-node` alike.
 */
import { LossInputError, describe } from './errors'
import type { Kink } from './job'
import type { Loss } from './loss-classes'
import { readOptions } from './options'
import type { Tensor } from './types'

/** What of a tfjs tensor is read: its shape and its values. */
export interface TfjsTensor {
  readonly shape: number[]
  dataSync(): ArrayLike<number> | Uint8Array
}

/** The part of the tfjs module that the adapter calls; `import * as tf from '@tensorflow/tfjs'` has it. */
export interface TfjsModule<T extends TfjsTensor> {
  customGrad(f: (...inputs: (T | ((tensors: T[]) => void))[]) => { value: T; gradFunc: (dy: T, saved: T[]) => T | T[] }): (...args: T[]) => T
  tensor(values: Float32Array, shape: number[], dtype: 'float32'): T
  zerosLike(x: T): T
  mul(a: T, b: T): T
}

export interface TfjsLossOptions {
  /** The subgradient at a kink. @default 'full' (what Keras gives on TensorFlow) */
  kink?: Kink
}

const KINKS: readonly Kink[] = ['full', 'half', 'zero']

/** A tfjs tensor as the package reads it: its values (a float32 or int32 array on the CPU backend) and shape. */
const tensorLike = (x: TfjsTensor) => ({ data: x.dataSync() as Float32Array, shape: x.shape })

/** tfjs holds float32 alone: a float64 loss's values and gradients are rounded to it. */
const float32 = (data: Float32Array | Float64Array): Float32Array => (data instanceof Float32Array ? data : Float32Array.from(data))

const valueOf = (value: number | Tensor): { data: Float32Array; shape: number[] } =>
  typeof value === 'number' ? { data: Float32Array.of(value), shape: [] } : { data: float32(value.data), shape: value.shape }

/**
 * A tfjs loss function `(yTrue, yPred) => value`: a scalar for the reducing reductions, the
 * per-sample tensor for 'none'. No gradient flows to `yTrue`.
 */
export function tfjsLoss<T extends TfjsTensor>(tf: TfjsModule<T>, loss: Loss, options?: TfjsLossOptions): (yTrue: T, yPred: T) => T {
  const { kink: given } = readOptions(options, ['kink'] as const)
  if (given !== undefined && !KINKS.includes(given as Kink)) {
    throw new LossInputError('ERR_INVALID_OPTION', `options.kink: expected 'full', 'half' or 'zero', received ${describe(given)}`)
  }
  const kink = (given ?? 'full') as Kink
  const none = loss.reduction === 'none' || loss.reduction === null
  const op = tf.customGrad((...inputs) => {
    const [yTrue, yPred] = inputs as [T, T]
    const labels = tensorLike(yTrue)
    const predictions = tensorLike(yPred)
    const { value, grad } = loss.valueAndGrad(labels, predictions, undefined, { kink })
    const v = valueOf(value)
    return {
      value: tf.tensor(v.data, v.shape, 'float32'),
      gradFunc: (dy) => {
        // A reduced value's gradient scales by dy; a per-sample one takes dy as its upstream.
        const g = none ? loss.valueAndGrad(labels, predictions, undefined, { kink, upstream: tensorLike(dy) }).grad : grad
        const dPred = tf.tensor(float32(g.data), g.shape, 'float32')
        return [tf.zerosLike(yTrue), none ? dPred : tf.mul(dy, dPred)]
      },
    }
  })
  return (yTrue, yPred) => op(yTrue, yPred)
}
