import { LossInputError, describe } from '../errors'
import { typedArrayKind } from '../typed-array'
import type { ForeignTensor } from './foreign-tensor'

/** What `dataSync()` returns for each dtype with real values (a bool tensor holds 0 and 1). */
const KINDS = new Map<string, string>([
  ['float32', 'Float32Array'],
  ['int32', 'Int32Array'],
  ['bool', 'Uint8Array'],
])

interface TfjsFields {
  dataSync?: unknown
  dtype?: unknown
  shape?: unknown
  isDisposed?: unknown
}

/**
 * A TensorFlow.js tensor: its shape, and its values from `dataSync()` (on the CPU backend
 * the tensor's own buffer, so nothing is copied). Each property is read once.
 */
export function readTfjs(tensor: TfjsFields, arg: string): ForeignTensor {
  const { dataSync, dtype, shape, isDisposed } = tensor
  if (typeof dataSync !== 'function' || typeof dtype !== 'string' || !Array.isArray(shape)) {
    throw new LossInputError(
      'ERR_INVALID_TYPE',
      `${arg}: an object with dataSync is read as a TensorFlow.js tensor and needs an array shape, a string dtype and a dataSync() method; received dataSync ${describe(dataSync)}, dtype ${describe(dtype)}`,
    )
  }
  if (isDisposed === true) throw new LossInputError('ERR_INVALID_TYPE', `${arg}: the TensorFlow.js tensor is disposed`)
  const expected = KINDS.get(dtype)
  if (expected === undefined) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: a TensorFlow.js tensor of dtype ${describe(dtype)}; expected 'float32', 'int32' or 'bool'`)
  }
  const data: unknown = Reflect.apply(dataSync, tensor, [])
  const kind = typedArrayKind(data)
  if (kind !== expected) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: dataSync() of a '${dtype}' TensorFlow.js tensor returned ${describe(data)}, expected a ${expected}`)
  }
  return { data, shape }
}
