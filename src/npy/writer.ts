import { open } from 'node:fs/promises'
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

/** Writes `data` (row-major, of shape `shape`) as a little-endian C-order .npy file, without copying it. */
export async function writeNpy(file: string, data: NumberArray, shape: readonly number[]): Promise<void> {
  const handle = await open(file, 'w')
  try {
    await handle.writeFile(header(DESCR[data.constructor.name]!, shape))
    await handle.writeFile(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
  } finally {
    await handle.close()
  }
}
