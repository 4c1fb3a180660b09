import { LossInputError } from './errors'

/** Number of elements of a shape; refused past 2^53 where counting stops being exact. */
export function checkedSize(shape: readonly number[], arg: string): number {
  let size = 1
  for (const d of shape) size *= d
  if (size > Number.MAX_SAFE_INTEGER) {
    throw new LossInputError('ERR_INVALID_SHAPE', `${arg}: shape [${shape.join(', ')}] has 2^53 or more elements; at most 2^53 - 1 are counted exactly`)
  }
  return size
}

export function sizeOf(shape: readonly number[]): number {
  let size = 1
  for (const d of shape) size *= d
  return size
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * The shape without its last axis. A loop into an array of the final length: `slice`, a
 * builtin call, and pushes that grow an empty array showed in profiles of tiny calls.
 */
export function withoutLast(shape: readonly number[]): number[] {
  const head = new Array<number>(shape.length - 1)
  for (let i = 0; i < head.length; i++) head[i] = shape[i]!
  return head
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/**
 * Keras' `squeeze_or_expand_to_same_rank` with expand_rank_1: a trailing axis of 1 on the
 * longer shape is squeezed, or added to the shorter one when that one has rank 1. Only
 * size-1 axes move, so the row-major data of both sides is unchanged.
 */
export function rankRule(a: readonly number[], b: readonly number[]): [number[], number[]] {
  let x = [...a]
  let y = [...b]
  if (x.length === y.length + 1 && x[x.length - 1] === 1) {
    if (y.length === 1) y = [...y, 1]
    else x = x.slice(0, -1)
  } else if (y.length === x.length + 1 && y[y.length - 1] === 1) {
    if (x.length === 1) x = [...x, 1]
    else y = y.slice(0, -1)
  }
  return [x, y]
}

/** NumPy broadcasting of two shapes, or undefined when they do not broadcast. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length)
  const out: number[] = []
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1
    const db = b[b.length - rank + i] ?? 1
    if (da !== db && da !== 1 && db !== 1) return undefined
    out.push(da === 1 ? db : da)
  }
  return out
}

/** Row-major strides of `shape` seen through broadcasting to `target` (0 on broadcast axes). */
export function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const strides = new Array<number>(target.length).fill(0)
  let stride = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    const t = target.length - shape.length + i
    if (shape[i] !== 1) strides[t] = stride
    stride *= shape[i]!
  }
  return strides
}

/**
 * How a weight tensor of shape `weight` maps onto the rows of `target` (which it broadcasts
 * to): triples [inner, extent, stride] with weight index of row r = Σ ⌊r / inner⌋ % extent · stride.
 * Axes that share one stride pattern are merged, so a per-row weight is one triple [1, n, 1]
 * and a scalar weight none.
 */
export function weightMap(weight: readonly number[], target: readonly number[]): Float64Array {
  const strides = broadcastStrides(weight, target)
  const groups: number[][] = []
  let inner = 1
  for (let i = target.length - 1; i >= 0; i--) {
    const extent = target[i]!
    const stride = strides[i]!
    if (stride !== 0 && extent !== 1) {
      const previous = groups[groups.length - 1]
      // An axis continues the previous (inner) group when its stride follows on from it.
      if (previous !== undefined && previous[0]! * previous[1]! === inner && previous[2]! * previous[1]! === stride) {
        previous[1]! *= extent
      } else {
        groups.push([inner, extent, stride])
      }
    }
    inner *= extent
  }
  return Float64Array.from(groups.flat())
}

/**
 * Weight index of row r under a weight map (see shape.ts): Σ ⌊r / inner⌋ % extent · stride.
 * The two common maps — a scalar weight and one weight per row — skip the arithmetic.
 */
export function weightIndexer(map: Float64Array | null, rows: number): (r: number) => number {
  if (map === null || map.length === 0) return () => 0
  if (map.length === 3 && map[0] === 1 && map[1] === rows && map[2] === 1) return (r) => r
  return (r) => {
    let index = 0
    for (let g = 0; g < map.length; g += 3) index += (Math.floor(r / map[g]!) % map[g + 1]!) * map[g + 2]!
    return index
  }
}

/**
 * Visits elements [start, end) of `shape` in row-major order with the offsets, into two
 * operands broadcast to it, that `aStrides` and `bStrides` give (see broadcastStrides):
 * an odometer over the shape moving both offsets.
 */
export function walkBroadcast(
  shape: readonly number[],
  aStrides: readonly number[],
  bStrides: readonly number[],
  start: number,
  end: number,
  visit: (i: number, a: number, b: number) => void,
): void {
  const index = new Array<number>(shape.length).fill(0)
  let a = 0
  let b = 0
  for (let axis = shape.length - 1, rest = start; axis >= 0; axis--) {
    index[axis] = rest % shape[axis]!
    rest = Math.floor(rest / shape[axis]!)
    a += index[axis]! * aStrides[axis]!
    b += index[axis]! * bStrides[axis]!
  }
  for (let i = start; i < end; i++) {
    visit(i, a, b)
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      a += aStrides[axis]!
      b += bStrides[axis]!
      if (++index[axis]! < shape[axis]!) break
      a -= aStrides[axis]! * shape[axis]!
      b -= bStrides[axis]! * shape[axis]!
      index[axis] = 0
    }
  }
}
