import { widenHalf } from '../half'
import type { NumberArray } from '../types'

/** Where 64-bit integers are converted to, reused from one chunk to the next. */
export interface Scratch {
  floats?: Float64Array
}

/** A supported element type: its size and how raw little-endian bytes become numbers. */
export interface NpyDType {
  itemSize: number
  /**
   * The first `count` elements of `bytes` as numbers, read in place where the element type
   * is one a loss reads. `first` is the index of the first one in the file, for errors.
   */
  decode(bytes: ArrayBuffer, count: number, scratch: Scratch, first: number): NumberArray
}

const view = (Kind: new (buffer: ArrayBuffer, offset: number, length: number) => NumberArray, itemSize: number): NpyDType => ({
  itemSize,
  decode: (bytes, count) => new Kind(bytes, 0, count),
})

/**
 * 64-bit integers become float64 numbers, which hold them exactly only up to 2^53; a
 * larger magnitude is refused rather than silently rounded.
 */
const wide = (Kind: BigInt64ArrayConstructor | BigUint64ArrayConstructor): NpyDType => ({
  itemSize: 8,
  decode(bytes, count, scratch, first) {
    const source = new Kind(bytes, 0, count)
    const floats = scratch.floats && scratch.floats.length >= count ? scratch.floats : (scratch.floats = new Float64Array(count))
    const limit = 2n ** 53n
    for (let i = 0; i < count; i++) {
      const v = source[i]!
      if (v > limit || v < -limit) throw new RangeError(`element ${first + i} is ${v}, beyond ±2^53, where numbers stop being exact`)
      floats[i] = Number(v)
    }
    return floats.subarray(0, count)
  },
})

/** Little-endian (or byte-order-free) element types, keyed by NumPy's `descr`. */
export const NPY_DTYPES: ReadonlyMap<string, NpyDType> = new Map([
  // Half precision is widened to float32 chunk by chunk, exactly.
  ['<f2', { itemSize: 2, decode: (bytes, count) => widenHalf(new Uint16Array(bytes, 0, count), 'float16') }],
  ['<f4', view(Float32Array, 4)],
  ['<f8', view(Float64Array, 8)],
  ['|i1', view(Int8Array, 1)],
  ['<i2', view(Int16Array, 2)],
  ['<i4', view(Int32Array, 4)],
  ['<i8', wide(BigInt64Array)],
  ['|u1', view(Uint8Array, 1)],
  ['<u2', view(Uint16Array, 2)],
  ['<u4', view(Uint32Array, 4)],
  ['<u8', wide(BigUint64Array)],
  // NumPy stores booleans as bytes 0 and 1.
  ['|b1', view(Uint8Array, 1)],
])
