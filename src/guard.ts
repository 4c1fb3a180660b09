import { LossInputError } from './errors'
import { LossKind, type Job } from './job'
import { isSpans, lengthOf, type Data } from './spans'
import { isDetached, typedLength } from './typed-array'

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

function check(data: Data, needed: number, arg: string): void {
  const length = isSpans(data) ? lengthOf(data) : typedLength(data)
  if (length < needed || lost(data, length)) {
    throw new LossInputError(
      'ERR_INVALID_TYPE',
      `${arg}: its buffer was detached or shrunk after it was read (by a getter of another argument?); expected ${needed} elements, found ${length}`,
    )
  }
}

/**
 * The last check before a kernel reads caller memory. Arguments are parsed one after
 * another and a later one's getter may detach or shrink an earlier one's buffer; no caller
 * code runs after this point, so what passes here is what the kernel reads.
 */
export function guardJob(job: Job): void {
  const n = job.rows * job.cols
  check(job.yTrue, job.kind === LossKind.SparseCategoricalHinge ? job.rows : n, 'yTrue')
  check(job.yPred, n, 'yPred')
  if (job.weights !== null && job.rows > 0) check(job.weights, weightsNeeded(job.weightMap, job.rows), 'sampleWeight')
  if (job.mask !== null && job.rows > 0) check(job.mask.data, weightsNeeded(job.mask.map, job.rows), 'mask')
  if (job.grad !== null) check(job.grad.out, n, 'out')
}
