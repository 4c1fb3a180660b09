import { LossInputError, describe } from './errors'
import type { DType, NumericArray, Tensor } from './types'
import { checkedSize } from './shape'
import { readForeign, type ForeignTensor } from './foreign'
import { tagHalf } from './half'
import type { Data } from './spans'
import { asNumbers, checkInt64Range } from './int64'
import { inPlaceOrView, intrinsicView, isSupportedKind, typedArrayKind, typedLength } from './typed-array'

/** A tensor-like resolved to row-major data and a shape; typed arrays are kept as given. */
export interface Parsed {
  /** One typed array, or the spans of a chunked Arrow vector (spans.ts). */
  data: Data
  shape: number[]
  /** The caller's data was a Float64Array: a loss function then computes in float64. */
  float64: boolean
}

/** NumPy's limit on dimensions: deeper nesting is refused rather than walked. */
export const MAX_RANK = 64

const SUPPORTED_LIST =
  'a number, nested arrays of numbers, a Float32Array, Float64Array, (U)Int8Array, (U)Int16Array, (U)Int32Array, BigInt64Array, BigUint64Array, or {data, shape}'

function checkRankLimit(rank: number, arg: string): void {
  if (rank > MAX_RANK) {
    throw new LossInputError('ERR_INVALID_SHAPE', `${arg}: expected at most ${MAX_RANK} dimensions (NumPy's limit), received ${rank}`)
  }
}

/**
 * A supported typed array as the package reads it: a built-in view of the same memory
 * (see `intrinsicView`), or with `inPlace` the array itself where that reads the same
 * (see `inPlaceOrView`), its 64-bit integers checked to be exact as numbers (positions
 * named from `first`); a refusal otherwise. `field` names where it is in `arg`.
 */
function asNumericArray(value: unknown, kind: string, arg: string, field = '', first = 0, inPlace = false): NumericArray {
  if (!isSupportedKind(kind)) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}${field}: expected ${SUPPORTED_LIST}, received a ${kind}`)
  }
  const view = inPlace ? inPlaceOrView(value as NumericArray, kind) : intrinsicView(value as NumericArray, kind)
  if (view === undefined) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}${field}: expected a typed array, received one whose buffer is detached`)
  }
  if (kind === 'BigInt64Array' || kind === 'BigUint64Array') checkInt64Range(view as BigInt64Array | BigUint64Array, `${arg}${field}`, first)
  if (kind === 'Float16Array') tagHalf(view as Uint16Array, 'float16')
  return view
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number'
}

/** Shape of rectangular nested arrays, from their first elements (checked when flattened). */
function inferShape(value: unknown[]): number[] {
  const shape: number[] = []
  let current: unknown = value
  for (;;) {
    if (Array.isArray(current)) {
      shape.push(current.length)
      if (current.length === 0 || shape.length > MAX_RANK) return shape
      current = current[0]
    } else {
      const kind = typedArrayKind(current)
      if (kind !== undefined && isSupportedKind(kind)) shape.push(typedLength(current as NumericArray))
      return shape
    }
  }
}

function flattenNested(value: unknown[], arg: string): Parsed {
  const shape = inferShape(value)
  checkRankLimit(shape.length, arg)
  checkedSize(shape, arg)
  // A plain array that grows as values are read: a huge sparse array is refused at its
  // first hole instead of first allocating its full size.
  const values: number[] = []
  const visit = (node: unknown, depth: number, path: string): void => {
    const expected = shape[depth]!
    const last = depth === shape.length - 1
    if (Array.isArray(node)) {
      if (node.length !== expected) {
        throw new LossInputError('ERR_RAGGED_ARRAY', `${arg}: nested arrays must be rectangular; ${path} has length ${node.length}, expected ${expected}`)
      }
      for (let i = 0; i < expected; i++) {
        if (!(i in node)) {
          throw new LossInputError('ERR_INVALID_TYPE', `${arg}: expected a number at ${path}[${i}], received a hole (sparse array)`)
        }
        const child: unknown = node[i]
        if (last) {
          if (!isNumber(child)) {
            const childKind = typedArrayKind(child)
            if (childKind !== undefined && !isSupportedKind(childKind)) asNumericArray(child, childKind, `${arg} at ${path}[${i}]`)
            if (Array.isArray(child) || childKind !== undefined) {
              throw new LossInputError('ERR_RAGGED_ARRAY', `${arg}: nested arrays must be rectangular; ${path}[${i}] is an array where a number was expected`)
            }
            throw new LossInputError('ERR_INVALID_TYPE', `${arg}: expected a number at ${path}[${i}], received ${describe(child)}`)
          }
          values.push(child)
        } else {
          visit(child, depth + 1, `${path}[${i}]`)
        }
      }
      return
    }
    const kind = depth < shape.length ? typedArrayKind(node) : undefined
    if (kind !== undefined) {
      const row = asNumericArray(node, kind, `${arg} at ${path}`)
      const length = typedLength(row)
      if (!last || length !== expected) {
        throw new LossInputError('ERR_RAGGED_ARRAY', `${arg}: nested arrays must be rectangular; ${path} is a ${kind} of length ${length}`)
      }
      const numbers = asNumbers(row)
      for (let i = 0; i < length; i++) values.push(numbers[i]!)
      return
    }
    if (isNumber(node) || node === undefined || Array.isArray(node)) {
      throw new LossInputError('ERR_RAGGED_ARRAY', `${arg}: nested arrays must be rectangular; ${path} is ${describe(node)} where an array of length ${expected} was expected`)
    }
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: expected an array at ${path}, received ${describe(node)}`)
  }
  visit(value, 0, arg)
  return { data: Float64Array.from(values), shape, float64: false }
}

/**
 * Reads each entry once (a getter runs once) into a growing plain array, so a huge sparse
 * array is refused at its first hole instead of first allocating its full length.
 */
function numbersToFloat64(values: unknown[], arg: string): Float64Array {
  const n = values.length
  const numbers: number[] = []
  for (let i = 0; i < n; i++) {
    if (!(i in values)) {
      throw new LossInputError('ERR_INVALID_TYPE', `${arg}.data: expected a number at index ${i}, received a hole (sparse array)`)
    }
    const v: unknown = values[i]
    if (!isNumber(v)) {
      throw new LossInputError('ERR_INVALID_TYPE', `${arg}.data: expected a number at index ${i}, received ${describe(v)}`)
    }
    numbers.push(v)
  }
  return Float64Array.from(numbers)
}

function parseShape(shape: unknown, arg: string): number[] {
  if (!Array.isArray(shape)) {
    throw new LossInputError('ERR_INVALID_SHAPE', `${arg}.shape: expected an array of non-negative integers, received ${describe(shape)}`)
  }
  // The length is read once, so that the rank checked is the rank walked whatever a Proxy
  // answers, and the copy is allocated at its size (pushes grow it, and a tiny call spends
  // measurably on garbage).
  const rank: unknown = shape.length
  if (!Number.isSafeInteger(rank) || (rank as number) < 0) {
    throw new LossInputError('ERR_INVALID_SHAPE', `${arg}.shape: expected an array of non-negative integers, received one of length ${describe(rank)}`)
  }
  checkRankLimit(rank as number, arg)
  const dims = new Array<number>(rank as number)
  for (let i = 0; i < dims.length; i++) {
    const d: unknown = shape[i]
    if (!Number.isSafeInteger(d) || (d as number) < 0) {
      throw new LossInputError('ERR_INVALID_SHAPE', `${arg}.shape[${i}]: expected a non-negative safe integer, received ${describe(d)}`)
    }
    dims[i] = (d as number) + 0 // -0 becomes 0
  }
  return dims
}

const TAGS: Record<string, readonly string[]> = {
  float32: ['Float32Array'],
  float64: ['Float64Array'],
  float16: ['Uint16Array', 'Float16Array'],
  bfloat16: ['Uint16Array'],
}

/**
 * A storage tag checked against the data it describes: it may name the array's own type,
 * or say that a Uint16Array holds half-precision bits; the view is then tagged (half.ts).
 */
function applyTag(tag: unknown, data: NumericArray, kind: string | undefined, arg: string): boolean {
  const kinds = typeof tag === 'string' && Object.hasOwn(TAGS, tag) ? TAGS[tag]! : undefined
  if (kinds === undefined) {
    throw new LossInputError('ERR_INVALID_DTYPE', `${arg}.dtype: expected 'float32', 'float64', 'float16' or 'bfloat16', received ${describe(tag)}`)
  }
  // Numbers from a plain array may be tagged with a compute dtype; half bits need a Uint16Array.
  const fits = kind === undefined ? tag === 'float32' || tag === 'float64' : kinds.includes(kind)
  if (!fits) {
    throw new LossInputError('ERR_INVALID_DTYPE', `${arg}.dtype: '${tag as string}' does not describe ${kind === undefined ? 'an array of numbers' : `a ${kind}`}`)
  }
  if (tag === 'float16' || tag === 'bfloat16') tagHalf(data as Uint16Array, tag)
  return tag === 'float64'
}

function parseDataShape(value: { data?: unknown; shape?: unknown; dtype?: unknown }, arg: string, inPlace = false): Parsed {
  const shape = parseShape(value.shape, arg)
  const size = checkedSize(shape, arg)
  const raw = value.data
  const tag = value.dtype
  let data: NumericArray
  let float64 = false
  const kind = typedArrayKind(raw)
  if (kind !== undefined) {
    // The argument's name is joined only for a message: a tiny call should not build strings.
    data = asNumericArray(raw, kind, arg, '.data', 0, inPlace)
    float64 = kind === 'Float64Array'
  } else if (Array.isArray(raw)) {
    data = numbersToFloat64(raw, arg)
  } else {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}.data: expected a typed array or an array of numbers, received ${describe(raw)}`)
  }
  const length = typedLength(data)
  if (length !== size) {
    throw new LossInputError('ERR_LENGTH_MISMATCH', `${arg}: data has ${length} elements but shape [${shape.join(', ')}] needs ${size}`)
  }
  if (tag !== undefined && tag !== null) float64 = applyTag(tag, data, kind, arg) || float64
  return { data, shape, float64 }
}

/**
 * The chunks of an Arrow vector (see foreign/arrow.ts): each validated as a typed array
 * is, kept in place and in order as the spans of one input.
 */
function parseChunked(value: ForeignTensor, arg: string): Parsed {
  const shape = parseShape(value.shape, arg)
  const size = checkedSize(shape, arg)
  const chunks = value.data as readonly unknown[]
  const kind = typedArrayKind(chunks[0])!
  const spans: NumericArray[] = []
  let length = 0
  for (const chunk of chunks) {
    const span = asNumericArray(chunk, kind, arg, '.data', length)
    if (value.dtype !== undefined) applyTag(value.dtype, span, kind, arg)
    spans.push(span)
    length += typedLength(span)
  }
  if (length !== size) {
    throw new LossInputError('ERR_LENGTH_MISMATCH', `${arg}: data has ${length} elements but shape [${shape.join(', ')}] needs ${size}`)
  }
  if (value.dtype !== undefined) tagHalf(spans as Uint16Array[], value.dtype)
  return { data: spans, shape, float64: kind === 'Float64Array' }
}

/**
 * Resolves any TensorLike (see the types) or refuses it with a LossInputError. `inPlace`:
 * the caller's own typed array may be the data (see `inPlaceOrView`), for data that is only
 * read by index and through typed-array.ts, as a job's inputs are (see job.ts).
 */
export function parseTensorLike(value: unknown, arg: string, inPlace = false): Parsed {
  if (isNumber(value)) return { data: Float64Array.of(value), shape: [], float64: false }
  if (Array.isArray(value)) return flattenNested(value, arg)
  const kind = typedArrayKind(value)
  if (kind !== undefined) {
    const data = asNumericArray(value, kind, arg, '', 0, inPlace)
    return { data, shape: [typedLength(data)], float64: kind === 'Float64Array' }
  }
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    const foreign = readForeign(value, arg)
    if (foreign !== undefined) return foreign.chunked === true ? parseChunked(foreign, arg) : parseDataShape(foreign, arg, inPlace)
    if ('data' in value) return parseDataShape(value as { data?: unknown; shape?: unknown }, arg, inPlace)
  }
  throw new LossInputError('ERR_INVALID_TYPE', `${arg}: expected ${SUPPORTED_LIST}, received ${describe(value)}`)
}

/**
 * Makes a Tensor. A Float32Array or Float64Array is kept as its data; other typed arrays
 * and number arrays are converted to float32, as TensorFlow.js does by default.
 */
export function tensor(data: NumericArray | number[], shape?: readonly number[]): Tensor {
  const dims = shape === undefined ? [dataLength(data)] : shape
  const parsed = parseDataShape({ data, shape: dims }, 'tensor')
  const kind = typedArrayKind(data)
  if (kind === 'Float32Array' || kind === 'Float64Array') {
    // The caller's own array, as the contract says; it was validated just above.
    const floats = data as Float32Array | Float64Array
    return { data: floats, shape: parsed.shape, dtype: kind === 'Float64Array' ? 'float64' : 'float32' }
  }
  return { data: Float32Array.from(parsed.data as ArrayLike<number | bigint>, Number), shape: parsed.shape, dtype: 'float32' satisfies DType }
}

function dataLength(data: unknown): number {
  if (Array.isArray(data)) return data.length
  if (typedArrayKind(data) !== undefined) return typedLength(data as NumericArray)
  throw new LossInputError('ERR_INVALID_TYPE', `tensor: expected a typed array or an array of numbers, received ${describe(data)}`)
}
