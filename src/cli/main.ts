import { rm } from 'node:fs/promises'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { LossInputError } from '../errors'
import { LossKind } from '../job'
import { loadNativeKernel } from '../native/backend'
import { NpyFormatError } from '../npy/errors'
import type { NpyReader } from '../npy/reader'
import { selector } from '../select'
import type { DType, LossName } from '../types'
import { writeDemoFiles } from './demo'
import { evaluateFiles } from './evaluate'
import { CliInputError, openInput } from './inputs'
import { progressBar } from './progress'
import { formatJson, formatText, type Report } from './report'

const KINDS: Record<LossName, LossKind> = {
  hinge: LossKind.Hinge,
  squared_hinge: LossKind.SquaredHinge,
  categorical_hinge: LossKind.CategoricalHinge,
}

type CliReduction = Report['reduction']

/** The backend, chosen as the package entry chooses it (HINGE_LOSSES_BACKEND, then the binary if it loads). */
const engine = selector(loadNativeKernel)

interface EvalOptions {
  loss?: LossName
  yTrue?: string
  yPred?: string
  sampleWeight?: string
  reduction: CliReduction
  dtype: DType
  chunkRows?: number
  json?: boolean
  demo?: boolean
}

interface Output {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
}

interface Files {
  yTrue: string
  yPred: string
  sampleWeight?: string | undefined
}

function positiveInteger(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer')
  return n
}

/** Errors that describe the user's input or setup rather than a fault of the program. */
function isInputError(error: unknown): error is Error {
  if (error instanceof CliInputError || error instanceof NpyFormatError || error instanceof LossInputError) return true
  const code = (error as { code?: unknown } | null)?.code
  return code === 'ERR_INVALID_BACKEND' || code === 'ERR_NATIVE_UNAVAILABLE'
}

async function closeAll(readers: (NpyReader | undefined)[]): Promise<void> {
  await Promise.all(readers.map((reader) => reader?.close()))
}

/** Evaluates one loss over the files and prints the report; the readers are closed whatever happens. */
async function evaluateAndPrint(loss: LossName, files: Files, options: EvalOptions, out: Output): Promise<void> {
  const kernel = engine.kernel()
  const readers: (NpyReader | undefined)[] = []
  try {
    const yTrue = await openInput('--y-true', files.yTrue)
    readers.push(yTrue)
    const yPred = await openInput('--y-pred', files.yPred)
    readers.push(yPred)
    const sampleWeight = files.sampleWeight === undefined ? undefined : await openInput('--sample-weight', files.sampleWeight)
    readers.push(sampleWeight)
    const progress = progressBar(out.stderr)
    const start = performance.now()
    const { value, rows } = await evaluateFiles({
      kind: KINDS[loss],
      yTrue,
      yPred,
      sampleWeight,
      reduction: options.reduction,
      dtype: options.dtype,
      kernel,
      chunkRows: options.chunkRows,
      onProgress: progress.update,
    }).finally(progress.stop)
    const report: Report = { loss, reduction: options.reduction, dtype: options.dtype, rows, backend: kernel.name, value, files, milliseconds: performance.now() - start }
    out.stdout.write(`${options.json ? formatJson(report) : formatText(report)}\n`)
  } finally {
    await closeAll(readers)
  }
}

/** `eval --demo`: the chosen loss, or each loss, over a generated data set written to a temporary directory. */
async function demo(options: EvalOptions, out: Output): Promise<void> {
  const files = await writeDemoFiles()
  try {
    const losses = options.loss === undefined ? (Object.keys(KINDS) as LossName[]) : [options.loss]
    for (const loss of losses) {
      await evaluateAndPrint(loss, { yTrue: files.yTrue[loss], yPred: files.yPred }, options, out)
    }
  } finally {
    await rm(files.dir, { recursive: true, force: true })
  }
}

async function evaluate(options: EvalOptions, out: Output): Promise<void> {
  if (options.demo) return demo(options, out)
  const missing = (['loss', 'yTrue', 'yPred'] as const).filter((key) => options[key] === undefined)
  if (missing.length > 0) {
    const flags = missing.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)
    throw new CliInputError(`eval needs ${flags.join(', ')} (or --demo)`)
  }
  const files = { yTrue: options.yTrue!, yPred: options.yPred!, sampleWeight: options.sampleWeight }
  return evaluateAndPrint(options.loss!, files, options, out)
}

function program(out: Output, version: string): Command {
  const root = new Command('hinge-losses')
    .description("Keras' hinge, squared hinge and categorical hinge losses over NumPy .npy files")
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.stdout.write(s), writeErr: (s) => out.stderr.write(s) })
  root
    .command('eval')
    .description("the loss class's compute() over whole .npy arrays, read in chunks of rows")
    .addOption(new Option('--loss <name>', 'the loss').choices(Object.keys(KINDS)))
    .option('--y-true <file>', 'labels (.npy)')
    .option('--y-pred <file>', 'predictions (.npy)')
    .option('--sample-weight <file>', 'sample weights (.npy)')
    .addOption(new Option('--reduction <name>', 'the reduction').choices(['sum_over_batch_size', 'sum', 'none', 'mean', 'mean_with_sample_weight']).default('sum_over_batch_size'))
    .addOption(new Option('--dtype <dtype>', 'the compute dtype').choices(['float32', 'float64']).default('float32'))
    .option('--chunk-rows <n>', 'rows read per chunk (default: about 2^20 elements of y_pred)', positiveInteger)
    .option('--json', 'print one JSON object per evaluation')
    .option('--demo', 'evaluate on a generated data set')
    .action((options: EvalOptions) => evaluate(options, out))
  return root
}

/**
 * Runs the command line `argv` (as process.argv: node, script, arguments…) and returns
 * the exit code: 0, or 2 for a usage error or an input that cannot be evaluated.
 */
export async function main(argv: string[], out: Output = process, version = 'unknown'): Promise<number> {
  try {
    await program(out, version).parseAsync(argv)
    return 0
  } catch (error) {
    // Commander has already printed its own errors (and --help / --version, which exit 0).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    if (!isInputError(error)) throw error
    out.stderr.write(`hinge-losses: ${error.message}\n`)
    return 2
  }
}
