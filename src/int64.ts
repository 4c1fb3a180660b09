import { LossInputError } from './errors'
import { halfOf, widenHalf } from './half'
import { reinterpret, typedArrayKind, typedLength } from './typed-array'
import type { NumberArray, NumericArray } from './types'

/** Index of the high 32-bit word of a 64-bit element within its pair of words. */
const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0
const LOW = 1 - HIGH
/** 2^53 / 2^32: the high word of ±2^53, the largest magnitudes a number holds exactly. */
const LIMIT_HIGH = 2 ** 21

/**
 * 64-bit integers are read as numbers, which hold them exactly within ±2^53; anything
 * beyond is refused, naming the first such position (counted from `first`). The scan reads the high words as
 * 32-bit integers, which costs a fraction of reading each element as a BigInt.
 */
export function checkInt64Range(array: BigInt64Array | BigUint64Array, arg: string, first = 0): void {
  const n = typedLength(array)
  if (n === 0) return
  const signed = typedArrayKind(array) === 'BigInt64Array'
  const words = reinterpret<Int32Array | Uint32Array>(array, signed ? Int32Array : Uint32Array, 2 * n)
  for (let i = 0; i < n; i++) {
    const high = words[2 * i + HIGH]!
    const inside = high < LIMIT_HIGH ? !signed || high >= -LIMIT_HIGH : high === LIMIT_HIGH && words[2 * i + LOW] === 0
    if (!inside) {
      throw new LossInputError(
        'ERR_INVALID_TYPE',
        `${arg}: element ${first + i} is ${array[i]!}, beyond ±2^53, where 64-bit integers stop being exact as numbers`,
      )
    }
  }
}

/**
 * The array's elements as numbers: the array itself, or a widened copy for 64-bit integers
 * (checked by `checkInt64Range`; float64) and half-precision bits (float32, exact).
 */
export function asNumbers(array: NumericArray): NumberArray {
  const half = halfOf(array)
  if (half !== undefined) return widenHalf(array as Uint16Array, half)
  const kind = typedArrayKind(array)
  if (kind !== 'BigInt64Array' && kind !== 'BigUint64Array') return array as NumberArray
  const n = typedLength(array)
  const numbers = new Float64Array(n)
  for (let i = 0; i < n; i++) numbers[i] = Number(array[i]!)
  return numbers
}
