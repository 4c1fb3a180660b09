// Type-level tests: the real tensors of TensorFlow.js, ONNX Runtime and Apache Arrow are TensorLikes.
import * as tf from '@tensorflow/tfjs'
import * as ort from 'onnxruntime-common'
import { FixedSizeList, Field, Float32, Int32, vectorFromArray } from 'apache-arrow'
import { Hinge, SparseCategoricalHinge, metrics, type TensorLike } from '../../..'

const tfTensor: TensorLike = tf.tensor([[0, 1]])
const ortTensor: TensorLike = new ort.Tensor('float16', new Uint16Array(2), [1, 2])
const column: TensorLike = vectorFromArray([[0, 1]], new FixedSizeList(2, new Field('p', new Float32())))
const ids: TensorLike = vectorFromArray([1], new Int32())

const loss = new Hinge()
const value: number = loss.compute(tfTensor, ortTensor, column, { mask: tf.tensor([true], [1], 'bool') })
const sparse: number = new SparseCategoricalHinge().compute(ids, column)
new metrics.Hinge().updateState(column, tfTensor, ortTensor)
// @ts-expect-error a tfjs-like object needs a dataSync method
loss.compute({ shape: [1], dtype: 'float32' }, tfTensor)
// @ts-expect-error an ort-like object's type is a string
loss.compute({ dims: [1], type: 1, data: new Float32Array(1) }, tfTensor)
// float16 bits tagged by hand, as ONNX Runtime's are recognised.
const tagged: TensorLike = { data: new Uint16Array(2), shape: [1, 2], dtype: 'float16' }
// @ts-expect-error storage dtypes are float32, float64, float16 or bfloat16
const badTag: TensorLike = { data: new Uint16Array(2), shape: [1, 2], dtype: 'int16' }
void [value, sparse, tagged, badTag]
