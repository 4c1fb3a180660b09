import type { NumericArray } from './types'

/**
 * Facts about typed arrays read through the built-in getters, captured when this module
 * loads. They read internal slots: no Proxy trap, user getter, subclass override or later
 * patch of a prototype runs, so what is validated is what the kernels read.
 */
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object

function getter<T>(prototype: object, key: PropertyKey): (this: unknown) => T {
  const get = Object.getOwnPropertyDescriptor(prototype, key)?.get
  if (get === undefined) throw new Error(`this runtime lacks the built-in getter ${String(key)}`)
  return get as (this: unknown) => T
}

const tagOf = getter<string | undefined>(TypedArrayPrototype, Symbol.toStringTag)
const lengthOf = getter<number>(TypedArrayPrototype, 'length')
const bufferOf = getter<ArrayBufferLike>(TypedArrayPrototype, 'buffer')
const byteOffsetOf = getter<number>(TypedArrayPrototype, 'byteOffset')
const arrayBufferLength = getter<number>(ArrayBuffer.prototype, 'byteLength')
const sharedBufferLength = getter<number>(SharedArrayBuffer.prototype, 'byteLength')
const resizableOf = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get as ((this: unknown) => boolean) | undefined
/** `%TypedArray%.prototype.set`: copies from a typed array's slots, no species, no getter. */
const setFrom = (TypedArrayPrototype as { set: (this: unknown, source: unknown, offset?: number) => void }).set

interface Constructor {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): NumericArray
  readonly BYTES_PER_ELEMENT: number
}

/**
 * The built-in constructors, captured when this module loads (a later reassignment of a
 * global changes nothing here), each supported tag with its own.
 */
const BUILT_IN = Object.freeze({
  Float32Array,
  Float64Array,
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  BigInt64Array: BigInt64Array as unknown as Constructor,
  BigUint64Array: BigUint64Array as unknown as Constructor,
})

/**
 * The built-in constructor of each supported element type, undefined for other kinds. A
 * switch over the tag (an interned string, so each case is one comparison), not a Map:
 * it runs twice per input on every call, where a hash lookup showed in profiles of tiny
 * calls.
 */
function constructorOf(kind: string): Constructor | undefined {
  switch (kind) {
    case 'Float32Array':
      return BUILT_IN.Float32Array
    case 'Float64Array':
      return BUILT_IN.Float64Array
    case 'Int8Array':
      return BUILT_IN.Int8Array
    case 'Uint8Array':
      return BUILT_IN.Uint8Array
    case 'Int16Array':
      return BUILT_IN.Int16Array
    case 'Uint16Array':
      return BUILT_IN.Uint16Array
    case 'Int32Array':
      return BUILT_IN.Int32Array
    case 'Uint32Array':
      return BUILT_IN.Uint32Array
    case 'BigInt64Array':
      return BUILT_IN.BigInt64Array
    case 'BigUint64Array':
      return BUILT_IN.BigUint64Array
    // Where the runtime has Float16Array, its elements are read as their bits (see half.ts).
    case 'Float16Array':
      return BUILT_IN.Uint16Array
    default:
      return undefined
  }
}

/** The typed-array kind of a value (e.g. 'Float32Array'), or undefined for anything else. */
export function typedArrayKind(value: unknown): string | undefined {
  return tagOf.call(value)
}

/** The kind is one the losses read. */
export const isSupportedKind = (kind: string): boolean => constructorOf(kind) !== undefined

/** The element count of a typed array as its internal slot holds it (0 once detached or out of bounds). */
export function typedLength(array: ArrayBufferView): number {
  return lengthOf.call(array)
}

/** The buffer is a SharedArrayBuffer (other threads may write it). */
function isShared(buffer: ArrayBufferLike): boolean {
  try {
    sharedBufferLength.call(buffer)
    return true
  } catch {
    return false
  }
}

/** The typed array's buffer can shrink (a resizable ArrayBuffer): its memory may go away under a reader. */
export function isResizable(array: NumericArray): boolean {
  const buffer = bufferOf.call(array)
  return !isShared(buffer) && resizableOf !== undefined && resizableOf.call(buffer)
}

/** A typed array's buffer is detached (a transfer emptied it). */
export function isDetached(array: NumericArray): boolean {
  // The length first: its getter reads a field, the buffer getter calls into the C++ runtime.
  if (lengthOf.call(array) !== 0) return false
  const buffer = bufferOf.call(array)
  if (isShared(buffer) || arrayBufferLength.call(buffer) !== 0) return false
  try {
    new Uint8Array(buffer, 0, 0)
    return false
  } catch {
    return true
  }
}

/**
 * A fresh view of the built-in type on the same memory, with the buffer, offset and length
 * read once now: what the package then reads has no subclass, no own property and no
 * species of the caller's, and a length-tracking view is pinned to its current length.
 * Undefined when the buffer is detached.
 */
export function intrinsicView(array: NumericArray, kind: string): NumericArray | undefined {
  const Kind = constructorOf(kind)!
  const buffer = bufferOf.call(array)
  const length = lengthOf.call(array)
  if (length === 0 && isDetached(array)) return undefined
  return new Kind(buffer, length === 0 ? 0 : byteOffsetOf.call(array), length)
}

const getPrototypeOf = Object.getPrototypeOf
const FLOAT32_PROTOTYPE = Float32Array.prototype as object
const FLOAT64_PROTOTYPE = Float64Array.prototype as object

/**
 * The typed array itself when reading it in place is reading a fresh view (see
 * `intrinsicView`), else such a view; undefined when its buffer is detached. In place: a
 * non-empty Float32Array or Float64Array of the built-in prototype. The getters above have
 * succeeded on it, so it is a genuine typed array (on a Proxy they throw or answer
 * undefined), and an element read at an integer index of one returns its element and
 * consults neither the prototype chain nor own properties: no caller code runs and no
 * caller property changes what is read. Whoever takes an array from here reads it only so
 * — by index and through this module — which holds whatever the caller does to it later,
 * even to its prototype (see job.ts `Job`).
 * Its buffer is not asked about: reading the buffer through its getter cost a twentieth of
 * a tiny call. A buffer that shrinks empties or shortens the array, which guard.ts refuses
 * before any element is read; one that grows lengthens a length-tracking view, which
 * guard.ts pins back to the length it was parsed at (see `guardJob`).
 * A view is still made for a subclass or another prototype (the loops would see a map of
 * their own), for other element types (converted first anyway) and for an empty array.
 */
export function inPlaceOrView(array: NumericArray, kind: string): NumericArray | undefined {
  const prototype = kind === 'Float32Array' ? FLOAT32_PROTOTYPE : kind === 'Float64Array' ? FLOAT64_PROTOTYPE : undefined
  if (prototype === undefined) return intrinsicView(array, kind)
  // An element read, which runs nothing of the caller's (see above), tells V8's optimizing
  // compiler the array's map, and the prototype check below then folds to a constant: it
  // was otherwise a call costing a twentieth of a tiny call.
  void array[0]
  return getPrototypeOf(array) !== prototype || lengthOf.call(array) === 0 ? intrinsicView(array, kind) : array
}

/** The element size of a typed array, by its kind: an own or inherited BYTES_PER_ELEMENT is not read. */
const bytesPerElement = (array: ArrayBufferView): number => constructorOf(tagOf.call(array)!)!.BYTES_PER_ELEMENT

/**
 * Elements [start, start + length) of a typed array (one from `inPlaceOrView` or one the
 * package allocated), as a built-in view: unlike `subarray`, runs no species lookup.
 */
export function slice(array: NumericArray, start: number, length: number): NumericArray {
  const Kind = constructorOf(tagOf.call(array)!)!
  return new Kind(bufferOf.call(array), byteOffsetOf.call(array) + start * Kind.BYTES_PER_ELEMENT, length)
}

/** The memory of a typed array the package made, seen as `length` elements of another built-in type. */
export function reinterpret<T>(
  array: ArrayBufferView,
  Kind: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T,
  length: number,
  skipBytes = 0,
): T {
  return new Kind(bufferOf.call(array), byteOffsetOf.call(array) + skipBytes, length)
}

/** The array's `byteOffset`, through the built-in getter. */
export const byteOffset = (array: ArrayBufferView): number => byteOffsetOf.call(array)

/** Two typed arrays share at least one byte of memory. */
export function overlaps(a: NumericArray, b: NumericArray): boolean {
  if (bufferOf.call(a) !== bufferOf.call(b)) return false
  const start = (x: NumericArray) => byteOffsetOf.call(x)
  const end = (x: NumericArray) => start(x) + lengthOf.call(x) * bytesPerElement(x)
  return start(a) < end(b) && start(b) < end(a) && end(a) > start(a) && end(b) > start(b)
}

/** `dst.set(src, offset)` through the built-in method. */
export function copyInto(dst: ArrayBufferView, src: ArrayBufferView, offset = 0): void {
  setFrom.call(dst, src, offset)
}
