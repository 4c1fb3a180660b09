/**
 * float64 values as base64 of their bytes: JSON would turn NaN and ±Infinity into null,
 * and this keeps every bit (the sign of zero, NaN payloads), so merged sums are exact.
 */
export function encodeFloats(values: Float64Array | readonly number[]): string {
  const array = values instanceof Float64Array ? values : Float64Array.from(values)
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64')
}

export function decodeFloats(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64')
  if (bytes.byteLength % 8 !== 0) throw new Error(`a float64 list of ${bytes.byteLength} bytes, not a multiple of 8`)
  const copy = new Uint8Array(bytes.byteLength)
  copy.set(bytes)
  return new Float64Array(copy.buffer)
}
