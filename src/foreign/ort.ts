import { LossInputError, describe } from '../errors'
import { typedArrayKind } from '../typed-array'
import type { ForeignTensor } from './foreign-tensor'

/** The typed arrays that hold each ONNX Runtime tensor type the losses read. */
const KINDS = new Map<string, readonly string[]>([
  ['float32', ['Float32Array']],
  ['float64', ['Float64Array']],
  ['int8', ['Int8Array']],
  ['uint8', ['Uint8Array']],
  ['int16', ['Int16Array']],
  ['uint16', ['Uint16Array']],
  ['int32', ['Int32Array']],
  ['uint32', ['Uint32Array']],
  ['int64', ['BigInt64Array']],
  ['uint64', ['BigUint64Array']],
  ['bool', ['Uint8Array']],
  // onnxruntime stores float16 as a Uint16Array of bits, or a Float16Array where the runtime has one.
  ['float16', ['Uint16Array', 'Float16Array']],
])

/** Where a tensor's data can be read synchronously; 'none' means disposed. */
const ON_CPU: readonly unknown[] = [undefined, 'cpu', 'cpu-pinned']

interface OrtFields {
  dims?: unknown
  type?: unknown
  location?: unknown
  data?: unknown
}

/** An ONNX Runtime tensor: `dims` are its shape, `data` is read in place. Each property is read once. */
export function readOrt(tensor: OrtFields, arg: string): ForeignTensor {
  const { dims, type, location } = tensor
  if (typeof type !== 'string' || !Array.isArray(dims)) {
    throw new LossInputError(
      'ERR_INVALID_TYPE',
      `${arg}: an object with dims is read as an ONNX Runtime tensor and needs array dims and a string type; received dims ${describe(dims)}, type ${describe(type)}`,
    )
  }
  if (location === 'none') throw new LossInputError('ERR_INVALID_TYPE', `${arg}: the ONNX Runtime tensor is disposed`)
  if (!ON_CPU.includes(location)) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: the ONNX Runtime tensor's data is on ${describe(location)}, not the CPU; pass the result of \`await tensor.getData()\` instead`)
  }
  const kinds = KINDS.get(type)
  if (kinds === undefined) {
    throw new LossInputError(
      'ERR_INVALID_TYPE',
      `${arg}: an ONNX Runtime tensor of type ${describe(type)}; expected float16, float32, float64, (u)int8, (u)int16, (u)int32, (u)int64 or bool`,
    )
  }
  const data = tensor.data
  const kind = typedArrayKind(data)
  if (kind === undefined || !kinds.includes(kind)) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: the data of a '${type}' ONNX Runtime tensor is ${describe(data)}, expected a ${kinds.join(' or ')}`)
  }
  return type === 'float16' ? { data, shape: dims, dtype: 'float16' } : { data, shape: dims }
}
