import { allocate, roundTo } from './dtype'
import { LossInputError, describe } from './errors'
import { asNumbers } from './int64'
import { broadcastShapes, broadcastStrides, formatShape, rankRule, sameShape, sizeOf, walkBroadcast } from './shape'
import { isSpans, numberAt, type Spans } from './spans'
import { parseTensorLike, type Parsed } from './tensor-like'
import { byteOffset, reinterpret, typedArrayKind, typedLength } from './typed-array'
import type { DType, NumberArray, Reduction } from './types'

/** Keras' `backend.epsilon()`, which Keras 3.6 adds to the count of valid entries. */
const EPSILON = 1e-7

/** Nested booleans as numbers (true 1, false 0); anything else as it is, for the tensor parser. */
function booleansToNumbers(value: unknown, depth: number): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (!Array.isArray(value) || depth > 64) return value
  const out: unknown[] = []
  for (let i = 0; i < value.length; i++) out.push(i in value ? booleansToNumbers(value[i], depth + 1) : value[i])
  return out
}

/** A parsed mask: its entries as numbers (of each span of a chunked one), and how many are true. */
export interface Mask extends Parsed {
  values: NumberArray | Spans
  valid: number
}

/** `countByteOnes`' contract, kept by the native binding once it has loaded (see `countBytesWith`). */
type ByteCounter = (bytes: Uint8Array, n: number) => number

let countBytes: ByteCounter = countByteOnes

/**
 * Counts byte masks with `counter` from now on, in every entry of this thread: the native
 * binding's count reads the bytes in place at memory speed, where `countByteOnes` took 5 %
 * of a masked W3 call. The count, and the index of a bad byte, are the same.
 */
export function countBytesWith(counter: ByteCounter): void {
  countBytes = counter
}

/** How many of the first n entries are 1 when each is 0 or 1; otherwise -1 - the index of the first that is not. */
function countOnes(values: NumberArray, n: number): number {
  if (typedArrayKind(values) === 'Uint8Array') return countBytes(values as Uint8Array, n)
  let ones = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    if (v !== 0 && v !== 1) return -1 - i
    ones += v
  }
  return ones
}

/** `countOnes` of bytes (the usual mask), from `start`, one at a time. */
function scanBytes(bytes: Uint8Array, start: number, end: number): number {
  let ones = 0
  for (let i = start; i < end; i++) {
    const v = bytes[i]!
    if (v > 1) return -1 - i
    ones += v
  }
  return ones
}

/** Words summed per block: each byte lane of the sum then stays under 256. */
const BLOCK_WORDS = 255

/**
 * `countOnes` of bytes, 32-bit words at a time: words of 0/1 bytes have no other bit set
 * (checked on their OR once per block), and their sum holds per byte lane the count of
 * ones in that lane.
 */
export function countByteOnes(bytes: Uint8Array, n: number): number {
  const head = Math.min(n, (4 - (byteOffset(bytes) & 3)) & 3)
  const first = scanBytes(bytes, 0, head)
  if (first < 0) return first
  const count = (n - head) >>> 2
  let ones = first
  // A short mask may end before its first aligned word.
  const words = count === 0 ? undefined : reinterpret(bytes, Int32Array, count, head)
  for (let k0 = 0; k0 < count; k0 += BLOCK_WORDS) {
    const k1 = Math.min(count, k0 + BLOCK_WORDS)
    let seen = 0
    let lanes = 0
    for (let k = k0; k < k1; k++) {
      const x = words![k]!
      seen |= x
      lanes = (lanes + x) | 0
    }
    if ((seen & 0xfefefefe) !== 0) return scanBytes(bytes, head + 4 * k0, head + 4 * k1)
    ones += (lanes & 0xff) + ((lanes >>> 8) & 0xff) + ((lanes >>> 16) & 0xff) + (lanes >>> 24)
  }
  const tail = scanBytes(bytes, head + 4 * count, n)
  return tail < 0 ? tail : ones + tail
}

/**
 * A mask (Keras' `_keras_mask` of yPred): nested booleans, or a typed array or
 * `{ data, shape }` of 0 and 1, checked to hold nothing else.
 */
export function parseMask(value: unknown): Mask {
  const mask = parseTensorLike(booleansToNumbers(value, 0), 'mask')
  const { data } = mask
  // Spans are counted one by one, each as numbers: never joined.
  const values = isSpans(data) ? data.map(asNumbers) : asNumbers(data)
  let valid = 0
  let first = 0
  for (const span of isSpans(values) ? values : [values]) {
    const n = Math.min(typedLength(span), sizeOf(mask.shape) - first)
    const ones = countOnes(span as NumberArray, n)
    if (ones < 0) {
      const i = -1 - ones
      throw new LossInputError('ERR_INVALID_MASK', `mask: expected true, false, 0 or 1, received ${describe(span[i])} at index ${first + i}`)
    }
    valid += ones
    first += n
  }
  return { ...mask, values, valid }
}

/**
 * The factor of the mask's true entries: total / valid for the reductions that average
 * over the batch (so they average over the valid entries; Keras 3.6 adds its epsilon to
 * `valid`), 1 otherwise; a value of the dtype.
 */
export function maskScale(mask: Mask, dtype: DType, scaled: boolean): number {
  const round = roundTo(dtype)
  return scaled ? round(round(sizeOf(mask.shape)) / round(mask.valid + EPSILON)) : 1
}

/** The shape the mask and the sample weights weigh the losses with: both after the rank rule between them, broadcast. */
export function maskWeightLayout(mask: Parsed, weights: Parsed): { mask: number[]; weights: number[]; shape: number[] } {
  const [ms, ws] = rankRule(mask.shape, weights.shape)
  const shape = broadcastShapes(ms, ws)
  if (shape === undefined) {
    throw new LossInputError('ERR_SHAPE_MISMATCH', `mask of shape ${formatShape(mask.shape)} and sampleWeight of shape ${formatShape(weights.shape)} do not broadcast together`)
  }
  return { mask: ms, weights: ws, shape }
}

/** The mask fits the per-sample losses: after the rank rule, it broadcasts to their shape. */
export function checkMaskShape(mask: Parsed, lossShape: number[]): void {
  const [losses, m] = rankRule(lossShape, mask.shape)
  const target = broadcastShapes(losses, m)
  if (target === undefined || !sameShape(target, losses)) {
    throw new LossInputError(
      'ERR_SHAPE_MISMATCH',
      `mask of shape ${formatShape(mask.shape)} does not broadcast to the per-sample losses of shape ${formatShape(lossShape)}`,
    )
  }
}

/**
 * Keras' `apply_mask`, materialised: the mask becomes a weight in the dtype, scaled as
 * `maskScale` says, then multiplied into the sample weights after the rank rule between
 * the two, or standing in for them. `scaled` false gives the metrics' rule. The losses
 * fuse the mask into the pass instead (see job.ts `MaskJob`), except where the weights
 * grow the losses by broadcasting.
 */
export function maskedWeights(mask: Mask, weights: Parsed | undefined, dtype: DType, scaled: boolean): Parsed {
  const round = roundTo(dtype)
  const m = numberAt(mask.values)
  const n = sizeOf(mask.shape)
  const scale = maskScale(mask, dtype, scaled)
  if (weights === undefined) {
    const out = allocate(dtype, n)
    for (let i = 0; i < n; i++) out[i] = m(i) * scale
    return { data: out, shape: mask.shape, float64: dtype === 'float64' }
  }
  const { mask: ms, weights: ws, shape } = maskWeightLayout(mask, weights)
  const w = numberAt(weights.data)
  const out = allocate(dtype, sizeOf(shape))
  walkBroadcast(shape, broadcastStrides(ms, shape), broadcastStrides(ws, shape), 0, out.length, (i, mi, wi) => {
    out[i] = round(round(w(wi)) * (m(mi) * scale))
  })
  return { data: out, shape, float64: dtype === 'float64' }
}

/** Whether a reduction scales the mask (Keras: 'sum_over_batch_size' and 'mean'). */
export const scalesMask = (reduction: Reduction): boolean => reduction === 'sum_over_batch_size' || reduction === 'mean'
