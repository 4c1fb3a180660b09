import type { DType, LossName, Reduction, Tensor } from '../types'

/** One evaluation, as printed. */
export interface Report {
  loss: LossName
  reduction: Exclude<Reduction, null>
  dtype: DType
  /** Number of per-sample losses. */
  rows: number
  backend: 'native' | 'js'
  value: number | Tensor
  /** The input files, or 'generated' for the demo. */
  files: { yTrue: string; yPred: string; sampleWeight?: string | undefined }
  milliseconds: number
}

/** One JSON object on one line; a Tensor value becomes its values and its shape. Non-finite numbers print as null, as JSON has no NaN. */
export function formatJson(report: Report): string {
  const { value, ...rest } = report
  const values = typeof value === 'number' ? { value } : { value: Array.from(value.data), shape: value.shape }
  return JSON.stringify({ ...rest, ...values })
}

/** A line about the run, then the value, or one per-sample value a line for 'none'. */
export function formatText(report: Report): string {
  const { loss, reduction, dtype, rows, backend, value, milliseconds } = report
  const head = `${loss} (${reduction}, ${dtype}) over ${rows.toLocaleString('en')} rows on the ${backend} backend in ${milliseconds.toFixed(1)} ms`
  const body = typeof value === 'number' ? String(value) : Array.from(value.data, String).join('\n')
  return body === '' ? head : `${head}\n${body}`
}
