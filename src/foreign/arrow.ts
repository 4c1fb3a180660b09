import { LossInputError, describe } from '../errors'
import { intrinsicView, slice, typedArrayKind, typedLength } from '../typed-array'
import type { NumericArray } from '../types'
import type { ForeignTensor } from './foreign-tensor'

/** Arrow's type ids (apache-arrow's `Type` enum) by number, for error messages. */
const TYPE_NAMES = [
  'NONE', 'Null', 'Int', 'Float', 'Binary', 'Utf8', 'Bool', 'Decimal', 'Date', 'Time', 'Timestamp',
  'Interval', 'List', 'Struct', 'Union', 'FixedSizeBinary', 'FixedSizeList', 'Map', 'Duration',
  'LargeBinary', 'LargeUtf8',
]
const INT = 2
const FLOAT = 3
const FIXED_SIZE_LIST = 16

/** Arrow's float precisions (HALF, SINGLE, DOUBLE) as the arrays apache-arrow holds them in. */
const FLOAT_KINDS = ['Uint16Array', 'Float32Array', 'Float64Array']
const INT_KINDS = new Map<string, string>([
  ['true8', 'Int8Array'],
  ['true16', 'Int16Array'],
  ['true32', 'Int32Array'],
  ['true64', 'BigInt64Array'],
  ['false8', 'Uint8Array'],
  ['false16', 'Uint16Array'],
  ['false32', 'Uint32Array'],
  ['false64', 'BigUint64Array'],
])

interface ArrowType {
  typeId?: unknown
  precision?: unknown
  bitWidth?: unknown
  isSigned?: unknown
  listSize?: unknown
  children?: unknown
}

interface ArrowData {
  length?: unknown
  offset?: unknown
  values?: unknown
  nullCount?: unknown
  nullBitmap?: unknown
  children?: unknown
}

/** The element type of a numeric Arrow type: the array kind of its values, and whether they are float16 bits. */
interface Element {
  kind: string
  half: boolean
}

function typeName(typeId: unknown): string {
  if (typeId === -1) return 'Dictionary'
  return typeof typeId === 'number' && Number.isInteger(typeId) && typeId >= 0 && typeId < TYPE_NAMES.length ? TYPE_NAMES[typeId]! : `with type id ${describe(typeId)}`
}

function unsupported(typeId: unknown, arg: string): LossInputError {
  return new LossInputError(
    'ERR_INVALID_TYPE',
    `${arg}: an Arrow vector of type ${typeName(typeId)}; expected Float16, Float32, Float64, Int or Uint (8 to 64 bit), or a FixedSizeList of one of them`,
  )
}

function numericElement(type: ArrowType, typeId: unknown, arg: string): Element {
  if (typeId === FLOAT) {
    const kind = FLOAT_KINDS[type.precision as number]
    if (kind !== undefined) return { kind, half: kind === 'Uint16Array' }
  } else if (typeId === INT) {
    const kind = INT_KINDS.get(`${String(type.isSigned === true)}${String(type.bitWidth)}`)
    if (kind !== undefined) return { kind, half: false }
  }
  throw unsupported(typeId, arg)
}

/** The element type of a vector, and C for a FixedSizeList<element>[C]. */
function layoutOf(type: ArrowType, arg: string): { element: Element; size: number | undefined } {
  const { typeId } = type
  if (typeId !== FIXED_SIZE_LIST) return { element: numericElement(type, typeId, arg), size: undefined }
  const { listSize, children } = type
  const size = checkCount(listSize, 'list size', arg)
  const field: unknown = Array.isArray(children) ? children[0] : undefined
  const childType: unknown = typeof field === 'object' && field !== null ? (field as { type?: unknown }).type : undefined
  if (typeof childType !== 'object' || childType === null) throw unsupported(FIXED_SIZE_LIST, arg)
  const child = childType as ArrowType
  return { element: numericElement(child, child.typeId, arg), size }
}

function checkCount(value: unknown, what: string, arg: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: the Arrow data's ${what} is ${describe(value)}, expected a non-negative integer`)
  }
  return value as number
}

/**
 * The first null among `length` entries starting at bit `offset` of Arrow's validity
 * bitmap, or -1. A count of 0 means no nulls whatever the bitmap holds, as in Arrow.
 */
function firstNull(nullCount: unknown, bitmap: unknown, offset: number, length: number, arg: string): number {
  if (nullCount === 0) return -1
  const bits = typedArrayKind(bitmap) === 'Uint8Array' ? (intrinsicView(bitmap as Uint8Array, 'Uint8Array') as Uint8Array | undefined) : undefined
  if (bits !== undefined && typedLength(bits) > 0) {
    for (let i = 0; i < length; i++) {
      const bit = offset + i
      if (((bits[bit >> 3] ?? 0) & (1 << (bit & 7))) === 0) return i
    }
  }
  if (typeof nullCount === 'number' && nullCount > 0) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: the Arrow vector reports ${nullCount} nulls; nulls are refused (fill or drop them first)`)
  }
  return -1
}

function refuseNull(row: number, arg: string, element?: number): never {
  const where = element === undefined ? `row ${row} is null` : `row ${row} holds a null (element ${element})`
  throw new LossInputError('ERR_INVALID_TYPE', `${arg}: ${where}; Arrow vectors with nulls are refused (fill or drop them first)`)
}

/** The first `count` values of a chunk, as a built-in view in place. */
function valuesOf(values: unknown, element: Element, count: number, arg: string): NumericArray {
  const kind = typedArrayKind(values)
  const view = kind === element.kind ? intrinsicView(values as NumericArray, kind) : undefined
  if (view === undefined || typedLength(view) < count) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: the Arrow data's values are ${describe(values)}, expected a ${element.kind} of at least ${count} elements`)
  }
  return slice(view, 0, count)
}

/** A flat chunk: `length` values, refused at its first null; `first` is the vector's row of its first. */
function flatValues(chunk: ArrowData, element: Element, first: number, arg: string): { values: NumericArray; length: number } {
  const { length, offset, values, nullCount, nullBitmap } = chunk
  const n = checkCount(length, 'length', arg)
  const start = checkCount(offset, 'offset', arg)
  const data = valuesOf(values, element, n, arg)
  const row = firstNull(nullCount, nullBitmap, start, n, arg)
  if (row >= 0) refuseNull(first + row, arg)
  return { values: data, length: n }
}

/** A FixedSizeList chunk: `length` rows of `size` values, refused at its first null row or value. */
function listValues(chunk: ArrowData, element: Element, size: number, first: number, arg: string): { values: NumericArray; length: number } {
  const { length, offset, nullCount, nullBitmap, children } = chunk
  const rows = checkCount(length, 'length', arg)
  const start = checkCount(offset, 'offset', arg)
  const row = firstNull(nullCount, nullBitmap, start, rows, arg)
  if (row >= 0) refuseNull(first + row, arg)
  const child: unknown = Array.isArray(children) ? children[0] : undefined
  if (typeof child !== 'object' || child === null) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: the Arrow FixedSizeList data has no child data, received ${describe(child)}`)
  }
  // The child's elements are counted from the list's first row (apache-arrow slices both together).
  const { length: childLength, offset: childOffset, values, nullCount: childNulls, nullBitmap: childBitmap } = child as ArrowData
  checkCount(childLength, 'child length', arg)
  const childStart = checkCount(childOffset, 'child offset', arg)
  const data = valuesOf(values, element, rows * size, arg)
  const at = firstNull(childNulls, childBitmap, childStart, rows * size, arg)
  if (at >= 0) refuseNull(first + Math.floor(at / size), arg, at % size)
  return { values: data, length: rows }
}

/**
 * An Apache Arrow `Vector`: rank 1 for a numeric type, `[length, C]` for a
 * FixedSizeList of C numbers, read in place: one chunk as its values, several as the
 * spans of their values (empty chunks left out), never joined.
 */
export function readArrow(vector: { type?: unknown; data?: unknown }, arg: string): ForeignTensor {
  const { type, data: chunks } = vector
  if (typeof type !== 'object' || type === null || !Array.isArray(chunks)) {
    throw new LossInputError(
      'ERR_INVALID_TYPE',
      `${arg}: an object with type and data but no shape is read as an Arrow vector and needs a type object and an array of data chunks; received type ${describe(type)}, data ${describe(chunks)}`,
    )
  }
  const { element, size } = layoutOf(type as ArrowType, arg)
  const count = chunks.length
  if (count === 0) {
    const empty = element.kind === 'Float64Array' ? new Float64Array(0) : new Float32Array(0)
    return { data: empty, shape: size === undefined ? [0] : [0, size] }
  }
  const spans: NumericArray[] = []
  let length = 0
  let first: NumericArray | undefined
  for (let k = 0; k < count; k++) {
    const chunk: unknown = chunks[k]
    if (typeof chunk !== 'object' || chunk === null) {
      throw new LossInputError('ERR_INVALID_TYPE', `${arg}: the Arrow vector's chunk ${k} is ${describe(chunk)}, expected Arrow data`)
    }
    const read = size === undefined ? flatValues(chunk, element, length, arg) : listValues(chunk, element, size, length, arg)
    first ??= read.values
    if (typedLength(read.values) > 0) spans.push(read.values)
    length += read.length
  }
  const data = spans.length > 1 ? spans : (spans[0] ?? first!)
  const shape = size === undefined ? [length] : [length, size]
  return { data, shape, ...(spans.length > 1 ? { chunked: true } : {}), ...(element.half ? { dtype: 'float16' } : {}) }
}
