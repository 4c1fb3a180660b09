import { open } from 'node:fs/promises'
import type { Data, DataType, RecordBatch, Schema } from 'apache-arrow'
import { widenHalf } from '../half'
import type { NumberArray } from '../types'
import { BatchedReader, type Batches } from './batches'
import { pickColumn } from './column'
import { asColumnarError, ColumnarError, missingPackage } from './errors'
import { fromBigInts, nullAt, unpackBits, type Where } from './values'

type Arrow = typeof import('apache-arrow')

/** apache-arrow, loaded only when an Arrow file is given: `require('hinge-losses')` never loads it. */
async function loadArrow(file: string): Promise<Arrow> {
  try {
    return await import('apache-arrow')
  } catch (error) {
    throw missingPackage(file, error, 'apache-arrow', 'Arrow IPC files')
  }
}

/** The record batches of the file or stream, in order, each read when asked for; the file is open while they are. */
async function* recordBatches(arrow: Arrow, file: string): AsyncGenerator<RecordBatch, void, undefined> {
  const handle = await open(file, 'r')
  try {
    const reader = await arrow.RecordBatchReader.from(handle)
    yield* reader
  } finally {
    await handle.close()
  }
}

/** Values a row of a column of type `type`, or why it cannot be read as numbers. */
function widthOf(arrow: Arrow, type: DataType): number | string {
  const numeric = (t: DataType) => arrow.DataType.isFloat(t) || arrow.DataType.isInt(t) || arrow.DataType.isBool(t)
  if (numeric(type)) return 1
  if (arrow.DataType.isFixedSizeList(type) && numeric(type.children[0]!.type)) return type.listSize
  return `is of type ${String(type)}; expected numbers: a numeric column, or a FixedSizeList of numbers`
}

/** The first of the first `count` values of `data` that is null, or -1. */
function firstNull(data: Data, count: number): number {
  if (data.nullCount === 0) return -1
  for (let i = 0; i < count; i++) if (!data.getValid(i)) return i
  return -1
}

/**
 * The column's values in a record batch, row-major, refusing nulls (naming the row).
 * Read in place but for half floats (widened exactly), booleans (unpacked) and 64-bit
 * integers (float64, exact within ±2^53). apache-arrow's Data starts its buffers at its
 * offset, a FixedSizeList's child included, but for the bits of booleans.
 */
function batchValues(arrow: Arrow, data: Data, where: Where, firstRow: number): NumberArray {
  const nullRow = firstNull(data, data.length)
  if (nullRow >= 0) throw nullAt(where, firstRow + nullRow)
  const leaf = arrow.DataType.isFixedSizeList(data.type) ? data.children[0]! : data
  const count = data.length * where.width
  const nullValue = firstNull(leaf, count)
  if (nullValue >= 0) throw nullAt(where, firstRow + Math.floor(nullValue / where.width))
  const type = leaf.type
  if (arrow.DataType.isBool(type)) return unpackBits(leaf.values as Uint8Array, leaf.offset, count)
  const values = (leaf.values as NumberArray | BigInt64Array | BigUint64Array).subarray(0, count)
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return fromBigInts(values, where, firstRow)
  if (arrow.DataType.isFloat(type) && type.precision === arrow.Precision.HALF) return widenHalf(values as Uint16Array, 'float16')
  return values
}

/** The batches of one column, read on in order; a batch before the current one starts the file again. */
class ArrowBatches implements Batches {
  private batches: AsyncGenerator<RecordBatch, void, undefined> | undefined
  /** Index of the next batch `batches` gives. */
  private next = 0
  private firstRows: number[] = [0]

  constructor(
    private readonly arrow: Arrow,
    private readonly where: Where,
    private readonly index: number,
    readonly rows: readonly number[],
  ) {
    for (const n of rows) this.firstRows.push(this.firstRows[this.firstRows.length - 1]! + n)
  }

  async load(index: number): Promise<NumberArray> {
    if (this.batches === undefined || index < this.next) {
      await this.close()
      this.batches = recordBatches(this.arrow, this.where.file)
      this.next = 0
    }
    for (;;) {
      const { value, done } = await this.batches.next().catch((error: unknown) => Promise.reject(asColumnarError(this.where.file, error)))
      if (done) throw new ColumnarError(this.where.file, 'the file changed while being read')
      if (this.next++ === index) return batchValues(this.arrow, value.data.children[this.index]!, this.where, this.firstRows[index]!)
    }
  }

  async close(): Promise<void> {
    await this.batches?.return()
    this.batches = undefined
  }
}

/**
 * Opens a column of an Arrow IPC file (.arrow, .feather) or stream (.arrows). One pass over
 * the batches, one at a time, counts the rows and refuses nulls before anything is computed;
 * the evaluation then reads them again in order.
 */
export async function openArrow(file: string, column: string | undefined): Promise<BatchedReader> {
  const arrow = await loadArrow(file)
  const rows: number[] = []
  let schema: Schema | undefined
  let where: Where | undefined
  let index = -1
  let firstRow = 0
  try {
    const handle = await open(file, 'r')
    try {
      const reader = await arrow.RecordBatchReader.from(handle)
      await reader.open()
      schema = reader.schema
      const names = schema.fields.map((f) => f.name)
      index = pickColumn(file, names, column)
      const type = schema.fields[index]!.type
      const width = widthOf(arrow, type)
      if (typeof width === 'string') throw new ColumnarError(file, `column "${names[index]}" ${width}`)
      where = { file, column: names[index]!, width }
      for await (const batch of reader) {
        batchValues(arrow, batch.data.children[index]!, where, firstRow)
        rows.push(batch.numRows)
        firstRow += batch.numRows
      }
    } finally {
      await handle.close()
    }
  } catch (error) {
    throw asColumnarError(file, error)
  }
  return new BatchedReader(new ArrowBatches(arrow, where, index, rows), [firstRow, where.width], where.width)
}
