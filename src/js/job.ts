import type { Job } from '../job'
import type { Spans } from '../spans'
import type { NumberArray } from '../types'

/**
 * A job as the TS loops read it: every element of a single array a number (64-bit
 * integers widened first); spans kept as they are, read a block (or a row) at a time.
 */
export type NumberJob = Omit<Job, 'yTrue' | 'yPred' | 'weights'> & {
  yTrue: NumberArray | Spans
  yPred: NumberArray | Spans
  weights: NumberArray | Spans | null
}
