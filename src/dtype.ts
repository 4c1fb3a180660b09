import type { DType, FloatArray } from './types'

/** Rounds a float64 value to a dtype: float32 rounds, float64 keeps. */
export type Round = (x: number) => number

const keep: Round = (x) => x

export const roundTo = (dtype: DType): Round => (dtype === 'float32' ? Math.fround : keep)

/** A zeroed array of `n` values of a dtype. */
export const allocate = (dtype: DType, n: number): FloatArray => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n))
