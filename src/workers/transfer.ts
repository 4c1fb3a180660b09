import { LossInputError } from '../errors'
import { spansOfArrowLike } from '../foreign/arrow-like'
import type { Batch } from '../stream/batch'

/** The typed arrays a batch holds directly, as `{ data }` or as spans (see portable.ts); nested arrays are cloned as values. */
function typedArraysOf(batch: Batch): ArrayBufferView[] {
  const arrays: ArrayBufferView[] = []
  for (const value of [batch.yTrue, batch.yPred, batch.sampleWeight]) {
    const spans = spansOfArrowLike(value)
    if (spans !== undefined) arrays.push(...spans)
    else if (ArrayBuffer.isView(value)) arrays.push(value)
    else if (typeof value === 'object' && value !== null && 'data' in value && ArrayBuffer.isView(value.data)) arrays.push(value.data)
  }
  return arrays
}

/**
 * The buffers to move to each group's worker. Arrays on a SharedArrayBuffer are shared as
 * they are; any other buffer is transferred (moved, not copied: the caller's views on it
 * are detached), so it must serve the batches of one worker only.
 */
export function transferLists(groups: Batch[][]): ArrayBuffer[][] {
  const owner = new Map<ArrayBuffer, number>()
  return groups.map((group, g) => {
    const list: ArrayBuffer[] = []
    for (const array of group.flatMap(typedArraysOf)) {
      const buffer = array.buffer
      if (!(buffer instanceof ArrayBuffer)) continue
      const previous = owner.get(buffer)
      if (previous === g) continue
      if (previous !== undefined) {
        throw new LossInputError(
          'ERR_INVALID_TYPE',
          'batches: batches for different workers use one ArrayBuffer, which can move to one worker only; put the data on a SharedArrayBuffer to share it with every worker',
        )
      }
      owner.set(buffer, g)
      list.push(buffer)
    }
    return list
  })
}
