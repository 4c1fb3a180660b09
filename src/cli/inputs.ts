import { rm, stat } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { openArrow } from '../columnar/arrow'
import { openParquet } from '../columnar/parquet'
import { NpyReader } from '../npy/reader'
import { NpyWriter } from '../npy/writer'
import type { FloatArray } from '../types'
import type { ArrayReader } from './array-reader'
import { OutputFailed } from './output'

/** A problem with the command line or its input files: reported in one line, exit code 2. */
export class CliInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CliInputError'
  }
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
}

/** File-system errors become a readable refusal naming the option; others pass unchanged. */
function refusal(option: string, file: string, error: unknown, reasons: Record<string, string> = FILE_ERRORS): unknown {
  const reason = reasons[(error as { code?: string }).code ?? '']
  return reason === undefined ? error : new CliInputError(`${option} ${file}: ${reason}`)
}

async function statOf(option: string, file: string): Promise<Stats> {
  try {
    return await stat(file)
  } catch (error) {
    throw refusal(option, file, error)
  }
}

/** What is not a regular file cannot be read or written at positions, and opening a FIFO can wait forever. */
function checkRegular(option: string, file: string, stats: Stats): void {
  if (stats.isDirectory()) throw new CliInputError(`${option} ${file}: is a directory`)
  if (!stats.isFile()) throw new CliInputError(`${option} ${file}: not a regular file (a FIFO, socket or device); give the .npy file itself`)
}

/** Columnar formats by extension, and how a column of each is opened. */
const COLUMNAR: Record<string, (file: string, column: string | undefined) => Promise<ArrayReader>> = {
  '.arrow': openArrow,
  '.feather': openArrow,
  '.arrows': openArrow,
  '.parquet': openParquet,
}

/** An input as given: a file, and for a columnar one the column after `#`. */
export interface InputSpec {
  file: string
  column?: string | undefined
}

/**
 * Splits `FILE#COLUMN` at the `#` after a columnar file's extension: an .npy file's name, or
 * a name without such an extension, is the file's whole name, `#` included.
 */
export function parseInput(spec: string): InputSpec {
  const match = /^(.*\.(?:arrow|arrows|feather|parquet))#(.*)$/is.exec(spec)
  return match === null ? { file: spec } : { file: match[1]!, column: match[2]! }
}

const extensionOf = (file: string): string => /\.[^./\\]*$/.exec(file)?.[0].toLowerCase() ?? ''

/**
 * Opens the input given to `option`: an .npy file, or a column of an Arrow IPC or Parquet
 * file (by extension), turning file-system errors into a readable refusal.
 */
export async function openInput(option: string, spec: string): Promise<ArrayReader> {
  const { file, column } = parseInput(spec)
  checkRegular(option, file, await statOf(option, file))
  const columnar = COLUMNAR[extensionOf(file)]
  try {
    return await (columnar === undefined ? NpyReader.open(file) : columnar(file, column))
  } catch (error) {
    throw refusal(option, file, error)
  }
}

/** Checks the --out file before anything runs: a regular file or none yet, and none of the inputs. */
export async function checkOutput(file: string, inputs: readonly string[]): Promise<void> {
  let stats: Stats
  try {
    stats = await stat(file)
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return
    throw refusal('--out', file, error)
  }
  checkRegular('--out', file, stats)
  for (const input of inputs) {
    const other = await stat(parseInput(input).file)
    if (other.dev === stats.dev && other.ino === stats.ino) throw new CliInputError(`--out ${file}: is also an input (${input})`)
  }
}

/** The per-sample values of 'none' written to `file` as an .npy of `shape`, piece by piece. */
export interface SampleFile {
  write(start: number, values: FloatArray): Promise<void>
  /** Closes the file; removes it unless the run `succeeded`, so that no partial array remains. */
  finish(succeeded: boolean): Promise<void>
}

const OUT_ERRORS = { ...FILE_ERRORS, ENOENT: 'no such directory' }

export async function createOutput(file: string, Kind: Float32ArrayConstructor | Float64ArrayConstructor, shape: readonly number[]): Promise<SampleFile> {
  let writer: NpyWriter
  try {
    writer = await NpyWriter.create(file, Kind, shape)
  } catch (error) {
    const refused = refusal('--out', file, error, OUT_ERRORS)
    throw refused === error ? new OutputFailed(`--out ${file}`, error as Error) : refused
  }
  return {
    async write(start, values) {
      try {
        await writer.write(start, values)
      } catch (error) {
        throw new OutputFailed(`--out ${file}`, error as Error)
      }
    },
    async finish(succeeded) {
      await writer.close()
      if (!succeeded) await rm(file, { force: true })
    },
  }
}
