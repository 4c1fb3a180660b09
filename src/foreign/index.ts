import { readArrow } from './arrow'
import type { ForeignTensor } from './foreign-tensor'
import { readOrt } from './ort'
import { readTfjs } from './tfjs'

export type { ForeignTensor } from './foreign-tensor'

/**
 * A tensor of TensorFlow.js, ONNX Runtime or Apache Arrow, recognised by its shape of
 * properties (the package depends on none of them), read into `{ data, shape, dtype }`;
 * undefined for anything else. Recognition asks `in` only: no getter runs for a value
 * that is not one of these.
 */
export function readForeign(value: object, arg: string): ForeignTensor | undefined {
  if ('dataSync' in value) return readTfjs(value, arg)
  if ('dims' in value) return readOrt(value, arg)
  if ('type' in value && 'data' in value && !('shape' in value)) return readArrow(value, arg)
  return undefined
}
