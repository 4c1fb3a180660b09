// Writes .npy files for the tests, byte for byte as NumPy's np.save does (format 1.0, or
// 2.0 / 3.0 when asked), with knobs to break them. Shares no code with the package.
const fs = require('node:fs')

const DESCR = {
  // Half precision: the values are given as their bits.
  '<f2': Uint16Array,
  '<f4': Float32Array,
  '<f8': Float64Array,
  '|i1': Int8Array,
  '<i2': Int16Array,
  '<i4': Int32Array,
  '<i8': BigInt64Array,
  '|u1': Uint8Array,
  '<u2': Uint16Array,
  '<u4': Uint32Array,
  '<u8': BigUint64Array,
  '|b1': Uint8Array,
}

/** NumPy's header text: the dict, padded with spaces and a newline so the data starts at a multiple of 64. */
function headerText({ descr, shape, fortran = false, dict }, prefixLength) {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  const text = dict ?? `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${tuple}, }`
  const pad = (64 - ((prefixLength + text.length + 1) % 64)) % 64
  return `${text}${' '.repeat(pad)}\n`
}

/**
 * The bytes of an .npy file holding `values` (numbers, or bigints for 64-bit integers)
 * as `descr` with `shape`. Options: version (1, 2, 3), fortran, dict (a header text of
 * one's own), magic (replaces the magic string), cut (bytes dropped from the end).
 */
function npyBytes(values, { descr = '<f4', shape = [values.length], version = 1, fortran = false, dict, magic = '\x93NUMPY', cut = 0 } = {}) {
  const Kind = DESCR[descr] ?? Uint8Array
  const wide = Kind === BigInt64Array || Kind === BigUint64Array
  const data = Kind.from(values, (v) => (wide ? BigInt(v) : v))
  const lengthSize = version === 1 ? 2 : 4
  const text = headerText({ descr, shape, fortran, dict }, 8 + lengthSize)
  const prefix = Buffer.alloc(8 + lengthSize)
  prefix.write(magic, 0, 'latin1')
  prefix[6] = version
  prefix[7] = 0
  if (version === 1) prefix.writeUInt16LE(text.length, 8)
  else prefix.writeUInt32LE(text.length, 8)
  const bytes = Buffer.concat([prefix, Buffer.from(text, version === 3 ? 'utf8' : 'latin1'), Buffer.from(data.buffer)])
  return bytes.subarray(0, bytes.length - cut)
}

function writeNpy(file, values, options) {
  fs.writeFileSync(file, npyBytes(values, options))
  return file
}

module.exports = { npyBytes, writeNpy }
