import { roundTo } from '../dtype'
import { LossKind, type Kink } from '../job'
import { weightIndexer } from '../shape'
import type { NumberJob } from './job'

const KINK: Record<Kink, number> = { full: 1, half: 0.5, zero: 0 }

/**
 * The gradient of the job's result with respect to yPred, written to `job.grad.out`: the
 * formulas of the package contract, each element-wise term in the dtype (no fused
 * multiply-add), each row's scale formed in float64 and rounded once. `convert` is the
 * {0,1} label decision the values were computed under.
 */
export function gradPass(job: NumberJob, convert: boolean): void {
  const grad = job.grad!
  const { rows, cols, yTrue, yPred, weights } = job
  const round = roundTo(job.dtype)
  const out = grad.out
  const kinkValue = KINK[grad.kink]
  // k(x): the derivative of max(x, 0); NaN stays NaN so that it reaches the gradient.
  const k = (x: number): number => (x > 0 ? 1 : x < 0 ? 0 : x === 0 ? kinkValue : NaN)
  const weightAt = weightIndexer(job.weightMap, rows)
  const a = convert ? 2 : 1
  const b = convert ? -1 : 0
  for (let r = 0; r < rows; r++) {
    let s = grad.factor
    if (weights !== null) s *= round(weights[weightAt(r)]!)
    if (grad.scale !== null) s *= grad.scale[r]!
    const base = r * cols
    const end = base + cols
    switch (job.kind) {
      case LossKind.Hinge: {
        const c = round(s / cols)
        for (let i = base; i < end; i++) {
          const y = round(a * round(yTrue[i]!) + b)
          const x = round(1 - round(y * round(yPred[i]!)))
          out[i] = k(x) * round(-y * c)
        }
        break
      }
      case LossKind.SquaredHinge: {
        const c = round((2 * s) / cols)
        for (let i = base; i < end; i++) {
          const y = round(a * round(yTrue[i]!) + b)
          const h = Math.max(round(1 - round(y * round(yPred[i]!))), 0)
          out[i] = round(round(-y * h) * c)
        }
        break
      }
      case LossKind.CategoricalHinge:
        categoricalRow(job, base, cols, s, k, out, (i) => job.yTrue[i]!)
        break
      case LossKind.SparseCategoricalHinge: {
        // The one-hot row's gradient, its labels read from the id.
        const id = base + job.yTrue[r]!
        categoricalRow(job, base, cols, s, k, out, (i) => (i === id ? 1 : 0))
        break
      }
    }
  }
}

/**
 * One categorical row: the loss's kink decides whether the row has a gradient at all, and
 * every class attaining the max of (1 - y)·p shares that max's gradient equally.
 */
function categoricalRow(
  job: NumberJob,
  base: number,
  cols: number,
  s: number,
  k: (x: number) => number,
  out: Float64Array | Float32Array,
  label: (i: number) => number,
): void {
  const round = roundTo(job.dtype)
  const { yPred } = job
  const end = base + cols
  let pos = 0
  let neg = -Infinity
  for (let i = base; i < end; i++) {
    const y = round(label(i))
    pos += round(y * round(yPred[i]!))
    neg = Math.max(neg, round(round(1 - y) * round(yPred[i]!)))
  }
  let ties = 0
  for (let i = base; i < end; i++) if (round(round(1 - round(label(i))) * round(yPred[i]!)) === neg) ties++
  const c = round(s * k(round(round(neg - round(pos)) + 1)))
  for (let i = base; i < end; i++) {
    const y = round(label(i))
    const negative = round(1 - y)
    const tied = round(negative * round(yPred[i]!)) === neg
    out[i] = round(c * (tied ? round(round(negative / ties) - y) : -y))
  }
}
