import { roundTo } from '../dtype'
import { LossKind, type GradJob, type Kink } from '../job'
import { rowWeight } from '../row-weight'
import type { NumberArray } from '../types'
import type { NumberJob } from './job'

const KINK: Record<Kink, number> = { full: 1, half: 0.5, zero: 0 }

/**
 * Each row's gradient factor for rows r0 … r0 + n - 1, into `c`: the row's scale
 * s = factor · w · scale formed in float64; for hinge s / cols and for squared hinge
 * 2s / cols, rounded once to the dtype; for the categorical losses s itself (their
 * formula rounds s times the kink's derivative).
 */
export function gradFactors(job: NumberJob, r0: number, n: number, c: Float64Array): void {
  const grad = job.grad!
  const round = roundTo(job.dtype)
  const { cols } = job
  const weight = rowWeight(job)
  if (weight === null && grad.scale === null) {
    // Every row's scale is the factor itself: one value for the block, not a call per row.
    c.fill(rowFactor(job.kind, grad.factor, cols, round), 0, n)
    return
  }
  for (let j = 0; j < n; j++) {
    let s = grad.factor
    if (weight !== null) s *= weight(r0 + j)
    if (grad.scale !== null) s *= grad.scale[r0 + j]!
    c[j] = rowFactor(job.kind, s, cols, round)
  }
}

/** A row's gradient factor from its scale s (see gradFactors). */
function rowFactor(kind: LossKind, s: number, cols: number, round: (x: number) => number): number {
  return kind === LossKind.Hinge ? round(s / cols) : kind === LossKind.SquaredHinge ? round((2 * s) / cols) : s
}

/**
 * The gradient of rows r0 … r0 + n - 1 with respect to yPred, written to `job.grad.out`:
 * the formulas of the package contract, each element-wise term in the dtype (no fused
 * multiply-add). `t` and `p` hold the rows' labels and scores from element `at`: a block
 * in the dtype, or the caller's arrays, rounded here (for sparse categorical hinge, `t`
 * holds the rows' class ids, row r0's first: see idsOf);
 * `c` holds their factors (see gradFactors). `convert` is the {0,1} label decision the
 * values were computed under.
 */
export function gradRows(job: NumberJob, convert: boolean, t: NumberArray, p: NumberArray, at: number, r0: number, n: number, c: Float64Array): void {
  const grad = job.grad!
  const { cols } = job
  const round = roundTo(job.dtype)
  const out = grad.out
  const kinkValue = KINK[grad.kink]
  // k(x): the derivative of max(x, 0); NaN stays NaN so that it reaches the gradient.
  const k = (x: number): number => (x > 0 ? 1 : x < 0 ? 0 : x === 0 ? kinkValue : NaN)
  const a = convert ? 2 : 1
  const b = convert ? -1 : 0
  for (let j = 0; j < n; j++) {
    const base = at + j * cols
    const end = base + cols
    const shift = (r0 + j) * cols - base
    const cj = c[j]!
    switch (job.kind) {
      case LossKind.Hinge:
        for (let i = base; i < end; i++) {
          const y = round(a * round(t[i]!) + b)
          const x = round(1 - round(y * round(p[i]!)))
          out[i + shift] = k(x) * round(-y * cj)
        }
        break
      case LossKind.SquaredHinge:
        for (let i = base; i < end; i++) {
          const y = round(a * round(t[i]!) + b)
          const h = Math.max(round(1 - round(y * round(p[i]!))), 0)
          out[i + shift] = round(round(-y * h) * cj)
        }
        break
      case LossKind.CategoricalHinge:
        categoricalRow(job, p, base, shift, cj, k, (i) => t[i]!)
        break
      case LossKind.SparseCategoricalHinge: {
        // The one-hot row's gradient, its labels read from the id.
        const id = base + t[j]!
        categoricalRow(job, p, base, shift, cj, k, (i) => (i === id ? 1 : 0))
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
  p: NumberArray,
  base: number,
  shift: number,
  s: number,
  k: (x: number) => number,
  label: (i: number) => number,
): void {
  const round = roundTo(job.dtype)
  const out = job.grad!.out
  const end = base + job.cols
  let pos = 0
  let neg = -Infinity
  for (let i = base; i < end; i++) {
    const y = round(label(i))
    pos += round(y * round(p[i]!))
    neg = Math.max(neg, round(round(1 - y) * round(p[i]!)))
  }
  let ties = 0
  for (let i = base; i < end; i++) if (round(round(1 - round(label(i))) * round(p[i]!)) === neg) ties++
  const c = round(s * k(round(round(neg - round(pos)) + 1)))
  for (let i = base; i < end; i++) {
    const y = round(label(i))
    const negative = round(1 - y)
    const tied = round(negative * round(p[i]!)) === neg
    out[i + shift] = round(c * (tied ? round(round(negative / ties) - y) : -y))
  }
}

/** The gradient job's kink has a fast loop (see fast-grad.ts): 1 or 0, not one half. */
export const fastKink = (grad: GradJob): boolean => grad.kink !== 'half'
