// Arrow data for the columnar CLI tests: fixture columns read back as { data, shape } with
// apache-arrow, and Arrow IPC streams written batch by batch.
const fs = require('node:fs')
const arrow = require('apache-arrow')

/** A column of an Arrow IPC file as the CLI reads it: FixedSizeList [rows, C], flat [rows, 1]; numbers as float64 (or float32 for floats). */
function arrowColumn(file, name) {
  const table = arrow.tableFromIPC(fs.readFileSync(file))
  const vector = table.getChild(name)
  const list = arrow.DataType.isFixedSizeList(vector.type)
  const width = list ? vector.type.listSize : 1
  const values = []
  for (const row of vector) {
    if (list) for (const v of row) values.push(Number(v))
    else values.push(typeof row === 'boolean' ? Number(row) : Number(row))
  }
  const leaf = list ? vector.type.children[0].type : vector.type
  const Kind = arrow.DataType.isFloat(leaf) && leaf.precision !== arrow.Precision.DOUBLE ? Float32Array : Float64Array
  return { data: Kind.from(values), shape: [vector.length, width] }
}

const fixedList = (width, type) => new arrow.FixedSizeList(width, new arrow.Field('item', type, false))

/** Float32 data of `rows` × `width` as an Arrow Data (a FixedSizeList when width > 1). */
function float32Data(values, width) {
  const type = new arrow.Float32()
  const leaf = arrow.makeData({ type, length: values.length, data: values })
  return width === 1 ? leaf : arrow.makeData({ type: fixedList(width, type), length: values.length / width, child: leaf })
}

/**
 * Writes an Arrow IPC stream of float32 columns of `width` values a row, `batchRows` rows a
 * batch; `fill(name, firstRow, values)` fills each column's batch. Only one batch is in memory.
 */
async function writeFloatStream(file, { names, width, rows, batchRows, fill }) {
  const schema = new arrow.Schema(names.map((name) => new arrow.Field(name, width === 1 ? new arrow.Float32() : fixedList(width, new arrow.Float32()), false)))
  const writer = new arrow.RecordBatchStreamWriter()
  const out = fs.createWriteStream(file)
  const closed = new Promise((resolve, reject) => out.on('close', resolve).on('error', reject))
  writer.pipe(out)
  for (let r0 = 0; r0 < rows; r0 += batchRows) {
    const n = Math.min(batchRows, rows - r0)
    const children = names.map((name) => {
      const values = new Float32Array(n * width)
      fill(name, r0, values)
      return float32Data(values, width)
    })
    writer.write(new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: n, nullCount: 0, children })))
  }
  writer.finish()
  await closed
  return file
}

/** Writes a one-batch Arrow IPC stream of the vectors (made with apache-arrow's vectorFromArray and friends). */
function writeVectors(file, columns) {
  fs.writeFileSync(file, arrow.tableToIPC(new arrow.Table(columns), 'stream'))
  return file
}

module.exports = { arrow, arrowColumn, writeFloatStream, writeVectors }
