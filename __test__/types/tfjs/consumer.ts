// Type-level tests of hinge-losses/tfjs against the real tfjs types.
import * as tf from '@tensorflow/tfjs'
import { Hinge } from '../../..'
import { tfjsLoss } from '../../../tfjs'

// The adapter takes the real tfjs module and gives a loss of its tensors.
const tfLoss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor = tfjsLoss(tf, new Hinge(), { kink: 'half' })
// @ts-expect-error kinks are 'full', 'half' or 'zero'
tfjsLoss(tf, new Hinge(), { kink: 'left' })
const trained: tf.Tensor = tf.grad((p: tf.Tensor) => tfLoss(tf.zeros([2, 2]), p))(tf.ones([2, 2]))
const model = tf.sequential()
model.compile({ optimizer: 'sgd', loss: tfLoss })
void [trained]
