import { LossInputError, describe } from '../errors'
import type { TensorLike } from '../types'

/** One batch of a data set: the arguments of one `updateState` call. */
export interface Batch {
  yTrue: TensorLike
  yPred: TensorLike
  sampleWeight?: TensorLike | null
}

/** The batch's fields, read once each; anything that is not a batch is refused. */
export function readBatch(value: unknown, arg: string): Batch {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || Array.isArray(value)) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: expected a batch { yTrue, yPred, sampleWeight? }, received ${describe(value)}`)
  }
  const { yTrue, yPred, sampleWeight } = value as Record<string, unknown>
  if (yTrue === undefined || yPred === undefined) {
    throw new LossInputError('ERR_INVALID_TYPE', `${arg}: expected a batch { yTrue, yPred, sampleWeight? }, received an object without ${yTrue === undefined ? 'yTrue' : 'yPred'}`)
  }
  return { yTrue, yPred, sampleWeight } as Batch
}
