// The CLI over columnar files: the committed Parquet and Arrow IPC fixtures (written by
// pyarrow, scripts/columnar/make_fixtures.py) and files written here, through the compiled
// bin as a child process, compared with the loss classes' compute over the same data read
// with apache-arrow; FILE#COLUMN, masks, every refusal (exit 2); and large files evaluated
// with a peak resident memory far below their size.
const test = require('ava')
const { execFile } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { native } = require('./helpers/backends')
const { arrow, arrowColumn, writeFloatStream, writeVectors } = require('./helpers/columnar')

const BIN = path.join(__dirname, '..', 'bin', 'hinge-losses.js')
const FIXTURES = path.join(__dirname, 'fixtures', 'columnar')
const PEAK = path.join(__dirname, 'helpers', 'peak-rss.js')
const CLASSES = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge', sparse_categorical_hinge: 'SparseCategoricalHinge' }
/** The same table in every format: pyarrow wrote it in batches and row groups of 7 of its 30 rows. */
const FORMATS = ['table.arrow', 'table.arrows', 'table.feather', 'table.snappy.parquet', 'table.zstd.parquet', 'table.gzip.parquet']
const fixture = (name) => path.join(FIXTURES, name)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hinge-losses-columnar-'))
test.after.always(() => fs.rmSync(dir, { recursive: true, force: true }))

function cli(args, { nodeArgs = [] } = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgs, BIN, 'eval', ...args], { maxBuffer: 64 << 20, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr })
    })
  })
}

async function cliJson(args) {
  const { code, stdout, stderr } = await cli([...args, '--json'])
  if (code !== 0) throw new Error(`exit ${code}: ${stderr}`)
  return JSON.parse(stdout)
}

function assertRefused(t, { code, stdout, stderr }, message) {
  t.is(code, 2, stderr)
  t.is(stdout, '')
  t.regex(stderr, /^hinge-losses: (?!hinge-losses:)[^\n]*\n$/)
  t.regex(stderr, message)
}

/** The fixture's column, read with apache-arrow from the Arrow IPC file of the same table. */
const column = (name) => arrowColumn(fixture('table.arrow'), name)

/** compute over whole arrays, on the native kernels as the CLI runs them. */
function expected(loss, { yTrue, yPred, weight, mask, reduction = 'sum_over_batch_size', dtype = 'float32' }) {
  const options = mask === undefined ? undefined : { mask: column(mask) }
  const result = new native[CLASSES[loss]]({ reduction, dtype }).compute(column(yTrue), column(yPred), weight === undefined ? undefined : column(weight), options)
  return typeof result === 'number' ? result : Array.from(result.data)
}

/** The CLI's arguments for columns of `file`. */
function args(file, loss, { yTrue, yPred, weight, mask, reduction, dtype }) {
  const out = ['--loss', loss, '--y-true', `${file}#${yTrue}`, '--y-pred', `${file}#${yPred}`]
  if (weight !== undefined) out.push('--sample-weight', `${file}#${weight}`)
  if (mask !== undefined) out.push('--mask', `${file}#${mask}`)
  if (reduction !== undefined) out.push('--reduction', reduction)
  if (dtype !== undefined) out.push('--dtype', dtype)
  return out
}

const CASES = {
  hinge: { yTrue: 'y_true', yPred: 'y_pred' },
  squared_hinge: { yTrue: 'y_true', yPred: 'y_pred_f64' },
  categorical_hinge: { yTrue: 'y_true', yPred: 'y_pred_f16' },
  sparse_categorical_hinge: { yTrue: 'ids', yPred: 'y_pred' },
}

for (const format of FORMATS) {
  test(`${format}: every loss, with weights and a mask, equals compute exactly`, async (t) => {
    for (const [loss, columns] of Object.entries(CASES)) {
      const spec = { ...columns, weight: 'weight', mask: 'mask' }
      const report = await cliJson(args(fixture(format), loss, spec))
      t.is(report.rows, 30)
      t.is(report.value, expected(loss, spec), loss)
    }
  })
}

test('reductions, float64, int64 and uint8 columns, float16 weights, a 0/1 mask column', async (t) => {
  const file = fixture('table.zstd.parquet')
  const specs = [
    ['categorical_hinge', { yTrue: 'y_true', yPred: 'y_pred' }],
    ['sparse_categorical_hinge', { yTrue: 'ids', yPred: 'y_pred' }],
    ['hinge', { yTrue: 'label', yPred: 'score', reduction: 'sum' }],
    ['hinge', { yTrue: 'label', yPred: 'score', weight: 'weight_f16', mask: 'mask_u8', reduction: 'mean_with_sample_weight' }],
    ['squared_hinge', { yTrue: 'y_true', yPred: 'y_pred', mask: 'mask', reduction: 'mean', dtype: 'float64' }],
    ['sparse_categorical_hinge', { yTrue: 'ids_i64', yPred: 'y_pred_f16', weight: 'weight', reduction: 'sum' }],
    ['categorical_hinge', { yTrue: 'y_true', yPred: 'y_pred', weight: 'weight', reduction: 'none' }],
  ]
  for (const [loss, spec] of specs) {
    const report = await cliJson(args(file, loss, spec))
    t.deepEqual(report.value, expected(loss, spec), `${loss} ${JSON.stringify(spec)}`)
  }
})

test('chunks that cross batch and row-group boundaries give compute up to the order of the sums', async (t) => {
  for (const format of ['table.arrows', 'table.snappy.parquet']) {
    for (const loss of ['hinge', 'sparse_categorical_hinge']) {
      const spec = CASES[loss]
      const full = { ...spec, weight: 'weight', mask: 'mask' }
      const report = await cliJson([...args(fixture(format), loss, full), '--chunk-rows', '4'])
      const value = expected(loss, full)
      t.true(Math.abs(report.value - value) <= 1e-6 * Math.abs(value), `${format} ${loss}: ${report.value} vs ${value}`)
    }
  }
})

test('a file of one column needs no #COLUMN; inputs of several formats mix', async (t) => {
  const value = expected('hinge', { yTrue: 'y_true', yPred: 'y_pred' })
  for (const file of ['y_pred.parquet', 'y_pred.arrows']) {
    const report = await cliJson(['--loss', 'hinge', '--y-true', `${fixture('table.arrow')}#y_true`, '--y-pred', fixture(file)])
    t.is(report.value, value, file)
  }
})

test('several columns and no #COLUMN, or a column not there, are refused with the columns listed', async (t) => {
  for (const format of ['table.feather', 'table.arrows', 'table.gzip.parquet']) {
    assertRefused(t, await cli(['--loss', 'hinge', '--y-true', fixture(format), '--y-pred', fixture('y_pred.arrows')]), /has 13 columns \("y_true", "y_pred", .*"name"\); name one as .*#COLUMN/)
    assertRefused(t, await cli(['--loss', 'hinge', '--y-true', `${fixture(format)}#nope`, '--y-pred', fixture('y_pred.arrows')]), /has no column "nope"; its columns are "y_true", /)
  }
})

test('nulls are refused, naming the row, in flat and list columns', async (t) => {
  for (const file of ['nulls.parquet', 'nulls.arrows']) {
    for (const [name, row] of [['x', 11], ['v', 5]]) {
      const spec = `${fixture(file)}#${name}`
      assertRefused(t, await cli(['--loss', 'hinge', '--y-true', spec, '--y-pred', spec]), new RegExp(`column "${name}" has a null at row ${row};`))
    }
  }
})

test('a column that is not numbers is refused, naming its type', async (t) => {
  assertRefused(t, await cli(['--loss', 'hinge', '--y-true', `${fixture('table.snappy.parquet')}#name`, '--y-pred', fixture('y_pred.parquet')]), /column "name" is of type BYTE_ARRAY \(STRING\); expected numbers/)
  assertRefused(t, await cli(['--loss', 'hinge', '--y-true', `${fixture('table.arrows')}#name`, '--y-pred', fixture('y_pred.arrows')]), /column "name" is of type Utf8; expected numbers/)
})

test('mismatched row counts, ids out of range, a mask that is not 0/1, corrupt files: exit 2', async (t) => {
  const short = writeVectors(path.join(dir, 'short.arrows'), { score: arrow.vectorFromArray(new Float32Array(29)) })
  assertRefused(t, await cli(['--loss', 'hinge', '--y-true', `${fixture('table.arrow')}#score`, '--y-pred', short]), /same shape, received \[30, 1\] and \[29, 1\]/)
  const big = writeVectors(path.join(dir, 'ids.arrows'), { ids: arrow.vectorFromArray(BigInt64Array.of(0n, 2n ** 60n), new arrow.Int64()) })
  const pred = writeVectors(path.join(dir, 'pred.arrows'), { p: arrow.vectorFromArray(new Float32Array(2)) })
  assertRefused(t, await cli(['--loss', 'sparse_categorical_hinge', '--y-true', big, '--y-pred', pred]), /column "ids" holds 1152921504606846976 at row 1, beyond ±2\^53/)
  const file = fixture('table.snappy.parquet')
  assertRefused(t, await cli(['--loss', 'sparse_categorical_hinge', '--y-true', `${file}#label`, '--y-pred', `${file}#y_pred`]), /class id at index 0 is -?1; expected an integer from 0 to 3/)
  assertRefused(t, await cli(['--loss', 'hinge', '--y-true', `${file}#y_true`, '--y-pred', `${file}#y_pred`, '--mask', `${file}#weight`]), /mask: expected true, false, 0 or 1/)
  const bad = path.join(dir, 'bad.parquet')
  fs.writeFileSync(bad, 'not a parquet file')
  assertRefused(t, await cli(['--loss', 'hinge', '--y-true', bad, '--y-pred', bad]), /bad\.parquet: /)
  const truncated = path.join(dir, 'truncated.arrows')
  fs.writeFileSync(truncated, fs.readFileSync(fixture('table.arrows')).subarray(0, 3000))
  assertRefused(t, await cli(['--loss', 'hinge', '--y-true', `${truncated}#y_true`, '--y-pred', `${truncated}#y_pred`]), /truncated\.arrows: /)
  assertRefused(t, await cli(['--loss', 'hinge', '--y-true', `${path.join(dir, 'none.parquet')}#a`, '--y-pred', bad]), /--y-true .*none\.parquet: no such file/)
})

/** Peak resident memory of a CLI run, in bytes, and its JSON report. */
async function peakOf(argv) {
  const { code, stdout, stderr } = await cli([...argv, '--json'], { nodeArgs: ['-r', PEAK] })
  if (code !== 0) throw new Error(`exit ${code}: ${stderr}`)
  return { report: JSON.parse(stdout), peak: 1024 * Number(/peak-rss-kib (\d+)/.exec(stderr)[1]) }
}

/** A deterministic stream of float32 values in [-2, 2), the same for the file and the reference. */
function values(seed) {
  let s = seed
  return (out) => {
    for (let i = 0; i < out.length; i++) out[i] = ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 4 - 2
  }
}

test.serial('a 128 MiB Arrow IPC stream is evaluated batch by batch: peak memory grows by less than half the file', async (t) => {
  const rows = 2 ** 21
  const width = 8
  const fills = { y_true: values(1), y_pred: values(2) }
  const file = await writeFloatStream(path.join(dir, 'large.arrows'), { names: ['y_true', 'y_pred'], width, rows, batchRows: 1 << 16, fill: (name, _, out) => fills[name](out) })
  const size = fs.statSync(file).size
  t.true(size > 128 * 2 ** 20)
  const small = await peakOf(['--loss', 'hinge', '--y-true', `${fixture('table.arrows')}#y_true`, '--y-pred', `${fixture('table.arrows')}#y_pred`])
  const large = await peakOf(['--loss', 'hinge', '--y-true', `${file}#y_true`, '--y-pred', `${file}#y_pred`])
  t.is(large.report.rows, rows)
  const yTrue = new Float32Array(rows * width)
  const yPred = new Float32Array(rows * width)
  values(1)(yTrue)
  values(2)(yPred)
  const value = new native.Hinge().compute({ data: yTrue, shape: [rows, width] }, { data: yPred, shape: [rows, width] })
  t.true(Math.abs(large.report.value - value) <= 1e-6 * value, `${large.report.value} vs ${value}`)
  const growth = large.peak - small.peak
  t.log(`file ${(size / 2 ** 20).toFixed(0)} MiB, peak RSS ${(small.peak / 2 ** 20).toFixed(0)} → ${(large.peak / 2 ** 20).toFixed(0)} MiB`)
  t.true(growth < size / 2, `peak RSS grew by ${growth} bytes for a file of ${size}`)
})

test.serial('a 192 MiB Parquet file is evaluated row group by row group: peak memory grows by less than half the file', async (t) => {
  const { ParquetWriter } = await import('hyparquet-writer')
  const { fileWriter } = await import('hyparquet-writer/src/node.js')
  const rows = 2 ** 24
  const groupRows = 1 << 18
  const names = ['t', 'p', 'w']
  const file = path.join(dir, 'large.parquet')
  const schema = [{ name: 'root', num_children: names.length }, ...names.map((name) => ({ name, repetition_type: 'REQUIRED', type: 'FLOAT' }))]
  const writer = new ParquetWriter({ writer: fileWriter(file), schema, codec: 'SNAPPY' })
  const fills = names.map((_, i) => values(i + 1))
  for (let r0 = 0; r0 < rows; r0 += groupRows) {
    const columnData = names.map((name, i) => {
      const data = new Float32Array(groupRows)
      fills[i](data)
      return { name, data }
    })
    writer.write({ columnData, rowGroupSize: groupRows })
  }
  writer.finish()
  const size = fs.statSync(file).size
  t.true(size > 190 * 2 ** 20)
  const small = await peakOf(['--loss', 'hinge', '--y-true', `${fixture('table.snappy.parquet')}#score`, '--y-pred', `${fixture('table.snappy.parquet')}#score`])
  const large = await peakOf(['--loss', 'hinge', '--y-true', `${file}#t`, '--y-pred', `${file}#p`])
  t.is(large.report.rows, rows)
  const yTrue = new Float32Array(rows)
  const yPred = new Float32Array(rows)
  values(1)(yTrue)
  values(2)(yPred)
  const value = new native.Hinge().compute({ data: yTrue, shape: [rows, 1] }, { data: yPred, shape: [rows, 1] })
  t.true(Math.abs(large.report.value - value) <= 1e-6 * value, `${large.report.value} vs ${value}`)
  const growth = large.peak - small.peak
  t.log(`file ${(size / 2 ** 20).toFixed(0)} MiB, peak RSS ${(small.peak / 2 ** 20).toFixed(0)} → ${(large.peak / 2 ** 20).toFixed(0)} MiB`)
  t.true(growth < size / 2, `peak RSS grew by ${growth} bytes for a file of ${size}`)
})

test('the package and the CLI module load neither apache-arrow nor hyparquet until a columnar file is given', (t) => {
  const script = `require('./index.js'); require('./dist/cli/main.js'); console.log(JSON.stringify(Object.keys(require.cache).filter((f) => /node_modules[\\\\/](apache-arrow|hyparquet)/.test(f))))`
  const loaded = JSON.parse(require('node:child_process').execFileSync(process.execPath, ['-e', script], { cwd: path.join(__dirname, '..'), encoding: 'utf8' }))
  t.deepEqual(loaded, [])
})
