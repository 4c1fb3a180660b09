import { open, type FileHandle } from 'node:fs/promises'
import type { AsyncBuffer, ColumnData, Compressors, DecodedArray, FileMetaData, SchemaElement, SchemaTree } from 'hyparquet'
import { readAt } from '../npy/header'
import type { NumberArray } from '../types'
import { BatchedReader, type Batches } from './batches'
import { pickColumn } from './column'
import { importEsm } from './esm'
import { asColumnarError, ColumnarError, missingPackage } from './errors'
import { fromBigInts, nullAt, type Where } from './values'

type Hyparquet = typeof import('hyparquet')

interface Parquet {
  hyparquet: Hyparquet
  compressors: Compressors
}

/**
 * hyparquet and its decompressors (zstd, gzip, brotli, lz4; snappy is hyparquet's own),
 * loaded only when a Parquet file is given.
 */
async function loadParquet(file: string): Promise<Parquet> {
  try {
    const hyparquet = await importEsm<Hyparquet>('hyparquet')
    const { compressors } = await importEsm<{ compressors: Compressors }>('hyparquet-compressors')
    return { hyparquet, compressors }
  } catch (error) {
    throw missingPackage(file, error, 'hyparquet', 'Parquet files')
  }
}

/** The file as hyparquet reads it: byte ranges read when asked for, nothing kept. */
function fileBuffer(handle: FileHandle, file: string, byteLength: number): AsyncBuffer {
  return {
    byteLength,
    async slice(start, end = byteLength) {
      const bytes = new Uint8Array(end - start)
      if ((await readAt(handle, bytes, start)) < bytes.length) throw new ColumnarError(file, 'the file ended early (was it truncated while being read?)')
      return bytes.buffer
    },
  }
}

type Kind = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor

/** Integer annotations whose values are numbers as they are (dates, times, decimals are not). */
const INTEGERS = new Set([undefined, 'INT_8', 'INT_16', 'INT_32', 'INT_64', 'UINT_8', 'UINT_16', 'UINT_32', 'UINT_64'])

/**
 * The array a leaf's values go to, by its physical type and annotation, or undefined when
 * they are not plain numbers. float16 arrives from hyparquet as exact numbers, kept in float32.
 */
function leafKind(e: SchemaElement): Kind | undefined {
  const logical = e.logical_type?.type
  if (e.type === 'FIXED_LEN_BYTE_ARRAY') return logical === 'FLOAT16' ? Float32Array : undefined
  if (logical !== undefined && logical !== 'INTEGER') return undefined
  if (e.type === 'FLOAT') return Float32Array
  if (e.type === 'DOUBLE') return Float64Array
  if (e.type === 'BOOLEAN') return Uint8Array
  if (!INTEGERS.has(e.converted_type)) return undefined
  if (e.type === 'INT32') return e.converted_type === 'UINT_32' ? Float64Array : Int32Array
  return e.type === 'INT64' ? Float64Array : undefined
}

const typeName = (e: SchemaElement): string => {
  const note = e.logical_type?.type ?? e.converted_type
  return `${e.type ?? 'group'}${note === undefined ? '' : ` (${note})`}`
}

/** The leaf of a list column (three-level, or the legacy two-level form), or undefined. */
function listLeaf(node: SchemaTree): SchemaTree | undefined {
  if (node.element.logical_type?.type !== 'LIST' && node.element.converted_type !== 'LIST') return undefined
  const repeated = node.children.length === 1 ? node.children[0]! : undefined
  if (repeated?.element.repetition_type !== 'REPEATED') return undefined
  if (repeated.children.length === 0) return repeated
  return repeated.children.length === 1 && repeated.children[0]!.children.length === 0 ? repeated.children[0] : undefined
}

/** A value of a row group as a number; nulls are refused naming the row. */
function numberOf(v: unknown, where: Where, row: number): number {
  if (typeof v === 'number') return v
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'bigint') return fromBigInts([v], where, row)[0]!
  if (v === null || v === undefined) throw nullAt(where, row)
  throw new ColumnarError(where.file, `column "${where.column}" holds ${typeof v} at row ${row}; expected numbers`)
}

/** A piece of a row group's column, rows `first`… of the group, into `out` (rows × width). */
function fill(out: NumberArray, data: DecodedArray, first: number, list: boolean, where: Where, groupRow: number): void {
  const { width } = where
  if (!list && !Array.isArray(data)) {
    const values = data instanceof BigInt64Array || data instanceof BigUint64Array ? fromBigInts(data, where, groupRow + first) : data
    out.set(values, first)
    return
  }
  const rows = data as unknown[]
  for (let i = 0; i < rows.length; i++) {
    const row = groupRow + first + i
    if (!list) {
      out[first + i] = numberOf(rows[i], where, row)
      continue
    }
    const values = rows[i] as unknown[] | null | undefined
    if (values === null || values === undefined) throw nullAt(where, row)
    if (values.length !== width) {
      throw new ColumnarError(where.file, `column "${where.column}" has lists of different lengths: ${width} values in its first row, ${values.length} at row ${row}`)
    }
    for (let j = 0; j < width; j++) out[(first + i) * width + j] = numberOf(values[j], where, row)
  }
}

class ParquetBatches implements Batches {
  readonly rows: readonly number[]
  /** First row of each group, and the total at the end. */
  readonly firstRows: number[] = [0]

  constructor(
    private readonly parquet: Parquet,
    private readonly handle: FileHandle,
    private readonly buffer: AsyncBuffer,
    private readonly metadata: FileMetaData,
    private readonly kind: Kind,
    private readonly list: boolean,
    readonly where: Where,
  ) {
    this.rows = metadata.row_groups.map((g) => Number(g.num_rows))
    for (const n of this.rows) this.firstRows.push(this.firstRows[this.firstRows.length - 1]! + n)
  }

  /** The column's pieces in rows [start, end) of the file, as hyparquet decodes them. */
  async pieces(start: number, end: number): Promise<ColumnData[]> {
    const pieces: ColumnData[] = []
    try {
      await this.parquet.hyparquet.parquetRead({
        file: this.buffer,
        metadata: this.metadata,
        compressors: this.parquet.compressors,
        columns: [this.where.column],
        rowStart: start,
        rowEnd: end,
        onChunk: (piece) => pieces.push(piece),
      })
    } catch (error) {
      throw asColumnarError(this.where.file, error)
    }
    return pieces
  }

  async load(index: number): Promise<NumberArray> {
    const groupRow = this.firstRows[index]!
    const rows = this.rows[index]!
    const out = new this.kind(rows * this.where.width)
    for (const piece of await this.pieces(groupRow, groupRow + rows)) {
      fill(out, piece.columnData, piece.rowStart - groupRow, this.list, this.where, groupRow)
    }
    return out
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}

/** Values a row of a list column: the length of its first list (every row is checked against it when read). */
async function listWidth(batches: ParquetBatches): Promise<number> {
  const first = batches.rows.findIndex((n) => n > 0)
  if (first < 0) return 0
  const start = batches.firstRows[first]!
  for (const piece of await batches.pieces(start, start + 1)) {
    const row = piece.columnData[start - piece.rowStart] as unknown[] | null | undefined
    if (row === null || row === undefined) throw nullAt(batches.where, start)
    return row.length
  }
  return 0
}

/**
 * Opens a column of a Parquet file: its footer is read at once, its row groups one at a
 * time when the evaluation reaches them.
 */
export async function openParquet(file: string, column: string | undefined): Promise<BatchedReader> {
  const parquet = await loadParquet(file)
  const handle = await open(file, 'r')
  try {
    const buffer = fileBuffer(handle, file, (await handle.stat()).size)
    let metadata: FileMetaData
    try {
      metadata = await parquet.hyparquet.parquetMetadataAsync(buffer)
    } catch (error) {
      throw asColumnarError(file, error)
    }
    const columns = parquet.hyparquet.parquetSchema(metadata).children
    const index = pickColumn(file, columns.map((c) => c.element.name), column)
    const node = columns[index]!
    const leaf = node.children.length === 0 ? node : listLeaf(node)
    const kind = leaf === undefined ? undefined : leafKind(leaf.element)
    if (leaf === undefined || kind === undefined) {
      const type = leaf === undefined ? `a nested ${node.element.logical_type?.type ?? node.element.converted_type ?? 'group'}` : typeName(leaf.element)
      throw new ColumnarError(file, `column "${node.element.name}" is of type ${type}; expected numbers: a numeric column, or a list of numbers`)
    }
    const where = { file, column: node.element.name, width: 1 }
    const batches = new ParquetBatches(parquet, handle, buffer, metadata, kind, leaf !== node, where)
    if (leaf !== node) where.width = await listWidth(batches)
    return new BatchedReader(batches, [batches.firstRows[batches.rows.length]!, where.width], where.width)
  } catch (error) {
    await handle.close()
    throw error
  }
}
