import { halfValue, type Half } from '../half'
import { isSpans, type Spans } from '../spans'
import { typedLength } from '../typed-array'
import type { NumberArray, NumericArray } from '../types'

/**
 * Keras converts {0,1} labels to {-1,1} only when every label is 0 or 1. Labels equal to
 * 1 read the same either way, so the first label that is not 1 decides: anything but 0
 * proves the labels are not binary; a 0 makes binary a guess that the pass then checks.
 * `half`: the labels are half-precision bits of that kind.
 */
export function guessBinary(yTrue: NumberArray | Spans, f32: boolean, half: Half | null): boolean {
  // One array without the spans' loop: a tiny call spent measurably on iterating a list of one.
  if (!isSpans(yTrue)) {
    const t = firstNotOne(yTrue, f32, half)
    return t === 0 || t === 1
  }
  for (const span of yTrue) {
    const t = firstNotOne(span, f32, half)
    if (t !== 1) return t === 0
  }
  return true
}

/** The first label that is not 1, as the dtype reads it; 1 when there is none. */
function firstNotOne(span: NumericArray, f32: boolean, half: Half | null): number {
  for (let i = 0, n = typedLength(span); i < n; i++) {
    // Spans of 64-bit integers are read in place: Number() makes each element a number.
    const v = half === null ? Number(span[i]!) : halfValue(span[i] as number, half)
    const t = f32 ? Math.fround(v) : v
    if (t !== 1) return t
  }
  return 1
}
