import { LossInputError } from './errors'
import { LossKind, type Job } from './job'
import { isSpans, lengthOf, type Data } from './spans'
import { isDetached, slice, typedLength } from './typed-array'

/** The largest weight index a weight map reaches over `rows` rows, plus one. */
function weightsNeeded(map: Float64Array | null, rows: number): number {
  let last = 0
  if (map !== null) {
    for (let g = 0; g < map.length; g += 3) {
      const inner = map[g]!
      const extent = map[g + 1]!
      last += (Math.min(extent, Math.ceil(rows / inner)) - 1) * map[g + 2]!
    }
  }
  return last + 1
}

/**
 * A detached buffer leaves a length of 0, so only an empty view needs the longer test.
 * Spans were each non-empty when parsed, and are fixed-length views: one whose length now
 * reads 0 lost its memory, which would also move every later element.
 */
function lost(data: Data, length: number): boolean {
  return isSpans(data) ? data.some((span) => typedLength(span) === 0) : length === 0 && isDetached(data)
}

function check(data: Data, needed: number, arg: string): number {
  const length = isSpans(data) ? lengthOf(data) : typedLength(data)
  if (length < needed || lost(data, length)) {
    throw new LossInputError(
      'ERR_INVALID_TYPE',
      `${arg}: its buffer was detached or shrunk after it was read (by a getter of another argument?); expected ${needed} elements, found ${length}`,
    )
  }
  return length
}

/**
 * An input of `needed` elements as the kernels read it. Every view the package made, and
 * every span, has a fixed length; only a caller's Float32Array or Float64Array read in
 * place (typed-array.ts `inPlaceOrView`) can have grown since it was parsed: a
 * length-tracking view over a buffer that a later argument's getter grew. It is read at
 * the length it was parsed at, through a view of that length, so that the TS loops and
 * the binding (which takes an input's whole length) read the same elements.
 */
function pinned(data: Data, needed: number, arg: string): Data {
  return check(data, needed, arg) > needed && !isSpans(data) ? slice(data, 0, needed) : data
}

/**
 * The last check before a kernel reads caller memory. Arguments are parsed one after
 * another and a later one's getter may detach, shrink or grow an earlier one's buffer; no
 * caller code runs after this point, so what passes here is what the kernel reads.
 */
export function guardJob(job: Job): void {
  const n = job.rows * job.cols
  job.yTrue = pinned(job.yTrue, job.kind === LossKind.SparseCategoricalHinge ? job.rows : n, 'yTrue')
  job.yPred = pinned(job.yPred, n, 'yPred')
  if (job.weights !== null && job.rows > 0) check(job.weights, weightsNeeded(job.weightMap, job.rows), 'sampleWeight')
  if (job.mask !== null && job.rows > 0) check(job.mask.data, weightsNeeded(job.mask.map, job.rows), 'mask')
  if (job.grad !== null) check(job.grad.out, n, 'out')
}
