import { halfOf, halfValue, widenHalfInto, type Half } from './half'
import { asNumbers } from './int64'
import { copyInto, slice, typedArrayKind, typedLength } from './typed-array'
import type { FloatArray, NumericArray } from './types'

/**
 * An input held as several typed arrays of one element type (Apache Arrow's chunks),
 * read in order as the one array they make end to end, and never joined: a reader walks
 * them, and a block that crosses from one into the next is copied piece by piece into a
 * buffer of the reader's own. None is empty (the parser drops empty chunks), so a span
 * whose length reads 0 later was detached or shrunk (see guard.ts).
 */
export type Spans = readonly NumericArray[]

/** An input's elements: one typed array, or spans. */
export type Data = NumericArray | Spans

export const isSpans = (data: Data): data is Spans => Array.isArray(data)

/** The typed arrays of an input, in order: one for a single array. */
export const spansOf = (data: Data): Spans => (isSpans(data) ? data : [data])

/** Appends the typed arrays of an input to `into`. */
export function pushSpans(into: NumericArray[], data: Data): void {
  if (isSpans(data)) into.push(...data)
  else into.push(data)
}

/** The number of elements of an input. */
export function lengthOf(data: Data): number {
  if (!isSpans(data)) return typedLength(data)
  let n = 0
  for (const span of data) n += typedLength(span)
  return n
}

/** `f(span, start)` for each span of an input, `start` being the position of its first element. */
export function eachSpan(data: Data, f: (span: NumericArray, start: number) => void): void {
  let start = 0
  for (const span of spansOf(data)) {
    f(span, start)
    start += typedLength(span)
  }
}

/** Elements [start, end) of spans, as views of the spans they lie in: nothing is copied. */
export function sliceSpans(spans: Spans, start: number, end: number): NumericArray[] {
  const out: NumericArray[] = []
  eachSpan(spans, (span, begin) => {
    const from = Math.max(start, begin)
    const to = Math.min(end, begin + typedLength(span))
    if (from < to) out.push(slice(span, from - begin, to - from))
  })
  return out
}

const isWide = (span: NumericArray): span is BigInt64Array | BigUint64Array => {
  const kind = typedArrayKind(span)
  return kind === 'BigInt64Array' || kind === 'BigUint64Array'
}

/**
 * Elements [from, from + n) of one span, as numbers, into `dst` from element `at`: the
 * built-in `set` for numbers, widened element by element for half-precision bits
 * (`half`) and 64-bit integers (exact as numbers: checked when parsed).
 */
function copySpan(dst: FloatArray, at: number, span: NumericArray, from: number, n: number, half: Half | null): void {
  if (half !== null) widenHalfInto(slice(dst, at, n) as FloatArray, span as Uint16Array, from, n, half)
  else if (isWide(span)) for (let i = 0; i < n; i++) dst[at + i] = Number(span[from + i]!)
  else copyInto(dst, slice(span, from, n), at)
}

/**
 * Elements [start, start + len) of spans, as numbers in the start of `dst`: the one
 * place where a range crossing a boundary is put together. `half`: the spans hold
 * half-precision bits of that kind.
 */
export function readSpans(dst: FloatArray, spans: Spans, start: number, len: number, half: Half | null): void {
  let begin = 0
  let done = 0
  for (let k = 0; k < spans.length && done < len; k++) {
    const span = spans[k]!
    const end = begin + typedLength(span)
    const at = start + done
    if (at < end) {
      const n = Math.min(end - at, len - done)
      copySpan(dst, done, span, at - begin, n, half)
      done += n
    }
    begin = end
  }
}

/**
 * Reads spans element by element in any order, as numbers (weights through a broadcast,
 * class ids): the span of the last read is kept, so reads that move forward or stay
 * close cost a compare, and a jump a search over the spans.
 */
class SpanReader {
  private readonly starts: number[]
  private readonly half: Half | null
  private span: NumericArray
  private begin = 0
  private end: number

  constructor(private readonly spans: Spans) {
    this.starts = []
    let n = 0
    for (const span of spans) {
      this.starts.push(n)
      n += typedLength(span)
    }
    this.half = halfOf(spans) ?? null
    this.span = spans[0]!
    this.end = typedLength(this.span)
  }

  at(i: number): number {
    if (i < this.begin || i >= this.end) this.seek(i)
    const x = this.span[i - this.begin]!
    return this.half === null ? Number(x) : halfValue(x as number, this.half)
  }

  private seek(i: number): void {
    const { starts, spans } = this
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= i) lo = mid
      else hi = mid - 1
    }
    this.span = spans[lo]!
    this.begin = starts[lo]!
    this.end = this.begin + typedLength(this.span)
  }
}

/**
 * Element i of an input as a number, for reads in any order. One array is read as
 * `asNumbers` gives it (in place, or widened once for 64-bit integers and half-precision
 * bits, as before); spans through a reader, never joined.
 */
export function numberAt(data: Data): (i: number) => number {
  if (isSpans(data)) {
    const reader = new SpanReader(data)
    return (i) => reader.at(i)
  }
  const numbers = asNumbers(data)
  return (i) => numbers[i]!
}
