import type { DType, FloatArray, LossName, Reduction } from '../types'

/** The per-sample values of 'none': in memory, or written to an .npy file (--out). */
export type Samples = { data: FloatArray; shape: number[] } | { file: string; shape: number[] }

/** One evaluation, as printed. */
export interface Report {
  loss: LossName
  reduction: Exclude<Reduction, null>
  dtype: DType
  /** Number of per-sample losses. */
  rows: number
  backend: 'native' | 'js'
  value: number | Samples
  /** The input files, or 'generated' for the demo. */
  files: { yTrue: string; yPred: string; sampleWeight?: string | undefined }
  milliseconds: number
}

/** Values per piece of output: a piece stays a few MiB however many values there are. */
const PIECE = 1 << 16

/** The values as text in pieces, `format` applied to each, `separator` between them. */
function* joined(data: FloatArray, format: (v: number) => string, separator: string): Generator<string> {
  for (let i = 0; i < data.length; i += PIECE) {
    const piece = Array.from(data.subarray(i, i + PIECE), format).join(separator)
    yield i === 0 ? piece : `${separator}${piece}`
  }
}

/** JSON has no NaN: a non-finite number prints as null, as JSON.stringify does. */
const jsonNumber = (v: number): string => (Number.isFinite(v) ? String(v) : 'null')

/**
 * One JSON object on one line, in pieces: a value, the per-sample values and their shape,
 * or the file they were written to (`out`) and their shape. Non-finite numbers print as null.
 */
export function* formatJson(report: Report): Generator<string> {
  const { value, ...rest } = report
  const head = JSON.stringify(rest).slice(0, -1)
  if (typeof value === 'number') {
    yield `${head},"value":${jsonNumber(value)}}\n`
  } else if ('file' in value) {
    yield `${head},"out":${JSON.stringify(value.file)},"shape":${JSON.stringify(value.shape)}}\n`
  } else {
    yield `${head},"value":[`
    yield* joined(value.data, jsonNumber, ',')
    yield `],"shape":${JSON.stringify(value.shape)}}\n`
  }
}

/** The line about the run, for stderr. */
export function formatSummary(report: Report): string {
  const { loss, reduction, dtype, rows, backend, value, milliseconds } = report
  const to = typeof value === 'object' && 'file' in value ? `, written to ${value.file}` : ''
  return `${loss} (${reduction}, ${dtype}) over ${rows.toLocaleString('en')} samples on the ${backend} backend in ${milliseconds.toFixed(1)} ms${to}\n`
}

/** The result alone, for stdout: the value, or one per-sample value a line (nothing when they went to a file). */
export function* formatText(report: Report): Generator<string> {
  const { value } = report
  if (typeof value === 'number') {
    yield `${value}\n`
  } else if ('data' in value && value.data.length > 0) {
    yield* joined(value.data, String, '\n')
    yield '\n'
  }
}
