import type { Half } from '../half'
import type { Spans } from '../spans'
import { typedArrayKind, typedLength } from '../typed-array'
import type { ArrowVectorLike } from '../types'

const INT = 2
const FLOAT = 3
const FIXED_SIZE_LIST = 16

/** The Arrow type (as readArrow reads it) of each element kind spans can have. */
const TYPES: Record<string, object> = {
  Float32Array: { typeId: FLOAT, precision: 1 },
  Float64Array: { typeId: FLOAT, precision: 2 },
  Int8Array: { typeId: INT, bitWidth: 8, isSigned: true },
  Int16Array: { typeId: INT, bitWidth: 16, isSigned: true },
  Int32Array: { typeId: INT, bitWidth: 32, isSigned: true },
  BigInt64Array: { typeId: INT, bitWidth: 64, isSigned: true },
  Uint8Array: { typeId: INT, bitWidth: 8, isSigned: false },
  Uint16Array: { typeId: INT, bitWidth: 16, isSigned: false },
  Uint32Array: { typeId: INT, bitWidth: 32, isSigned: false },
  BigUint64Array: { typeId: INT, bitWidth: 64, isSigned: false },
}

/** The spans each Arrow-shaped object made here holds, for the transfer lists of workers (see workers/transfer.ts). */
const made = new WeakMap<object, Spans>()

/** The spans of an object `arrowLike` made, or undefined for any other value. */
export const spansOfArrowLike = (value: unknown): Spans | undefined => (typeof value === 'object' && value !== null ? made.get(value) : undefined)

const chunkOf = (values: ArrayBufferView, length: number): object => ({ length, offset: 0, nullCount: 0, values })

/**
 * Spans as the plain, Arrow-shaped object that `readArrow` reads back into the same
 * spans: how spans travel where a TensorLike must (a batch cut from a data set, a
 * message to a worker, which structured cloning copies as it is). `shape` is `[n]` or
 * `[n, C]`, as Arrow vectors have, and each span holds whole rows; spans only ever come
 * from Arrow vectors of float16 (Uint16Array bits), 32- and 64-bit floats, or integers.
 */
export function arrowLike(spans: Spans, shape: readonly number[], half: Half | undefined): ArrowVectorLike {
  const element = half === 'float16' ? { typeId: FLOAT, precision: 0 } : TYPES[typedArrayKind(spans[0])!]!
  const size = shape[1]
  const vector: ArrowVectorLike =
    size === undefined
      ? { type: element as ArrowVectorLike['type'], data: spans.map((span) => chunkOf(span, typedLength(span))) }
      : {
          type: { typeId: FIXED_SIZE_LIST, listSize: size, children: [{ type: element }] } as ArrowVectorLike['type'],
          data: spans.map((span) => ({ length: typedLength(span) / size, offset: 0, nullCount: 0, children: [chunkOf(span, typedLength(span))] })),
        }
  made.set(vector, spans)
  return vector
}
