// The .npy reader and writer behind the CLI (headers, dtypes, chunks, refusals), the
// evaluation of rows longer than a chunk, the header literal parser, and the progress bar's TTY rule. The files are written by helpers/npy.js, which
// produces exactly NumPy's bytes.
const test = require('ava')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { npyBytes, writeNpy } = require('./helpers/npy')
const { js, native } = require('./helpers/backends')
const { rng } = require('./helpers/random')
const { NpyReader } = require('../dist/npy/reader')
const { readAt } = require('../dist/npy/header')
const { NpyWriter } = require('../dist/npy/writer')
const { parsePyLiteral } = require('../dist/npy/literal')
const { evaluateFiles } = require('../dist/cli/evaluate')
const { progressBar } = require('../dist/cli/progress')
const { jsKernel } = require('../dist/js/backend')
const { loadNativeKernel } = require('../dist/native/backend')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hinge-losses-npy-'))
test.after.always(() => fs.rmSync(dir, { recursive: true, force: true }))
let serial = 0
const file = (values, options) => writeNpy(path.join(dir, `${serial++}.npy`), values, options)

async function readAll(name, chunk = 4) {
  const reader = await NpyReader.open(name)
  try {
    const values = []
    for (let start = 0; start < reader.size; start += chunk) values.push(...(await reader.read(start, Math.min(chunk, reader.size - start))))
    return { shape: reader.shape, descr: reader.descr, values }
  } finally {
    await reader.close()
  }
}

test('every supported dtype reads back in chunks, in place where the loss reads it', async (t) => {
  const values = [0, 1, 7, 100, 3, 0, 1, 5, 9, 2, 4, 8]
  for (const descr of ['<f4', '<f8', '|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<u4', '<u8']) {
    const read = await readAll(file(values, { descr, shape: [3, 4] }), 5)
    t.deepEqual(read, { shape: [3, 4], descr, values }, descr)
  }
  t.deepEqual((await readAll(file([1, 0, 1], { descr: '|b1' }))).values, [1, 0, 1])
  const reader = await NpyReader.open(file([1.5, -2], { descr: '<f8' }))
  t.true((await reader.read(0, 2)) instanceof Float64Array)
  await reader.close()
})

test('negative and large 64-bit integers convert exactly up to 2^53; beyond is refused', async (t) => {
  t.deepEqual((await readAll(file([-(2 ** 53), -3, 2 ** 53], { descr: '<i8' }))).values, [-(2 ** 53), -3, 2 ** 53])
  const big = file([1n, 2n ** 53n + 1n], { descr: '<u8' })
  const error = await t.throwsAsync(readAll(big))
  t.is(error.code, 'ERR_NPY_FORMAT')
  t.regex(error.message, /element 1 is 9007199254740993, beyond ±2\^53/)
})

test('format versions 1, 2 and 3, scalars, empty arrays and padding-free headers', async (t) => {
  for (const version of [1, 2, 3]) t.deepEqual((await readAll(file([1, 2, 3, 4], { version, shape: [2, 2] }))).values, [1, 2, 3, 4])
  t.deepEqual(await readAll(file([3], { shape: [] })), { shape: [], descr: '<f4', values: [3] })
  t.deepEqual(await readAll(file([], { shape: [0, 4] })), { shape: [0, 4], descr: '<f4', values: [] })
  const compact = file([1, 2], { dict: "{'shape':(2,),'fortran_order':False,'descr':'<f4'}" })
  t.deepEqual((await readAll(compact)).values, [1, 2])
})

test('bad files are refused with a message naming the file and the problem', async (t) => {
  const cases = [
    [npyBytes([1], { magic: 'PK\x03\x04xx' }), /not an \.npy file/],
    [Buffer.from('\x93NUM'), /not an \.npy file/],
    [npyBytes([1], { version: 4 }), /unsupported \.npy format version 4/],
    [npyBytes([1, 2, 3, 4], { shape: [2, 2], fortran: true }), /Fortran-order/],
    [npyBytes([1], { descr: '>f4', dict: "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }" }), /unsupported dtype '>f4' \(big-endian/],
    [npyBytes([1], { descr: '<c8', dict: "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }" }), /unsupported dtype '<c8'/],
    [npyBytes([1], { dict: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }" }), /structured or missing dtype/],
    [npyBytes([1], { dict: "{'descr': '<f4', 'shape': (1,), }" }), /keys descr, fortran_order and shape, found descr, shape/],
    [npyBytes([1], { dict: "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }" }), /non-negative integers/],
    [npyBytes([1], { dict: "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }" }), /fortran_order must be True or False/],
    [npyBytes([1], { dict: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': __import__('os') }" }), /unreadable header/],
    [npyBytes([1], { dict: '[1, 2]' }), /not a dictionary/],
    [npyBytes([1, 2, 3, 4], { shape: [2, 2], cut: 3 }), /shape \(2, 2\) of <f4 needs 144 bytes with the header, the file has 141/],
    [Buffer.concat([npyBytes([1, 2], { shape: [2] }), Buffer.alloc(4)]), /needs 136 bytes with the header, the file has 140/],
    [npyBytes([1]).subarray(0, 40), /header is truncated/],
    [npyBytes([1], { version: 2 }).subarray(0, 12), /header is truncated: its length field says 116 bytes, the file has 12/],
    [Buffer.from([0x93, ...Buffer.from('NUMPY'), 2, 0, 0, 0, 0, 0x80]), /length field says 2147483648 bytes, more than the 1048576 a header may have/],
    [Buffer.concat([Buffer.from([0x93, ...Buffer.from('NUMPY'), 2, 0, 1, 0, 0x10, 0]), Buffer.alloc(0x100001, 0x20)]), /says 1048577 bytes, more than the 1048576/],
  ]
  for (const [bytes, message] of cases) {
    const name = path.join(dir, `${serial++}.npy`)
    fs.writeFileSync(name, bytes)
    const error = await t.throwsAsync(NpyReader.open(name))
    t.is(error.code, 'ERR_NPY_FORMAT', String(message))
    t.regex(error.message, message)
    t.true(error.message.startsWith(name))
  }
})

test('a FIFO is refused at once, without waiting for a writer', async (t) => {
  const fifo = path.join(dir, 'fifo.npy')
  execFileSync('mkfifo', [fifo])
  const error = await t.throwsAsync(NpyReader.open(fifo))
  t.is(error.code, 'ERR_NPY_FORMAT')
  t.regex(error.message, /fifo\.npy: not a regular file/)
})

test('reads longer than one piece are made of several', async (t) => {
  const bytes = npyBytes(Array.from({ length: 100 }, (_, i) => i))
  const name = path.join(dir, `${serial++}.npy`)
  fs.writeFileSync(name, bytes)
  const handle = await fs.promises.open(name, 'r')
  const target = new Uint8Array(bytes.length + 10)
  t.is(await readAt(handle, target, 0, 7), bytes.length, 'short only at the end of the file')
  t.deepEqual(Buffer.from(target.subarray(0, bytes.length)), bytes)
  await handle.close()
})

test('the writer writes what NumPy writes, pieces in any order, a piece written again replacing itself', async (t) => {
  const values = Float64Array.from({ length: 30 }, (_, i) => i / 7)
  const name = path.join(dir, `${serial++}.npy`)
  const writer = await NpyWriter.create(name, Float64Array, [5, 6])
  await writer.write(20, values.subarray(20))
  await writer.write(0, new Float64Array(20).fill(-1))
  await writer.write(0, values.subarray(0, 20))
  await writer.close()
  t.deepEqual(fs.readFileSync(name), npyBytes(Array.from(values), { descr: '<f8', shape: [5, 6] }))
})

const near = (a, b) => Object.is(a, b) || Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))
const CLASSES = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge' }
const KINDS = { hinge: 'hinge', squared_hinge: 'squared_hinge', categorical_hinge: 'categorical_hinge' }

/** evaluateFiles over .npy files, the per-sample values of 'none' gathered from the sink. */
async function evaluate(kernel, loss, names, { reduction, dtype, chunkElements, chunkRows }) {
  const readers = await Promise.all(names.map((name) => name && NpyReader.open(name)))
  const [yTrue, yPred, sampleWeight] = readers
  try {
    let data
    const { value } = await evaluateFiles({
      kind: KINDS[loss],
      yTrue,
      yPred,
      sampleWeight,
      reduction,
      dtype,
      kernel,
      chunkElements,
      chunkRows,
      samples: async (shape) => {
        data = new Float64Array(shape.reduce((a, b) => a * b, 1))
        return async (start, values) => data.set(values, start)
      },
    })
    return typeof value === 'number' ? value : { data, shape: value.shape }
  } finally {
    await Promise.all(readers.map((reader) => reader?.close()))
  }
}

test('rows longer than a chunk are read in pieces and give what compute gives over the whole arrays', async (t) => {
  const rows = 12
  const cols = 37
  const r = rng(11)
  const shape = [rows, cols]
  const binary = Float32Array.from({ length: rows * cols }, () => (r.next() < 0.5 ? 1 : 0))
  // A label outside {0,1} late in the file, after pieces already computed as converted: those are redone.
  const late = Float32Array.from(binary)
  late[rows * cols - 3] = 2
  const oneHot = Float32Array.from({ length: rows * cols }, (_, i) => Number(i % cols === (Math.floor(i / cols) * 5) % cols))
  const pred = Float64Array.from({ length: rows * cols }, () => r.next() * 4 - 2)
  const weights = Float32Array.from({ length: rows }, () => r.next() * 2)
  const files = {
    binary: file(Array.from(binary), { descr: '|u1', shape }),
    late: file(Array.from(late), { shape }),
    oneHot: file(Array.from(oneHot), { descr: '|b1', shape }),
    pred: file(Array.from(pred), { descr: '<f8', shape }),
    weights: file(Array.from(weights), { shape: [rows] }),
    scalar: file([1.5], { shape: [] }),
  }
  const labelsOf = { binary, late, oneHot }
  for (const [backend, kernel, api] of [['native', loadNativeKernel(), native], ['js', jsKernel, js]]) {
    for (const [loss, labelSets] of [['hinge', ['binary', 'late']], ['squared_hinge', ['late']], ['categorical_hinge', ['oneHot']]]) {
      for (const labels of labelSets) {
        for (const [w, wData] of [[undefined, undefined], ['weights', weights], ['scalar', 1.5]]) {
          for (const reduction of ['none', 'sum', 'mean_with_sample_weight']) {
            for (const dtype of ['float32', 'float64']) {
              const label = `${backend} ${loss} ${labels} ${w} ${reduction} ${dtype}`
              const want = new api[CLASSES[loss]]({ reduction, dtype }).compute({ data: labelsOf[labels], shape }, { data: pred, shape }, wData)
              const names = [files[labels], files.pred, w && files[w]]
              // Pieces of 8 elements, a multiple of 4 as the native row sums' lanes, and of 5.
              for (const chunkElements of [8, 5]) {
                const got = await evaluate(kernel, loss, names, { reduction, dtype, chunkElements, chunkRows: 3 })
                if (typeof want === 'number') {
                  t.true(near(got, want), `${label} ${chunkElements}: ${got} vs ${want}`)
                } else {
                  t.deepEqual(got.shape, want.shape, label)
                  t.true(want.data.every((v, i) => near(got.data[i], v)), `${label} ${chunkElements}`)
                }
              }
            }
          }
        }
      }
    }
  }
})

test('the header literal parser reads what NumPy writes and evaluates nothing', (t) => {
  t.deepEqual(parsePyLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"), { descr: '<f4', fortran_order: false, shape: [3, 4] })
  t.deepEqual(parsePyLiteral('{"shape": (3L,), "x": [True, None], "y": (7)}'), { shape: [3], x: [true, null], y: 7 })
  t.deepEqual(parsePyLiteral('()'), [])
  for (const bad of ["{'a': 1", "{'a' 1}", '{1: 2}', "{'a': 1} x", "{'a': os.system('x')}", "'unterminated", "'a\\'b'"]) {
    t.throws(() => parsePyLiteral(bad), { instanceOf: SyntaxError }, bad)
  }
})

/** A stream that records what a terminal would be sent. */
function fakeStream(isTTY) {
  return { isTTY, columns: 100, written: '', write(s) { this.written += s; return true }, on() {}, removeListener() {} }
}

test('the progress bar shows on a terminal once a run lasts, never on a pipe', (t) => {
  let clock = 0
  const now = () => clock
  const tty = fakeStream(true)
  const bar = progressBar(tty, { delayMs: 1000, now })
  bar.update(10, 100)
  t.is(tty.written, '', 'not before the delay')
  clock = 1500
  bar.update(40, 100)
  bar.stop()
  t.regex(tty.written, /40\/100 samples/)
  const pipe = fakeStream(false)
  const quiet = progressBar(pipe, { delayMs: 0, now })
  quiet.update(40, 100)
  quiet.stop()
  t.is(pipe.written, '')
})

test('<f2 files read as float16, exactly, and evaluate as the library does with tagged bits', async (t) => {
  const bits = Uint16Array.from({ length: 24 }, (_, i) => [0x3c00, 0xbc00, 0x3555, 0x0001, 0x3800, 0xc000][i % 6])
  const yPred = file(bits, { descr: '<f2', shape: [6, 4] })
  const labels = Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? 1 : 0))
  const yTrue = file(labels, { descr: '|u1', shape: [6, 4] })
  const expected = new native.Hinge().compute({ data: Uint8Array.from(labels), shape: [6, 4] }, { data: bits, shape: [6, 4], dtype: 'float16' })
  const out = execFileSync(process.execPath, [path.join(__dirname, '..', 'bin', 'hinge-losses.js'), 'eval', '--loss', 'hinge', '--y-true', yTrue, '--y-pred', yPred, '--json'], { encoding: 'utf8' })
  t.is(JSON.parse(out).value, expected)
  // 0x3555 is float16 0.333251953125.
  t.is((await readAll(yPred)).values[2], 0.333251953125)
})
