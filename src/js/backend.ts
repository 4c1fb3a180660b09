import { LossKind, type Job, type Kernel, type Totals } from '../kernel'
import { forEachBlock, rowBuffer, type Floats } from './blocks'
import { categoricalRowExact, hingeRowExact, labelBadness } from './exact'
import {
  categoricalHingeRowsF32,
  categoricalHingeRowsF64,
  hingeRowsF32,
  hingeRowsF64,
  squaredHingeRowsF32,
  squaredHingeRowsF64,
} from './fast'
import { guessBinary } from './labels'
import { RowSink } from './rows'

type HingeRows = (t: Floats, p: Floats, at: number, cols: number, rows: number, a: number, b: number, dst: Float64Array) => number

/** One pass of hinge or squared hinge under a label mode; returns the sink and the label badness. */
function hingePass(job: Job, binary: boolean): [RowSink, number] {
  const f32 = job.dtype === 'float32'
  const squared = job.kind === LossKind.SquaredHinge
  const rows = (squared ? (f32 ? squaredHingeRowsF32 : squaredHingeRowsF64) : f32 ? hingeRowsF32 : hingeRowsF64) as HingeRows
  const { yTrue, yPred, cols } = job
  const a = binary ? 2 : 1
  const b = binary ? -1 : 0
  const sink = new RowSink(job)
  const values = rowBuffer(cols)
  let bad = 0
  const blocked = forEachBlock(job, (t, p, at, r0, n) => {
    bad += rows(t, p, at, cols, n, a, b, values)
    for (let j = 0; j < n; j++) {
      // The branch-free max turns d = -Infinity into NaN and can overflow past 9e307 in
      // float64: rows that came out non-finite are redone exactly.
      if (!Number.isFinite(values[j])) values[j] = hingeRowExact(yTrue, yPred, (r0 + j) * cols, cols, f32, squared, a, b)
    }
    sink.add(r0, n, values)
  })
  if (!blocked) {
    for (let r = 0; r < job.rows; r++) {
      bad += labelBadness(yTrue, r * cols, cols, f32)
      values[0] = hingeRowExact(yTrue, yPred, r * cols, cols, f32, squared, a, b)
      sink.add(r, 1, values)
    }
  }
  return [sink, bad]
}

/** Keras' global {0,1} rule in one pass: only a binary guess can be wrong, then redo. */
function hingeFamily(job: Job): RowSink {
  if (job.labels !== 'auto') return hingePass(job, job.labels === 'convert')[0]
  const guess = guessBinary(job.yTrue, job.dtype === 'float32')
  const [sink, bad] = hingePass(job, guess)
  return guess && bad !== 0 ? hingePass(job, false)[0] : sink
}

function categorical(job: Job): RowSink {
  const f32 = job.dtype === 'float32'
  const { yTrue, yPred, cols } = job
  const sink = new RowSink(job)
  const values = rowBuffer(cols)
  const blocked = forEachBlock(job, (t, p, at, r0, n) => {
    if (f32) categoricalHingeRowsF32(t as Float32Array, p as Float32Array, at, cols, n, values)
    else categoricalHingeRowsF64(t as Float64Array, p as Float64Array, at, cols, n, values)
    sink.add(r0, n, values)
  })
  if (!blocked) {
    for (let r = 0; r < job.rows; r++) {
      values[0] = categoricalRowExact(yTrue, yPred, r * cols, cols, f32)
      sink.add(r, 1, values)
    }
  }
  return sink
}

function runJs(job: Job): Totals {
  const sink = job.kind === LossKind.CategoricalHinge ? categorical(job) : hingeFamily(job)
  return { sum: sink.sum, weightSum: sink.weightSum }
}

/** The pure-TypeScript backend: runs anywhere Node runs, never loads the binary. */
export const jsKernel: Kernel = {
  name: 'js',
  run: runJs,
  runAsync: async (job) => runJs(job),
}
