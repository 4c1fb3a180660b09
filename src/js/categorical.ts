import type { Job } from '../kernel'
import { RowSink } from './rows'

const fround = Math.fround

/**
 * Categorical hinge: pos = Σ t·p (summed in float64, rounded to the dtype), neg = the max
 * of (1 - t)·p over every class, true class included as Keras does; NaN wins the max.
 */
export function categoricalHingeF32(job: Job): RowSink {
  const { rows, cols, yTrue, yPred } = job
  const sink = new RowSink(job)
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    let pos = 0
    let neg = -Infinity
    for (let i = base; i < base + cols; i++) {
      const t = fround(yTrue[i]!)
      const p = fround(yPred[i]!)
      pos += fround(t * p)
      neg = Math.max(neg, fround(fround(1 - t) * p))
    }
    sink.add(r, Math.max(fround(fround(neg - fround(pos)) + 1), 0))
  }
  return sink
}

export function categoricalHingeF64(job: Job): RowSink {
  const { rows, cols, yTrue, yPred } = job
  const sink = new RowSink(job)
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    let pos = 0
    let neg = -Infinity
    for (let i = base; i < base + cols; i++) {
      const t = yTrue[i]!
      const p = yPred[i]!
      pos += t * p
      neg = Math.max(neg, (1 - t) * p)
    }
    sink.add(r, Math.max(neg - pos + 1, 0))
  }
  return sink
}
