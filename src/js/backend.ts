import { LossKind, type Job, type Kernel, type Totals } from '../kernel'
import { categoricalHingeF32, categoricalHingeF64 } from './categorical'
import { hingeF32, hingeF64, squaredHingeF32, squaredHingeF64 } from './hinge'
import { guessBinary } from './labels'
import type { RowSink } from './rows'

type HingePass = (job: Job, binary: boolean) => [RowSink, boolean]

function hingeFamily(job: Job, pass: HingePass): RowSink {
  const guess = guessBinary(job.yTrue, job.dtype === 'float32')
  const [sink, nonBinary] = pass(job, guess)
  // Only a binary guess can be wrong; the second pass rewrites `out` completely.
  return guess && nonBinary ? pass(job, false)[0] : sink
}

function runJs(job: Job): Totals {
  const f32 = job.dtype === 'float32'
  let sink: RowSink
  switch (job.kind) {
    case LossKind.Hinge:
      sink = hingeFamily(job, f32 ? hingeF32 : hingeF64)
      break
    case LossKind.SquaredHinge:
      sink = hingeFamily(job, f32 ? squaredHingeF32 : squaredHingeF64)
      break
    case LossKind.CategoricalHinge:
      sink = f32 ? categoricalHingeF32(job) : categoricalHingeF64(job)
      break
  }
  return { sum: sink.sum, weightSum: sink.weightSum }
}

/** The pure-TypeScript backend: runs anywhere Node runs, never loads the binary. */
export const jsKernel: Kernel = {
  name: 'js',
  run: runJs,
  runAsync: async (job) => runJs(job),
}
