import { ColumnarError } from './errors'

/** Where a column's values come from, for messages: the file and the column. */
export interface Where {
  file: string
  column: string
  /** Values a row: 1 for a flat column. */
  width: number
}

/** The row of the batch's `index`-th value, counted from the file's first row. */
const rowOf = (where: Where, firstRow: number, index: number): number => firstRow + Math.floor(index / where.width)

export function nullAt(where: Where, row: number): ColumnarError {
  return new ColumnarError(where.file, `column "${where.column}" has a null at row ${row}; nulls have no loss (fill or drop them first)`)
}

/** 2^53: beyond, 64-bit integers stop being exact as numbers. */
const LIMIT = 2n ** 53n

/** 64-bit integers as float64 numbers, refused beyond ±2^53 rather than rounded. */
export function fromBigInts(values: ArrayLike<bigint>, where: Where, firstRow: number): Float64Array {
  const out = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v > LIMIT || v < -LIMIT) {
      throw new ColumnarError(where.file, `column "${where.column}" holds ${v} at row ${rowOf(where, firstRow, i)}, beyond ±2^53, where 64-bit integers stop being exact as numbers`)
    }
    out[i] = Number(v)
  }
  return out
}

/** `count` bits from `offset` of an Arrow validity or boolean bitmap, as 0 and 1. */
export function unpackBits(bits: Uint8Array, offset: number, count: number): Uint8Array {
  const out = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const j = offset + i
    out[i] = (bits[j >> 3]! >> (j & 7)) & 1
  }
  return out
}
