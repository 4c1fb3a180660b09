import type { FileHandle } from 'node:fs/promises'
import { NPY_DTYPES, type NpyDType } from './dtype'
import { NpyFormatError } from './errors'
import { parsePyLiteral, type PyValue } from './literal'

/** What an .npy header says about the array that follows it. */
export interface NpyHeader {
  descr: string
  dtype: NpyDType
  shape: number[]
  /** Byte offset of the first element. */
  dataOffset: number
}

const MAGIC = Buffer.from('\x93NUMPY', 'latin1')
const SUPPORTED = [...NPY_DTYPES.keys()].join(' ')

/** The most bytes one `read` asks for: Node aborts on a length of 2^31 or more. */
const MAX_PIECE = 2 ** 30

/** Longest header accepted: NumPy writes a few hundred bytes, so more means a damaged or hostile file. */
const MAX_HEADER = 2 ** 20

/**
 * Fills `target` from `position` on, in reads of at most `maxPiece` bytes; returns the
 * bytes read, fewer than `target.length` only at the end of the file.
 */
export async function readAt(handle: FileHandle, target: Uint8Array, position: number, maxPiece = MAX_PIECE): Promise<number> {
  let done = 0
  while (done < target.length) {
    const { bytesRead } = await handle.read(target, done, Math.min(maxPiece, target.length - done), position + done)
    if (bytesRead === 0) break
    done += bytesRead
  }
  return done
}

function checkDescr(file: string, descr: PyValue | undefined): [string, NpyDType] {
  if (typeof descr !== 'string') {
    throw new NpyFormatError(file, `structured or missing dtype (descr ${JSON.stringify(descr)}); supported: ${SUPPORTED}`)
  }
  const dtype = NPY_DTYPES.get(descr)
  if (dtype === undefined) {
    const hint = descr.startsWith('>') ? ' (big-endian: convert with arr.astype(arr.dtype.newbyteorder("<")))' : ''
    throw new NpyFormatError(file, `unsupported dtype '${descr}'${hint}; supported: ${SUPPORTED}`)
  }
  return [descr, dtype]
}

function checkShape(file: string, shape: PyValue | undefined): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new NpyFormatError(file, `the header's shape must be a tuple of non-negative integers, found ${JSON.stringify(shape)}`)
  }
  return shape as number[]
}

/** Parses the header of an .npy file of `fileSize` bytes (format versions 1, 2 and 3); refuses Fortran order. */
export async function readHeader(handle: FileHandle, file: string, fileSize: number): Promise<NpyHeader> {
  const prefix = new Uint8Array(12)
  const got = await readAt(handle, prefix, 0)
  if (got < 10 || !MAGIC.equals(prefix.subarray(0, 6))) throw new NpyFormatError(file, 'not an .npy file (no \\x93NUMPY magic string)')
  const major = prefix[6]!
  if (major < 1 || major > 3) throw new NpyFormatError(file, `unsupported .npy format version ${major}.${prefix[7]}`)
  const bytes = Buffer.from(prefix.buffer)
  const lengthSize = major === 1 ? 2 : 4
  if (got < 8 + lengthSize) throw new NpyFormatError(file, 'the header is truncated')
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8)
  const dataOffset = 8 + lengthSize + headerLength
  if (headerLength > MAX_HEADER) throw new NpyFormatError(file, `the header length field says ${headerLength} bytes, more than the ${MAX_HEADER} a header may have`)
  if (dataOffset > fileSize) throw new NpyFormatError(file, `the header is truncated: its length field says ${headerLength} bytes, the file has ${fileSize} in all`)
  const header = new Uint8Array(headerLength)
  if ((await readAt(handle, header, 8 + lengthSize)) < headerLength) throw new NpyFormatError(file, 'the header is truncated')
  const text = Buffer.from(header).toString(major === 3 ? 'utf8' : 'latin1')
  let dict: PyValue
  try {
    dict = parsePyLiteral(text)
  } catch (error) {
    throw new NpyFormatError(file, `unreadable header: ${(error as Error).message}`)
  }
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) throw new NpyFormatError(file, 'the header is not a dictionary')
  const keys = Object.keys(dict).sort().join(', ')
  if (keys !== 'descr, fortran_order, shape') {
    throw new NpyFormatError(file, `the header must have the keys descr, fortran_order and shape, found ${keys || 'none'}`)
  }
  if (dict['fortran_order'] !== false) {
    throw new NpyFormatError(
      file,
      dict['fortran_order'] === true
        ? 'Fortran-order (column-major) arrays are not supported: save a C-order copy with np.save(path, np.ascontiguousarray(arr))'
        : 'the header\'s fortran_order must be True or False',
    )
  }
  const [descr, dtype] = checkDescr(file, dict['descr'])
  return { descr, dtype, shape: checkShape(file, dict['shape']), dataOffset }
}
