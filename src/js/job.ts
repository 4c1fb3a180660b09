import type { Job } from '../job'
import type { NumberArray } from '../types'

/** A job as the TS loops read it: every element a number (64-bit integers widened first). */
export type NumberJob = Omit<Job, 'yTrue' | 'yPred' | 'weights'> & {
  yTrue: NumberArray
  yPred: NumberArray
  weights: NumberArray | null
}
