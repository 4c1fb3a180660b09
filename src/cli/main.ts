import { rm } from 'node:fs/promises'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { LossInputError } from '../errors'
import { LossKind } from '../job'
import { loadNativeKernel } from '../native/backend'
import { NpyFormatError } from '../npy/errors'
import { MAX_WEIGHTED } from '../reduction'
import { selector } from '../select'
import { formatShape, sizeOf } from '../shape'
import type { DType, FloatArray, LossName } from '../types'
import type { ArrayReader } from './array-reader'
import { writeDemoFiles } from './demo'
import { evaluateFiles, type SampleSink } from './evaluate'
import { CliInputError, checkOutput, createOutput, openInput, type SampleFile } from './inputs'
import { emit, OutputClosed, OutputFailed, tolerateErrors } from './output'
import { progressBar } from './progress'
import type { WorkerCommandOptions } from './queue'
import { formatJson, formatSummary, formatText, type Report, type Samples } from './report'

const KINDS: Record<LossName, LossKind> = {
  hinge: LossKind.Hinge,
  squared_hinge: LossKind.SquaredHinge,
  categorical_hinge: LossKind.CategoricalHinge,
  sparse_categorical_hinge: LossKind.SparseCategoricalHinge,
}

type CliReduction = Report['reduction']

/**
 * The backend, chosen by HINGE_LOSSES_BACKEND and whether the binary loads, as for the
 * package entry; unlike the entry it sends small inputs to the native kernels too: chunks
 * are large but for the last, and one kernel keeps a file's sums in one summation order.
 */
const engine = selector(loadNativeKernel)

interface EvalOptions {
  loss?: LossName
  yTrue?: string
  yPred?: string
  sampleWeight?: string
  mask?: string
  reduction: CliReduction
  dtype: DType
  chunkRows?: number
  out?: string
  json?: boolean
  demo?: boolean
  redis?: string
  queue?: string
  shardRows?: number
  timeout?: number
}

interface Output {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
}

interface Files {
  yTrue: string
  yPred: string
  sampleWeight?: string | undefined
  mask?: string | undefined
}

function positiveInteger(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer')
  return n
}

/**
 * Errors that describe the user's input or setup rather than a fault of the program: the
 * CLI's and the library's refusals, and coded errors (a bad HINGE_LOSSES_BACKEND is
 * ERR_INVALID_BACKEND; the binding refuses a bad HINGE_LOSSES_NUM_THREADS with InvalidArg).
 */
function isInputError(error: unknown): error is Error {
  if (error instanceof CliInputError || error instanceof NpyFormatError || error instanceof LossInputError) return true
  const code = (error as { code?: unknown } | null)?.code
  return error instanceof Error && typeof code === 'string' && (code.startsWith('ERR_') || code === 'InvalidArg')
}

/** An error as one line after the CLI's own prefix (library messages may carry it already). */
const oneLine = (error: Error): string => `hinge-losses: ${error.message.replace(/^hinge-losses: /, '').replace(/\s*\n\s*/g, ' ')}\n`

const arrayKind = (dtype: DType) => (dtype === 'float32' ? Float32Array : Float64Array)

/** Where 'none' puts its per-sample values: an .npy file (--out), or memory, to be printed. */
interface SampleTarget {
  sink(shape: number[]): Promise<SampleSink>
  /** The values as reported, once the run is over. */
  samples(shape: number[]): Samples
  finish(succeeded: boolean): Promise<void>
}

function fileTarget(file: string, dtype: DType): SampleTarget {
  let output: SampleFile | undefined
  return {
    async sink(shape) {
      output = await createOutput(file, arrayKind(dtype), shape)
      return output.write
    },
    samples: (shape) => ({ file, shape }),
    finish: async (succeeded) => output?.finish(succeeded),
  }
}

function memoryTarget(dtype: DType): SampleTarget {
  let data: FloatArray | undefined
  return {
    async sink(shape) {
      const n = sizeOf(shape)
      if (n > MAX_WEIGHTED) {
        throw new CliInputError(`the ${n} per-sample values of shape ${formatShape(shape)} are more than one array in memory holds; write them with --out FILE.npy`)
      }
      const values = (data = new (arrayKind(dtype))(n))
      return async (start, v) => values.set(v, start)
    },
    samples: (shape) => ({ data: data!, shape }),
    finish: async () => {},
  }
}

async function closeAll(readers: (ArrayReader | undefined)[]): Promise<void> {
  await Promise.all(readers.map((reader) => reader?.close()))
}

/** Evaluates one loss over the files and prints the report; the readers are closed whatever happens. */
async function evaluateAndPrint(loss: LossName, files: Files, options: EvalOptions, out: Output): Promise<void> {
  const kernel = engine.kernel()
  const readers: (ArrayReader | undefined)[] = []
  try {
    const yTrue = await openInput('--y-true', files.yTrue)
    readers.push(yTrue)
    const yPred = await openInput('--y-pred', files.yPred)
    readers.push(yPred)
    const sampleWeight = files.sampleWeight === undefined ? undefined : await openInput('--sample-weight', files.sampleWeight)
    readers.push(sampleWeight)
    const mask = files.mask === undefined ? undefined : await openInput('--mask', files.mask)
    readers.push(mask)
    if (options.out !== undefined) await checkOutput(options.out, Object.values(files).filter((f) => f !== undefined))
    const target = options.out === undefined ? memoryTarget(options.dtype) : fileTarget(options.out, options.dtype)
    const progress = progressBar(out.stderr)
    const start = performance.now()
    const { rows, value } = await evaluateFiles({
      kind: KINDS[loss],
      yTrue,
      yPred,
      sampleWeight,
      mask,
      reduction: options.reduction,
      dtype: options.dtype,
      kernel,
      chunkRows: options.chunkRows,
      samples: target.sink,
      onProgress: progress.update,
    })
      .finally(progress.stop)
      .then(
        async (result) => {
          await target.finish(true)
          return result
        },
        async (error: unknown) => {
          await target.finish(false)
          throw error
        },
      )
    const report: Report = {
      loss,
      reduction: options.reduction,
      dtype: options.dtype,
      rows,
      backend: kernel.name,
      value: typeof value === 'number' ? value : target.samples(value.shape),
      files,
      milliseconds: performance.now() - start,
    }
    out.stderr.write(formatSummary(report))
    await emit(out.stdout, options.json ? formatJson(report) : formatText(report))
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
  if (options.redis !== undefined && (options.demo || options.out !== undefined)) throw new CliInputError('--redis evaluates files that every worker reads to a reduced value: not with --demo or --out')
  if (options.out !== undefined && options.reduction !== 'none') throw new CliInputError('--out writes the per-sample values of --reduction none')
  if (options.out !== undefined && options.demo) throw new CliInputError('--out writes the values of one evaluation, not of --demo')
  if (options.demo) return demo(options, out)
  const missing = (['loss', 'yTrue', 'yPred'] as const).filter((key) => options[key] === undefined)
  if (missing.length > 0) {
    const flags = missing.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)
    throw new CliInputError(`eval needs ${flags.join(', ')} (or --demo)`)
  }
  const files = { yTrue: options.yTrue!, yPred: options.yPred!, sampleWeight: options.sampleWeight, mask: options.mask }
  if (options.redis !== undefined) return (await import('./queue')).evaluateOnQueue({ ...options, loss: options.loss!, files, redis: options.redis }, engine.backend(), out)
  return evaluateAndPrint(options.loss!, files, options, out)
}

function program(out: Output, version: string): Command {
  const root = new Command('hinge-losses')
    .description("Keras' hinge, squared hinge and categorical hinge losses over NumPy .npy, Parquet and Arrow IPC files")
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.stdout.write(s), writeErr: (s) => out.stderr.write(s) })
  root
    .command('eval')
    .description(
      "the loss class's compute() over whole arrays read in chunks of rows: .npy files, or columns of .parquet, .arrow / .feather (Arrow IPC file) and .arrows (Arrow IPC stream) files, FILE#COLUMN naming the column",
    )
    .addOption(new Option('--loss <name>', 'the loss').choices(Object.keys(KINDS)))
    .option('--y-true <file>', 'labels, or class ids for sparse_categorical_hinge (.npy, or FILE#COLUMN)')
    .option('--y-pred <file>', 'predictions (.npy, or FILE#COLUMN)')
    .option('--sample-weight <file>', 'sample weights (.npy, or FILE#COLUMN)')
    .option('--mask <file>', "Keras' mask of y_pred, 0 or 1 per sample (.npy, or FILE#COLUMN); read whole")
    .addOption(new Option('--reduction <name>', 'the reduction').choices(['sum_over_batch_size', 'sum', 'none', 'mean', 'mean_with_sample_weight']).default('sum_over_batch_size'))
    .addOption(new Option('--dtype <dtype>', 'the compute dtype').choices(['float32', 'float64']).default('float32'))
    .option('--chunk-rows <n>', 'rows read per chunk (default: about 2^20 elements of y_pred; longer rows are read in pieces)', positiveInteger)
    .option('--out <file>', "write the per-sample values of --reduction none to an .npy file instead of stdout")
    .option('--json', 'print one JSON object per evaluation')
    .option('--demo', 'evaluate on a generated data set')
    .option('--redis <url>', 'evaluate on the BullMQ queue of this Redis server (redis://host:port), by `hinge-losses worker` processes that read the same files')
    .option('--queue <name>', 'the queue, with --redis (default: hinge-losses)')
    .option('--shard-rows <n>', 'rows per shard, with --redis (default: 8 chunks)', positiveInteger)
    .option('--timeout <seconds>', 'with --redis: give up when no shard finishes for this long (default: 600)', positiveInteger)
    .action((options: EvalOptions) => evaluate(options, out))
  root
    .command('worker')
    .description('evaluate the shards of `eval --redis` from a BullMQ queue until SIGINT or SIGTERM')
    .requiredOption('--redis <url>', 'the Redis server (redis://host:port)')
    .option('--queue <name>', 'the queue (default: hinge-losses)')
    .option('--concurrency <n>', 'jobs evaluated at once (default: 1)', positiveInteger)
    .option('--stall-ms <ms>', "a job's lock lifetime and the stalled-job check's period: the delay before a dead worker's job runs again (default: 30000)", positiveInteger)
    .action(async (options: WorkerCommandOptions) => (await import('./queue')).runWorker(options, out))
  return root
}

/**
 * Runs the command line `argv` (as process.argv: node, script, arguments…) and returns
 * the exit code: 0, 2 for a usage error or an input that cannot be evaluated, or 1 when
 * the result cannot be written. The
 * result goes to stdout, everything else to stderr; when stdout's reader goes away
 * (`… | head`), the run stops quietly with 0.
 */
export async function main(argv: string[], out: Output = process, version = 'unknown'): Promise<number> {
  tolerateErrors(out.stdout)
  tolerateErrors(out.stderr)
  try {
    await program(out, version).parseAsync(argv)
    return 0
  } catch (error) {
    // Commander has already printed its own errors (and --help / --version, which exit 0).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    if (error instanceof OutputClosed) return 0
    if (error instanceof OutputFailed) {
      out.stderr.write(oneLine(error))
      return 1
    }
    if (!isInputError(error)) throw error
    out.stderr.write(oneLine(error))
    return 2
  }
}
