import { CliInputError } from '../cli/inputs'
import { LossKind } from '../job'
import { pairLayout, sparseLayout, type PairLayout } from '../prepare'
import { reductionPlan, type ReductionPlan } from '../reduction'
import { formatShape } from '../shape'
import type { LossName } from '../types'
import type { EvaluationSpec } from './spec'

export const KINDS: Record<LossName, LossKind> = {
  hinge: LossKind.Hinge,
  squared_hinge: LossKind.SquaredHinge,
  categorical_hinge: LossKind.CategoricalHinge,
  sparse_categorical_hinge: LossKind.SparseCategoricalHinge,
}

/** Keras' {0,1} label rule applies to these losses. */
export const hasLabelRule = (loss: LossName): boolean => loss === 'hinge' || loss === 'squared_hinge'

export interface EvaluationPlan {
  kind: LossKind
  layout: PairLayout
  plan: ReductionPlan
}

/**
 * The checks and the plan of the local eval, on the shapes alone: the submitter runs them
 * before anything is queued, every shard and the merge again on the spec's shapes.
 */
export function evaluationPlan(spec: Pick<EvaluationSpec, 'loss' | 'reduction' | 'dtype' | 'shapes'>): EvaluationPlan {
  const kind = KINDS[spec.loss]
  const layout = (kind === LossKind.SparseCategoricalHinge ? sparseLayout : pairLayout)(spec.shapes.yTrue, spec.shapes.yPred)
  const plan = reductionPlan(layout.shape, spec.shapes.sampleWeight, spec.reduction, spec.dtype)
  if (plan.weighting.mode === 'expanded') {
    // Their expansion walks every weighted loss in one order over the whole broadcast, which rows cannot split.
    throw new CliInputError(
      `--sample-weight of shape ${formatShape(spec.shapes.sampleWeight!)} broadcasts the per-sample losses of shape ${formatShape(layout.shape)} to a larger shape; such weights are evaluated without --redis`,
    )
  }
  return { kind, layout, plan }
}
