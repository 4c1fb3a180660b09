import { open, type FileHandle } from 'node:fs/promises'
import type { NumberArray } from '../types'

const DESCR: Record<string, string> = {
  Float32Array: '<f4',
  Float64Array: '<f8',
  Int8Array: '|i1',
  Uint8Array: '|u1',
  Int16Array: '<i2',
  Uint16Array: '<u2',
  Int32Array: '<i4',
  Uint32Array: '<u4',
}

/** The most bytes one `write` is given: Node aborts on a length of 2^31 or more. */
const MAX_PIECE = 2 ** 30

/** The header NumPy's `np.save` writes (format 1.0): the dict padded so the data starts at a multiple of 64. */
function header(descr: string, shape: readonly number[]): Buffer {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`
  const unpadded = 10 + dict.length + 1
  const text = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n'
  const prefix = Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0, 0, 0])
  prefix.writeUInt16LE(text.length, 8)
  return Buffer.concat([prefix, Buffer.from(text, 'latin1')])
}

/** A typed array constructor, or what of it names its element type. */
export interface ElementKind {
  readonly name: string
  readonly BYTES_PER_ELEMENT: number
}

const bytesOf = (data: NumberArray): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength)

async function writeAt(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, Math.min(MAX_PIECE, bytes.length - done), position + done)
    done += bytesWritten
  }
}

/**
 * An .npy file written in pieces (little-endian, C order): the header first, then the
 * elements at their positions, in any order, so that a piece written again replaces itself.
 */
export class NpyWriter {
  private constructor(
    private readonly handle: FileHandle,
    private readonly itemSize: number,
    private readonly dataOffset: number,
  ) {}

  /** Creates (or truncates) `file` for an array of `shape` of the element type of typed arrays `Kind`. */
  static async create(file: string, Kind: ElementKind, shape: readonly number[]): Promise<NpyWriter> {
    const handle = await open(file, 'w')
    try {
      const head = header(DESCR[Kind.name]!, shape)
      await writeAt(handle, head, 0)
      return new NpyWriter(handle, Kind.BYTES_PER_ELEMENT, head.length)
    } catch (error) {
      await handle.close()
      throw error
    }
  }

  /** Writes `data` as elements [start, start + data.length). */
  async write(start: number, data: NumberArray): Promise<void> {
    await writeAt(this.handle, bytesOf(data), this.dataOffset + start * this.itemSize)
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}

/** Writes `data` (row-major, of shape `shape`) as a little-endian C-order .npy file, without copying it. */
export async function writeNpy(file: string, data: NumberArray, shape: readonly number[]): Promise<void> {
  const writer = await NpyWriter.create(file, { name: data.constructor.name, BYTES_PER_ELEMENT: data.BYTES_PER_ELEMENT }, shape)
  try {
    await writer.write(0, data)
  } finally {
    await writer.close()
  }
}
