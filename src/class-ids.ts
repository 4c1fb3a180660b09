import { LossInputError, describe } from './errors'
import { float16Values, halfOf, halfValue, type Half } from './half'
import { eachSpan, isSpans, type Data } from './spans'
import { typedArrayKind, typedLength } from './typed-array'
import type { NumericArray } from './types'

/**
 * Every id is an integer in [0, classes): the position and value of the first that is not
 * are named. Spans are checked one after another.
 */
export function checkIds(ids: Data, rows: number, classes: number, first = 0): void {
  const whole = halfOf(ids)
  eachSpan(ids, (span, start) => {
    const n = isSpans(ids) ? Math.min(typedLength(span), rows - start) : rows
    const bad = firstBadId(span, n, classes, whole ?? halfOf(span))
    if (bad >= 0) throw idRangeError(ids, start + bad, classes, first)
  })
}

/**
 * The ERR_LABEL_RANGE error naming id `index` of `ids` (`first + index` in the caller's
 * numbering) and its value: thrown by `checkIds`, and by the native backend for the first
 * bad id its pass met (see native/backend.ts).
 */
export function idRangeError(ids: Data, index: number, classes: number, first = 0): LossInputError {
  let id = NaN
  const whole = halfOf(ids)
  eachSpan(ids, (span, start) => {
    const at = index - start
    if (at < 0 || at >= typedLength(span)) return
    const half = whole ?? halfOf(span)
    id = half === undefined ? Number(span[at]!) : halfValue(span[at] as number, half)
  })
  return new LossInputError('ERR_LABEL_RANGE', `yTrue: the class id at index ${first + index} is ${describe(id)}; expected an integer from 0 to ${classes - 1}`)
}

/**
 * The index of the first of the `rows` ids that is not an integer in [0, classes), or -1.
 * One loop per element type, each reading one kind of array only, so that it stays
 * monomorphic and costs a fraction of the loss's own pass over the ids.
 */
function firstBadId(ids: NumericArray, rows: number, classes: number, half: Half | undefined): number {
  if (half !== undefined) return firstBadHalf(ids as Uint16Array, rows, classes, half)
  switch (typedArrayKind(ids)) {
    case 'Int32Array':
      return firstBadInt32(ids as Int32Array, rows, classes)
    case 'Uint8Array':
      return firstBadUint8(ids as Uint8Array, rows, classes)
    case 'Float64Array':
      return firstBadFloat64(ids as Float64Array, rows, classes)
    case 'Float32Array':
      return firstBadFloat32(ids as Float32Array, rows, classes)
    case 'Int8Array':
      return firstBadInt8(ids as Int8Array, rows, classes)
    case 'Int16Array':
      return firstBadInt16(ids as Int16Array, rows, classes)
    case 'Uint16Array':
      return firstBadUint16(ids as Uint16Array, rows, classes)
    case 'Uint32Array':
      return firstBadUint32(ids as Uint32Array, rows, classes)
    default:
      // 64-bit integers, within ±2^53 (parsing refused the others): exact as numbers.
      return firstBadBigInt(ids as BigInt64Array | BigUint64Array, rows, classes)
  }
}

/** The common id type: eight ids per branch, as `id | (top - id)` is negative exactly for the ids outside [0, top]. */
function firstBadInt32(ids: Int32Array, rows: number, classes: number): number {
  let i = 0
  if (classes <= 2 ** 31) {
    const top = classes - 1
    for (; i + 8 <= rows; i += 8) {
      const a = ids[i]! | (top - ids[i]!) | ids[i + 1]! | (top - ids[i + 1]!) | ids[i + 2]! | (top - ids[i + 2]!) | ids[i + 3]! | (top - ids[i + 3]!)
      const b = ids[i + 4]! | (top - ids[i + 4]!) | ids[i + 5]! | (top - ids[i + 5]!) | ids[i + 6]! | (top - ids[i + 6]!) | ids[i + 7]! | (top - ids[i + 7]!)
      if ((a | b) < 0) break
    }
  }
  for (; i < rows; i++) {
    const id = ids[i]!
    if (!(id >= 0 && id < classes)) return i
  }
  return -1
}

function firstBadUint8(ids: Uint8Array, rows: number, classes: number): number {
  for (let i = 0; i < rows; i++) if (!(ids[i]! < classes)) return i
  return -1
}

function firstBadFloat64(ids: Float64Array, rows: number, classes: number): number {
  for (let i = 0; i < rows; i++) {
    const id = ids[i]!
    if (!(Number.isInteger(id) && id >= 0 && id < classes)) return i
  }
  return -1
}

function firstBadFloat32(ids: Float32Array, rows: number, classes: number): number {
  for (let i = 0; i < rows; i++) {
    const id = ids[i]!
    if (!(Number.isInteger(id) && id >= 0 && id < classes)) return i
  }
  return -1
}

function firstBadInt8(ids: Int8Array, rows: number, classes: number): number {
  for (let i = 0; i < rows; i++) {
    const id = ids[i]!
    if (!(id >= 0 && id < classes)) return i
  }
  return -1
}

function firstBadInt16(ids: Int16Array, rows: number, classes: number): number {
  for (let i = 0; i < rows; i++) {
    const id = ids[i]!
    if (!(id >= 0 && id < classes)) return i
  }
  return -1
}

function firstBadUint16(ids: Uint16Array, rows: number, classes: number): number {
  for (let i = 0; i < rows; i++) if (!(ids[i]! < classes)) return i
  return -1
}

function firstBadUint32(ids: Uint32Array, rows: number, classes: number): number {
  for (let i = 0; i < rows; i++) if (!(ids[i]! < classes)) return i
  return -1
}

function firstBadHalf(bits: Uint16Array, rows: number, classes: number, half: Half): number {
  if (half === 'float16') {
    const values = float16Values()
    for (let i = 0; i < rows; i++) {
      const id = values[bits[i]!]!
      if (!(Number.isInteger(id) && id >= 0 && id < classes)) return i
    }
    return -1
  }
  for (let i = 0; i < rows; i++) {
    const id = halfValue(bits[i]!, half)
    if (!(Number.isInteger(id) && id >= 0 && id < classes)) return i
  }
  return -1
}

function firstBadBigInt(ids: BigInt64Array | BigUint64Array, rows: number, classes: number): number {
  const limit = BigInt(classes)
  for (let i = 0; i < rows; i++) {
    const id = ids[i]!
    if (!(id >= 0n && id < limit)) return i
  }
  return -1
}
