// The hinge-losses command end to end: .npy files written here, the compiled bin run as a
// child process on both backends, results compared with the loss classes' compute over the
// whole arrays; the whole-file {0,1} decision across chunks; every error path (exit 2).
const test = require('ava')
const { execFile, execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { js, native } = require('./helpers/backends')
const { npyBytes, writeNpy } = require('./helpers/npy')
const { rng } = require('./helpers/random')

const BIN = path.join(__dirname, '..', 'bin', 'hinge-losses.js')
const CLASSES = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge' }
const BACKENDS = [['native', native, {}], ['js', js, { HINGE_LOSSES_BACKEND: 'js' }]]

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hinge-losses-cli-'))
test.after.always(() => fs.rmSync(dir, { recursive: true, force: true }))
let serial = 0

/** Writes `data` (a typed array or numbers) as an .npy file; returns its path. */
function npy(data, shape, descr = '<f4') {
  return writeNpy(path.join(dir, `${serial++}.npy`), Array.from(data), { descr, shape })
}

/** Runs the bin (after `nodeArgs`); resolves with its exit code (or the signal that ended it) and output, whatever the code. */
function cli(args, env = {}, { nodeArgs = [], timeout = 120_000 } = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgs, BIN, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr })
    })
  })
}

const quote = (s) => `'${s.replace(/'/g, "'\\''")}'`

/** Runs `bash -c 'set -o pipefail; node BIN args | tail'`: the code is the bin's when it fails, else the tail's. */
function pipeline(args, tail, env = {}) {
  const command = `set -o pipefail; ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')} | ${tail}`
  return new Promise((resolve) => {
    execFile('bash', ['-c', command], { env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr })
    })
  })
}

/** A refusal: exit code 2, nothing on stdout, one line on stderr with the CLI's prefix once. */
function assertRefused(t, { code, stdout, stderr }, message, label) {
  t.is(code, 2, label)
  t.is(stdout, '', label)
  t.regex(stderr, /^hinge-losses: (?!hinge-losses:)[^\n]*\n$/, label)
  t.regex(stderr, message, label)
}

async function cliJson(args, env) {
  const { code, stdout, stderr } = await cli([...args, '--json'], env)
  if (code !== 0) throw new Error(`exit ${code}: ${stderr}`)
  return JSON.parse(stdout)
}

const near = (a, b) => a === b || Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))

function dataSet(seed, rows, cols, { labels = '01', pred = Float32Array } = {}) {
  const r = rng(seed)
  const yTrue = new Float32Array(rows * cols)
  for (let i = 0; i < yTrue.length; i++) yTrue[i] = labels === 'onehot' ? Number(i % cols === 0) : labels === 'pm1' ? (r.next() < 0.5 ? -1 : 1) : r.next() < 0.5 ? 1 : 0
  const yPred = new pred(rows * cols).map(() => r.next() * 4 - 2)
  const weights = new Float32Array(rows).map(() => r.next() * 2)
  return { yTrue, yPred, weights, shape: [rows, cols] }
}

/** The same evaluation in process: the loss class's compute over the whole arrays. */
function expected(api, loss, reduction, dtype, yTrue, yPred, weights) {
  return new api[CLASSES[loss]]({ reduction, dtype }).compute(yTrue, yPred, weights)
}

function assertSame(t, report, value, label) {
  if (typeof value === 'number') {
    t.true(near(report.value, value), `${label}: ${report.value} vs ${value}`)
  } else {
    t.deepEqual(report.shape, value.shape, label)
    t.true(report.value.every((v, i) => near(v, value.data[i])), label)
  }
}

for (const [backend, api, env] of BACKENDS) {
  test(`each loss, weighted or not, equals compute over the whole arrays [${backend}]`, async (t) => {
    const { yTrue, yPred, weights, shape } = dataSet(1, 3000, 6)
    const oneHot = dataSet(1, 3000, 6, { labels: 'onehot' }).yTrue
    const files = { t01: npy(yTrue, shape, '|u1'), onehot: npy(oneHot, shape, '|b1'), pred: npy(yPred, shape), w: npy(weights, [3000]) }
    const runs = []
    for (const loss of Object.keys(CLASSES)) {
      for (const [reduction, weighted] of [['sum_over_batch_size', false], ['none', false], ['sum', true], ['mean_with_sample_weight', true], ['none', true]]) {
        const labels = loss === 'categorical_hinge' ? oneHot : yTrue
        const args = ['eval', '--loss', loss, '--y-true', loss === 'categorical_hinge' ? files.onehot : files.t01, '--y-pred', files.pred, '--reduction', reduction, '--chunk-rows', '700']
        if (weighted) args.push('--sample-weight', files.w)
        runs.push(cliJson(args, env).then((report) => {
          t.like(report, { loss, reduction, dtype: 'float32', rows: 3000, backend })
          const value = expected(api, loss, reduction, 'float32', { data: labels, shape }, { data: yPred, shape }, weighted ? weights : undefined)
          assertSame(t, report, value, `${loss} ${reduction}${weighted ? ' weighted' : ''}`)
        }))
      }
    }
    await Promise.all(runs)
  })

  test(`the {0,1} decision covers the whole file: a later chunk with another label [${backend}]`, async (t) => {
    const rows = 1000
    const { yTrue, yPred, shape } = dataSet(2, rows, 4)
    const broken = Float32Array.from(yTrue)
    broken[broken.length - 1] = -1 // in the last chunk of 100 rows only
    // Chunks of only 1s before the other label need no second pass, and still agree.
    const onesFirst = new Float32Array(rows * 4).fill(1)
    onesFirst.fill(0, 2000, 2400)
    onesFirst[3000] = 2
    const pred = npy(yPred, shape)
    const runs = []
    for (const [name, labels] of [['binary', yTrue], ['broken', broken], ['ones first', onesFirst]]) {
      const file = npy(labels, shape, '<f4')
      for (const loss of ['hinge', 'squared_hinge']) {
        runs.push(cliJson(['eval', '--loss', loss, '--y-true', file, '--y-pred', pred, '--chunk-rows', '100', '--reduction', 'none'], env).then((report) => {
          assertSame(t, report, expected(api, loss, 'none', 'float32', { data: labels, shape }, { data: yPred, shape }), `${loss} ${name}`)
        }))
      }
    }
    await Promise.all(runs)
  })
}

test('a file larger than one chunk, with the default chunk size', async (t) => {
  const rows = 200_000
  const { yTrue, yPred, shape } = dataSet(3, rows, 8, { labels: 'pm1' })
  const report = await cliJson(['eval', '--loss', 'squared_hinge', '--y-true', npy(yTrue, shape, '|i1'), '--y-pred', npy(yPred, shape)])
  t.is(report.rows, rows)
  assertSame(t, report, expected(native, 'squared_hinge', 'sum_over_batch_size', 'float32', { data: yTrue, shape }, { data: yPred, shape }), 'big')
})

test('dtypes: integer and bool labels, float64 predictions and compute, integer weights', async (t) => {
  const { yTrue, yPred, shape } = dataSet(4, 500, 3, { pred: Float64Array })
  const weights = Uint16Array.from({ length: 500 }, (_, i) => i % 4)
  const pred = npy(yPred, shape, '<f8')
  const w = npy(weights, [500], '<u2')
  const runs = ['|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<u4', '<u8', '|b1', '<f8'].flatMap((descr) => {
    const labels = npy(yTrue, shape, descr)
    return ['float32', 'float64'].map(async (dtype) => {
      const report = await cliJson(['eval', '--loss', 'hinge', '--y-true', labels, '--y-pred', pred, '--sample-weight', w, '--dtype', dtype, '--reduction', 'sum'])
      assertSame(t, report, expected(native, 'hinge', 'sum', dtype, { data: yTrue, shape }, { data: yPred, shape }, weights), `${descr} ${dtype}`)
    })
  })
  await Promise.all(runs)
})

test('weights that broadcast: a column, a scalar, and copies of a single sample', async (t) => {
  const { yTrue, yPred, weights, shape } = dataSet(5, 300, 5, { labels: 'pm1' })
  const args = (w, wShape, reduction = 'mean_with_sample_weight') => ['eval', '--loss', 'hinge', '--y-true', npy(yTrue, shape), '--y-pred', npy(yPred, shape), '--sample-weight', npy(w, wShape), '--reduction', reduction, '--chunk-rows', '64']
  const column = await cliJson(args(weights, [300, 1]))
  assertSame(t, column, expected(native, 'hinge', 'mean_with_sample_weight', 'float32', { data: yTrue, shape }, { data: yPred, shape }, { data: weights, shape: [300, 1] }), 'column')
  const scalar = await cliJson(args([2.5], []))
  assertSame(t, scalar, expected(native, 'hinge', 'mean_with_sample_weight', 'float32', { data: yTrue, shape }, { data: yPred, shape }, 2.5), 'scalar')
  // One sample (rank-1 inputs) weighted by 4 weights gives 4 weighted copies.
  const one = ['eval', '--loss', 'hinge', '--y-true', npy(yTrue.subarray(0, 5), [5]), '--y-pred', npy(yPred.subarray(0, 5), [5]), '--sample-weight', npy([1, 2, 3, 4], [4]), '--reduction', 'none']
  const copies = await cliJson(one)
  assertSame(t, copies, expected(native, 'hinge', 'none', 'float32', yTrue.subarray(0, 5), yPred.subarray(0, 5), Float32Array.of(1, 2, 3, 4)), 'copies')
})

test('text output: the result alone on stdout, the summary on stderr, no progress bar off a terminal', async (t) => {
  const { yTrue, yPred, shape } = dataSet(6, 4, 2)
  const files = ['--y-true', npy(yTrue, shape), '--y-pred', npy(yPred, shape)]
  const { code, stdout, stderr } = await cli(['eval', '--loss', 'hinge', ...files])
  t.is(code, 0)
  const value = expected(native, 'hinge', 'sum_over_batch_size', 'float32', { data: yTrue, shape }, { data: yPred, shape })
  t.is(stdout, `${value}\n`)
  t.regex(stderr, /^hinge \(sum_over_batch_size, float32\) over 4 samples on the native backend in [\d.]+ ms\n$/)
  const none = await cli(['eval', '--loss', 'hinge', ...files, '--reduction', 'none'])
  const values = expected(native, 'hinge', 'none', 'float32', { data: yTrue, shape }, { data: yPred, shape })
  t.is(none.stdout, `${Array.from(values.data).join('\n')}\n`)
  // Samples are the per-sample losses: 50 × 7 of a [50, 7, 5] input.
  const cube = dataSet(7, 350, 5)
  const samples = await cli(['eval', '--loss', 'hinge', '--y-true', npy(cube.yTrue, [50, 7, 5]), '--y-pred', npy(cube.yPred, [50, 7, 5])])
  t.regex(samples.stderr, / over 350 samples /)
})

test('--demo evaluates each loss on a generated data set and cleans up', async (t) => {
  const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('hinge-losses-demo-')).length
  const { code, stdout } = await cli(['eval', '--demo', '--json'])
  t.is(code, 0)
  const reports = stdout.trim().split('\n').map((line) => JSON.parse(line))
  t.deepEqual(reports.map((r) => r.loss), ['hinge', 'squared_hinge', 'categorical_hinge', 'sparse_categorical_hinge'])
  // The demo's ids are the one-hot rows' classes: the two categorical losses agree.
  t.is(reports[3].value, reports[2].value)
  t.true(reports.every((r) => r.rows === 500_000 && Number.isFinite(r.value)))
  t.is(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('hinge-losses-demo-')).length, before)
})

test('every error path: a clear message on stderr and exit code 2', async (t) => {
  const good = npy([0, 1, 1, 0], [2, 2])
  const other = npy([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [2, 3])
  const missing = path.join(dir, 'nope.npy')
  const notNpy = path.join(dir, 'text.npy')
  fs.writeFileSync(notNpy, 'y_true,y_pred\n1,0.5\n')
  const fortran = writeNpy(path.join(dir, 'fortran.npy'), [1, 0, 0, 1], { shape: [2, 2], fortran: true })
  const huge = npy([1n, 2n ** 60n, 1n, 0n], [2, 2], '<i8')
  const cases = [
    [['eval', '--loss', 'hinge', '--y-true', missing, '--y-pred', good], /--y-true .*nope\.npy: no such file/],
    [['eval', '--loss', 'hinge', '--y-true', good, '--y-pred', dir], /--y-pred .*: is a directory/],
    [['eval', '--loss', 'hinge', '--y-true', notNpy, '--y-pred', good], /text\.npy: not an \.npy file/],
    [['eval', '--loss', 'hinge', '--y-true', fortran, '--y-pred', good], /fortran\.npy: Fortran-order \(column-major\) arrays are not supported/],
    [['eval', '--loss', 'hinge', '--y-true', good, '--y-pred', other], /yTrue and yPred must have the same shape, received \[2, 2\] and \[2, 3\]/],
    [['eval', '--loss', 'hinge', '--y-true', good, '--y-pred', good, '--sample-weight', npy([1, 2, 3], [3])], /sampleWeight of shape \[3\] does not broadcast to the per-sample losses of shape \[2\]/],
    [['eval', '--loss', 'hinge', '--y-true', huge, '--y-pred', good], /element 1 is 1152921504606846976, beyond ±2\^53/],
    [['eval', '--loss', 'hinge', '--y-true', npy([1], []), '--y-pred', npy([1], [])], /yTrue: expected a tensor of rank 1 or more/],
    [['eval', '--y-true', good, '--y-pred', good], /eval needs --loss \(or --demo\)/],
    [['eval', '--loss', 'hinge'], /eval needs --y-true, --y-pred/],
    [['eval', '--loss', 'logcosh', '--y-true', good, '--y-pred', good], /argument 'logcosh' is invalid\. Allowed choices are hinge, squared_hinge, categorical_hinge/],
    [['eval', '--loss', 'hinge', '--y-true', good, '--y-pred', good, '--reduction', 'avg'], /argument 'avg' is invalid/],
    [['eval', '--loss', 'hinge', '--y-true', good, '--y-pred', good, '--chunk-rows', '0'], /--chunk-rows <n>' argument '0' is invalid\. expected a positive integer/],
    [['eval', '--loss', 'hinge', '--y-true', good, '--y-pred', good, '--frobnicate'], /unknown option '--frobnicate'/],
    [['evaluate'], /unknown command 'evaluate'/],
  ]
  await Promise.all(cases.map(async ([args, message]) => {
    const { code, stdout, stderr } = await cli(args)
    t.is(code, 2, args.join(' '))
    t.is(stdout, '')
    t.regex(stderr, message)
  }))
  const backend = await cli(['eval', '--loss', 'hinge', '--y-true', good, '--y-pred', good], { HINGE_LOSSES_BACKEND: 'gpu' })
  t.is(backend.code, 2)
  t.regex(backend.stderr, /HINGE_LOSSES_BACKEND: expected 'native', 'js' or 'auto'/)
})

test('--help and --version exit 0', async (t) => {
  const help = await cli(['eval', '--help'])
  t.is(help.code, 0)
  t.regex(help.stdout, /--sample-weight <file>/)
  const version = await cli(['--version'])
  t.is(version.code, 0)
  t.is(version.stdout.trim(), require('../package.json').version)
})

test('stdout closed early (`| head`): the bin stops quietly with exit 0, and cleans up', async (t) => {
  const { yTrue, yPred, shape } = dataSet(8, 200_000, 2)
  const files = ['--y-true', npy(yTrue, shape), '--y-pred', npy(yPred, shape)]
  const first = String(expected(native, 'hinge', 'none', 'float32', { data: yTrue, shape }, { data: yPred, shape }).data[0])
  const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'))
  const runs = [
    [['eval', '--loss', 'hinge', ...files, '--reduction', 'none'], 'head -1', `${first}\n`],
    [['eval', '--loss', 'hinge', ...files, '--reduction', 'none', '--json'], 'head -c 9', '{"loss":"'],
    [['eval', '--demo'], 'head -1', /^\d+\.\d+\n$/],
  ]
  for (const [args, tail, out] of runs) {
    // The values of 200,000 samples far exceed a pipe's buffer: the bin is still writing when `head` exits.
    const { code, stdout, stderr } = await pipeline(args, tail, { TMPDIR: tmp })
    t.is(code, 0, args.join(' '))
    if (typeof out === 'string') t.is(stdout, out)
    else t.regex(stdout, out)
    t.regex(stderr, /^(\w+ \([^)]+\) over [\d,]+ samples on the native backend in [\d.]+ ms\n)+$/, 'only summaries on stderr: no EPIPE, no stack')
  }
  t.deepEqual(fs.readdirSync(tmp), [], 'the demo removed its files')
})

test('stdout that cannot be written (a full device): one line, exit 1', async (t) => {
  const good = npy([0, 1, 1, 0], [2, 2])
  const direct = await new Promise((resolve) => {
    execFile('bash', ['-c', `${quote(process.execPath)} ${quote(BIN)} eval --loss hinge --y-true ${quote(good)} --y-pred ${quote(good)} > /dev/full`], (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stderr }))
  })
  t.is(direct.code, 1)
  t.regex(direct.stderr, /\nhinge-losses: stdout: ENOSPC: no space left on device, write\n$/)
})

test('--out writes the per-sample values as NumPy would save them, streamed chunk by chunk', async (t) => {
  const rows = 1000
  const { yTrue, yPred, weights, shape } = dataSet(9, rows, 4)
  const labels = Float32Array.from(yTrue)
  labels[labels.length - 1] = -1 // the chunks already written are computed again, and written again
  const files = { t: npy(labels, shape), p: npy(yPred, shape), w: npy(weights, [rows]), copies: npy([1, 2, 3], [3]) }
  const cases = [
    ['float32', [], labels, yPred, shape, undefined],
    ['float64', ['--sample-weight', files.w], labels, yPred, shape, weights],
    ['float32', [], yTrue.subarray(0, 4), yPred.subarray(0, 4), [4], undefined],
  ]
  for (const [dtype, extra, tData, pData, tShape, w] of cases) {
    const out = path.join(dir, `${serial++}-out.npy`)
    const inputs = tShape.length === 1 ? ['--y-true', npy(tData, tShape), '--y-pred', npy(pData, tShape), '--sample-weight', files.copies] : ['--y-true', files.t, '--y-pred', files.p, ...extra]
    const { code, stdout, stderr } = await cli(['eval', '--loss', 'squared_hinge', ...inputs, '--reduction', 'none', '--dtype', dtype, '--chunk-rows', '64', '--out', out])
    t.is(code, 0, stderr)
    t.is(stdout, '')
    t.regex(stderr, new RegExp(`over [\\d,]+ samples .* written to ${out.replace(/[.\\]/g, '\\$&')}\\n$`))
    const weight = tShape.length === 1 ? Float32Array.of(1, 2, 3) : w
    const want = expected(native, 'squared_hinge', 'none', dtype, { data: tData, shape: tShape }, { data: pData, shape: tShape }, weight)
    t.deepEqual(fs.readFileSync(out), npyBytes(Array.from(want.data), { descr: dtype === 'float32' ? '<f4' : '<f8', shape: want.shape }), `${dtype} ${extra}`)
  }
  const out = path.join(dir, `${serial++}-out.npy`)
  const report = await cliJson(['eval', '--loss', 'hinge', '--y-true', files.t, '--y-pred', files.p, '--reduction', 'none', '--out', out])
  t.like(report, { out, shape: [rows], rows })
  t.false('value' in report)
})

test('--out refusals, and no partial file left when the run fails midway', async (t) => {
  const good = npy([0, 1, 1, 0], [2, 2])
  const fifo = path.join(dir, 'out-fifo')
  execFileSync('mkfifo', [fifo])
  const eval2 = (out, ...extra) => ['eval', '--loss', 'hinge', '--y-true', good, '--y-pred', good, '--reduction', 'none', '--out', out, ...extra]
  const cases = [
    [['eval', '--loss', 'hinge', '--y-true', good, '--y-pred', good, '--out', path.join(dir, 'x.npy')], /--out writes the per-sample values of --reduction none/],
    [['eval', '--demo', '--reduction', 'none', '--out', path.join(dir, 'x.npy')], /--out writes the values of one evaluation, not of --demo/],
    [eval2(good), /--out .*: is also an input/],
    [eval2(fifo), /--out .*out-fifo: not a regular file/],
    [eval2(dir), /--out .*: is a directory/],
    [eval2(path.join(dir, 'no', 'such', 'x.npy')), /--out .*x\.npy: no such directory/],
  ]
  for (const [args, message] of cases) assertRefused(t, await cli(args, {}, { timeout: 20_000 }), message, args.join(' '))
  // A 64-bit label beyond 2^53 in the last chunk: found after the file was created.
  const labels = Array.from({ length: 400 }, (_, i) => (i === 399 ? 2n ** 60n : BigInt(i % 2)))
  const out = path.join(dir, 'partial.npy')
  const failed = await cli(['eval', '--loss', 'hinge', '--y-true', npy(labels, [100, 4], '<i8'), '--y-pred', npy(new Float32Array(400), [100, 4]), '--reduction', 'none', '--chunk-rows', '10', '--out', out])
  assertRefused(t, failed, /element 399 is 1152921504606846976, beyond ±2\^53/)
  t.false(fs.existsSync(out))
})

/** An .npy file of `shape` whose data are zeros the file system does not store (a sparse file). */
function sparseNpy(descr, shape, itemSize) {
  const name = path.join(dir, `${serial++}-sparse.npy`)
  const header = npyBytes([], { descr, shape })
  fs.writeFileSync(name, header)
  fs.truncateSync(name, header.length + shape.reduce((a, b) => a * b, 1) * itemSize)
  return name
}

test('one row of 2 GiB is read in pieces: the right value, in bounded memory', async (t) => {
  const yTrue = sparseNpy('|u1', [1, 2 ** 29], 1)
  const yPred = sparseNpy('<f4', [1, 2 ** 29], 4)
  t.true(fs.statSync(yPred).size > 2 ** 31)
  // The child's own peak (VmHWM): getrusage's maxRSS would include the test process's, as Linux keeps it across exec.
  const peakRss = path.join(__dirname, 'helpers', 'peak-rss.js')
  const { code, stdout, stderr } = await cli(['eval', '--loss', 'hinge', '--y-true', yTrue, '--y-pred', yPred], {}, { nodeArgs: ['--require', peakRss] })
  t.is(code, 0, stderr)
  // Labels 0 convert to -1 and predictions are 0: every term is max(1 - (-1)·0, 0) = 1.
  t.is(stdout, '1\n')
  const rssMiB = Number(/peak-rss-kib (\d+)/.exec(stderr)[1]) / 1024
  t.true(rssMiB < 400, `peak RSS ${rssMiB.toFixed(0)} MiB`)
})

test('refusals before any work: a huge header length, a FIFO, broadcasts past 2^32 - 1, too many values for stdout', async (t) => {
  const good = npy([0, 1, 1, 0], [2, 2])
  const header = path.join(dir, 'huge-header.npy')
  fs.writeFileSync(header, Buffer.from([0x93, ...Buffer.from('NUMPY'), 2, 0, 0, 0, 0, 0x80]))
  const fifo = path.join(dir, 'in-fifo')
  execFileSync('mkfifo', [fifo])
  // Per-sample losses [65536, 1] weighted by [1, 65536]: 2^32 weighted losses.
  const column = npy(new Float32Array(65536 * 2), [65536, 1, 2])
  const row = npy(new Float32Array(65536), [1, 65536])
  const tall = sparseNpy('|u1', [2 ** 32, 1], 1)
  const cases = [
    [['--y-true', header, '--y-pred', good], /huge-header\.npy: the header length field says 2147483648 bytes, more than the 1048576/],
    [['--y-true', good, '--y-pred', fifo], /--y-pred .*in-fifo: not a regular file/],
    [['--y-true', column, '--y-pred', column, '--sample-weight', row, '--reduction', 'none'], /sampleWeight of shape \[1, 65536\] broadcasts the per-sample losses to \[65536, 65536\]: 4294967296 weighted losses, more than the 4294967295/],
    [['--y-true', column, '--y-pred', column, '--sample-weight', row, '--reduction', 'sum'], /4294967296 weighted losses, more than the 4294967295/],
    [['--y-true', tall, '--y-pred', tall, '--reduction', 'none'], /the 4294967296 per-sample values of shape \[4294967296\] are more than one array in memory holds; write them with --out FILE\.npy/],
  ]
  await Promise.all(cases.map(async ([args, message]) => {
    assertRefused(t, await cli(['eval', '--loss', 'hinge', ...args], {}, { timeout: 20_000 }), message, args.join(' '))
  }))
})

test('configuration errors are one line and exit 2, whatever the input size', async (t) => {
  const { yTrue, yPred, shape } = dataSet(10, 256, 4) // 1024 elements: the native kernel is called
  const files = ['eval', '--loss', 'hinge', '--y-true', npy(yTrue, shape), '--y-pred', npy(yPred, shape)]
  const cases = [
    [{ HINGE_LOSSES_BACKEND: 'bogus' }, /HINGE_LOSSES_BACKEND: expected 'native', 'js' or 'auto', received "bogus"/],
    ...['0', 'abc', '2000'].map((n) => [{ HINGE_LOSSES_NUM_THREADS: n }, /HINGE_LOSSES_NUM_THREADS/]),
  ]
  for (const [env, message] of cases) assertRefused(t, await cli(files, env), message, JSON.stringify(env))
  const noBinary = await cli(files, { HINGE_LOSSES_BACKEND: 'native' }, { nodeArgs: ['--require', path.join(__dirname, 'helpers', 'no-binary.js')] })
  assertRefused(t, noBinary, /^hinge-losses: the native backend is not available/)
})

test('a bad class id in a later chunk is named by its row in the file, on both backends and for every id type', async (t) => {
  const rows = 50
  const yPred = npy(Float32Array.from({ length: rows * 3 }, (_, i) => (i % 7) / 7), [rows, 3])
  for (const descr of ['<i4', '|u1', '<f8']) {
    const ids = Array.from({ length: rows }, (_, i) => i % 3)
    ids[37] = 3
    const yTrue = npy(ids, [rows], descr)
    for (const [name, , env] of BACKENDS) {
      const args = ['eval', '--loss', 'sparse_categorical_hinge', '--y-true', yTrue, '--y-pred', yPred, '--chunk-rows', '8']
      assertRefused(t, await cli(args, env), /yTrue: the class id at index 37 is 3; expected an integer from 0 to 2/, `${name} ${descr}`)
    }
  }
})
