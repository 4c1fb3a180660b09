import type { Job } from '../kernel'
import { RowSink } from './rows'
import { labelScale, labelShift } from './labels'

const fround = Math.fround

/**
 * One pass of hinge or squared hinge under a label mode. Returns the sink and whether a
 * label outside {0, 1} was seen (which makes a binary guess wrong). The loops are kept
 * separate per loss and dtype so V8 sees one shape per function; `Math.max` keeps NaN.
 */
export function hingeF32(job: Job, binary: boolean): [RowSink, boolean] {
  const { rows, cols, yTrue, yPred } = job
  const a = labelScale(binary)
  const b = labelShift(binary)
  const sink = new RowSink(job)
  let nonBinary = false
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    let s = 0
    for (let i = base; i < base + cols; i++) {
      const t = fround(yTrue[i]!)
      if (t !== 0 && t !== 1) nonBinary = true
      s += Math.max(fround(1 - fround((a * t + b) * fround(yPred[i]!))), 0)
    }
    sink.add(r, fround(s / cols))
  }
  return [sink, nonBinary]
}

export function hingeF64(job: Job, binary: boolean): [RowSink, boolean] {
  const { rows, cols, yTrue, yPred } = job
  const a = labelScale(binary)
  const b = labelShift(binary)
  const sink = new RowSink(job)
  let nonBinary = false
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    let s = 0
    for (let i = base; i < base + cols; i++) {
      const t = yTrue[i]!
      if (t !== 0 && t !== 1) nonBinary = true
      s += Math.max(1 - (a * t + b) * yPred[i]!, 0)
    }
    sink.add(r, s / cols)
  }
  return [sink, nonBinary]
}

export function squaredHingeF32(job: Job, binary: boolean): [RowSink, boolean] {
  const { rows, cols, yTrue, yPred } = job
  const a = labelScale(binary)
  const b = labelShift(binary)
  const sink = new RowSink(job)
  let nonBinary = false
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    let s = 0
    for (let i = base; i < base + cols; i++) {
      const t = fround(yTrue[i]!)
      if (t !== 0 && t !== 1) nonBinary = true
      const h = Math.max(fround(1 - fround((a * t + b) * fround(yPred[i]!))), 0)
      s += fround(h * h)
    }
    sink.add(r, fround(s / cols))
  }
  return [sink, nonBinary]
}

export function squaredHingeF64(job: Job, binary: boolean): [RowSink, boolean] {
  const { rows, cols, yTrue, yPred } = job
  const a = labelScale(binary)
  const b = labelShift(binary)
  const sink = new RowSink(job)
  let nonBinary = false
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    let s = 0
    for (let i = base; i < base + cols; i++) {
      const t = yTrue[i]!
      if (t !== 0 && t !== 1) nonBinary = true
      const h = Math.max(1 - (a * t + b) * yPred[i]!, 0)
      s += h * h
    }
    sink.add(r, s / cols)
  }
  return [sink, nonBinary]
}
