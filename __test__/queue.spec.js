// Evaluations over BullMQ on a real redis-server with real `hinge-losses worker` processes:
// with 1, 2 and 3 workers the value is the same bit for bit, and equal to the local eval's
// (bit for bit where the shards are whole chunks of it); every loss, weights, {0,1} labels
// decided over the whole data set; the library entry; refusals naming the shard; bad URLs.
const test = require('ava')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { writeNpy } = require('./helpers/npy')
const { rng } = require('./helpers/random')
const { cli, cliRun, startRedis, startWorker, stopAll, until } = require('./helpers/queue')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hinge-losses-queue-'))
let redis
test.before(async () => {
  redis = await startRedis()
})
test.after.always(async () => {
  await redis?.stop()
  stopAll()
  fs.rmSync(dir, { recursive: true, force: true })
})

let serial = 0
const npy = (values, shape, descr = '<f4') => writeNpy(path.join(dir, `${serial++}.npy`), Array.from(values), { descr, shape })

const ROWS = 1000
const COLS = 5
const r = rng(20261201)
const preds = npy(Array.from({ length: ROWS * COLS }, () => r.next() * 4 - 2), [ROWS, COLS])
const signs = npy(Array.from({ length: ROWS * COLS }, () => (r.next() < 0.5 ? -1 : 1)), [ROWS, COLS])
const bits = Array.from({ length: ROWS * COLS }, () => (r.next() < 0.5 ? 0 : 1))
const binary = npy(bits, [ROWS, COLS], '|u1')
// {0,1} labels but for one -1 in row 700: only the shard holding it sees a label outside {0,1}.
const mixed = npy(bits.map((b, i) => (i === 700 * COLS + 2 ? -1 : b)), [ROWS, COLS], '<f4')
const ids = Array.from({ length: ROWS }, () => r.int(0, COLS - 1))
const oneHot = npy(ids.flatMap((id) => Array.from({ length: COLS }, (_, c) => (c === id ? 1 : 0))), [ROWS, COLS])
const classIds = npy(ids, [ROWS], '<i4')
const weights = npy(Array.from({ length: ROWS }, () => r.next() * 2), [ROWS], '<f8')
const preds64 = npy(Array.from({ length: ROWS * COLS }, () => r.next() * 4 - 2), [ROWS, COLS], '<f8')

/** Each case: the eval's options, then the shard rows (none divides 1000 but the first). */
const CASES = [
  { name: 'hinge ±1, whole chunks', args: ['--loss', 'hinge', '--y-true', signs, '--y-pred', preds, '--chunk-rows', '50'], shardRows: 200, wholeChunks: true },
  { name: 'hinge {0,1}, converted', args: ['--loss', 'hinge', '--y-true', binary, '--y-pred', preds, '--chunk-rows', '64'], shardRows: 128, wholeChunks: true },
  { name: 'hinge {0,1} and one -1 in one shard', args: ['--loss', 'hinge', '--y-true', mixed, '--y-pred', preds, '--reduction', 'sum'], shardRows: 300 },
  { name: 'squared hinge, weights, mean_with_sample_weight, float64', args: ['--loss', 'squared_hinge', '--y-true', mixed, '--y-pred', preds64, '--sample-weight', weights, '--reduction', 'mean_with_sample_weight', '--dtype', 'float64'], shardRows: 333 },
  { name: 'squared hinge {0,1}, weights, mean', args: ['--loss', 'squared_hinge', '--y-true', binary, '--y-pred', preds, '--sample-weight', weights, '--reduction', 'mean', '--chunk-rows', '7'], shardRows: 77 },
  { name: 'categorical hinge, weights, sum', args: ['--loss', 'categorical_hinge', '--y-true', oneHot, '--y-pred', preds, '--sample-weight', weights, '--reduction', 'sum'], shardRows: 251 },
  { name: 'sparse categorical hinge, float64', args: ['--loss', 'sparse_categorical_hinge', '--y-true', classIds, '--y-pred', preds64, '--dtype', 'float64'], shardRows: 99 },
]

const tolerance = (dtype) => (dtype === 'float64' ? 1e-12 : 1e-6)

async function json(args) {
  const run = await cli(['eval', ...args, '--json'])
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`)
  return JSON.parse(run.stdout)
}

test.serial('1, 2 and 3 workers give the same value bit for bit, equal to the local eval', async (t) => {
  const local = []
  for (const c of CASES) local.push(await json(c.args))
  const byWorkers = []
  for (const count of [1, 2, 3]) {
    const queue = `workers-${count}`
    const workers = []
    for (let i = 0; i < count; i++) workers.push(await startWorker(redis.url, queue))
    const results = []
    for (const c of CASES) results.push(await json([...c.args, '--redis', redis.url, '--queue', queue, '--shard-rows', String(c.shardRows)]))
    byWorkers.push(results)
    for (const worker of workers) t.is(await worker.stop(), 0, `a worker of ${count} exits 0 on SIGTERM`)
    if (count > 1) t.true(Math.max(...results.map((res) => res.workers)) > 1, `${count} workers share the shards`)
  }
  CASES.forEach((c, i) => {
    const expected = local[i]
    const { shards, workers, ...rest } = byWorkers[0][i]
    t.is(shards, Math.ceil(ROWS / c.shardRows), c.name)
    t.true(workers >= 1, c.name)
    // The local eval's fields, in its order, then shards and workers.
    t.deepEqual(Object.keys(byWorkers[0][i]), [...Object.keys(expected).filter((k) => k !== 'value'), 'shards', 'workers', 'value'], c.name)
    t.deepEqual({ ...rest, milliseconds: 0, value: 0 }, { ...expected, milliseconds: 0, value: 0 }, c.name)
    for (const other of byWorkers.slice(1)) t.true(Object.is(other[i].value, byWorkers[0][i].value), `${c.name}: bit for bit across worker counts`)
    const value = byWorkers[0][i].value
    if (c.wholeChunks) t.true(Object.is(value, expected.value), `${c.name}: the local eval's chunks, added in its order`)
    t.true(Math.abs(value - expected.value) <= tolerance(expected.dtype) * Math.max(1, Math.abs(expected.value)), `${c.name}: ${value} vs ${expected.value}`)
  })
})

test.serial('the library entry: the result states shards, rows and the label decision; metrics merge; Redis is left clean', async (t) => {
  const queue = 'library'
  const worker = await startWorker(redis.url, queue)
  const { submitEvaluation, evaluateMetric, startWorker: exported } = require('../bullmq.js')
  t.is(typeof exported, 'function')
  const esm = await import('../bullmq.mjs')
  t.deepEqual(Object.keys(esm).filter((k) => k !== '__esModule' && k !== 'default').sort(), ['evaluateMetric', 'startWorker', 'submitEvaluation'])
  const base = { redis: redis.url, queue, files: { yTrue: mixed, yPred: preds }, shardRows: 300 }
  const kept = await submitEvaluation({ ...base, loss: 'hinge' })
  t.like(kept, { shards: 4, rows: ROWS, labels: 'kept', workers: 1 })
  const { Hinge, CategoricalHinge, metrics } = require('..')
  const { NpyReader } = require('../dist/npy/reader')
  const whole = async (file) => {
    const reader = await NpyReader.open(file)
    const data = Float64Array.from(await reader.read(0, reader.size))
    await reader.close()
    return { data, shape: reader.shape }
  }
  const [yMixed, yPred, yBinary, yOneHot, w] = await Promise.all([mixed, preds, binary, oneHot, weights].map(whole))
  const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))
  t.true(close(kept.value, new Hinge().compute(yMixed, yPred)))
  const converted = await submitEvaluation({ ...base, files: { yTrue: binary, yPred: preds }, loss: 'hinge', reduction: 'sum' })
  t.like(converted, { shards: 4, rows: ROWS, labels: 'converted' })
  t.true(close(converted.value, new Hinge({ reduction: 'sum' }).compute(yBinary, yPred)))
  t.is(converted.value, Math.fround(converted.sum), "'sum' is the merged sum, in float32")
  const categorical = await submitEvaluation({ ...base, files: { yTrue: oneHot, yPred: preds, sampleWeight: weights }, loss: 'categorical_hinge', reduction: 'mean_with_sample_weight' })
  t.like(categorical, { labels: 'none', rows: ROWS })
  t.true(close(categorical.value, new CategoricalHinge({ reduction: 'mean_with_sample_weight' }).compute(yOneHot, yPred, w)))
  // A metric fed one shard evaluation, then a second: their states add up.
  const metric = new metrics.SquaredHinge()
  const expected = new metrics.SquaredHinge()
  expected.updateState(yBinary, yPred, w)
  expected.updateState(yMixed, yPred)
  await evaluateMetric(metric, { yTrue: binary, yPred: preds, sampleWeight: weights }, { redis: redis.url, queue, shardRows: 128 })
  const result = await evaluateMetric(metric, { yTrue: mixed, yPred: preds }, { redis: redis.url, queue, shardRows: 128 })
  t.true(close(result, expected.result()), `${result} vs ${expected.result()}`)
  t.true(close(metric.state().count, expected.state().count) && close(metric.state().total, expected.state().total))
  await t.throwsAsync(evaluateMetric(new metrics.Hinge(), { yTrue: npy([1, 0, 1, 1], [1, 2, 2]), yPred: npy([1, 2, 3, 4], [1, 2, 2]) }, { redis: redis.url, queue }), { code: 'ERR_INVALID_SHAPE' })
  // Nothing of the evaluations stays: neither their jobs nor their partial sums.
  const keys = await redis.client.keys(`bull:${queue}:*`)
  t.deepEqual(keys.filter((k) => /shard|merge|partials/.test(k)), [])
  t.is(await worker.stop(), 0)
})

test.serial('a shard that refuses its input fails the evaluation: exit 2, one line naming the shard, no result', async (t) => {
  const queue = 'refusals'
  const worker = await startWorker(redis.url, queue)
  // Only rows 600 to 799 hold an id outside [0, 5): shard 3 of 5 alone fails.
  const bad = npy(ids.map((id, i) => (i === 700 ? 9 : id)), [ROWS], '<i4')
  const run = await cli(['eval', '--loss', 'sparse_categorical_hinge', '--y-true', bad, '--y-pred', preds, '--redis', redis.url, '--queue', queue, '--shard-rows', '200'])
  t.is(run.code, 2)
  t.is(run.stdout, '')
  t.is(run.stderr, 'hinge-losses: shard 3 of 5 (rows 600 to 800): yTrue: the class id at index 700 is 9; expected an integer from 0 to 4\n')
  t.is(await worker.stop(), 0)
})

/** Submits with no worker running, waits until the flow is queued, breaks `file` with `breakIt`, then starts a worker. */
async function brokenOnTheWorker(t, queue, breakIt) {
  const good = npy(Array.from({ length: ROWS * COLS }, () => r.next()), [ROWS, COLS])
  const run = cliRun(['eval', '--loss', 'hinge', '--y-true', signs, '--y-pred', good, '--redis', redis.url, '--queue', queue, '--shard-rows', '250', '--timeout', '30'])
  await until(async () => (await redis.client.keys(`bull:${queue}:*-shard-3`)).length === 1, 'the flow to be queued')
  breakIt(good)
  const worker = await startWorker(redis.url, queue)
  t.is(await run.exit(30_000), 2)
  t.is(run.output.stdout, '')
  t.is(await worker.stop(), 0)
  return { stderr: run.output.stderr, file: good }
}

test.serial('a shard file missing on the worker fails the evaluation naming the shard', async (t) => {
  const { stderr, file } = await brokenOnTheWorker(t, 'missing', (file) => fs.rmSync(file))
  t.regex(stderr, /^hinge-losses: shard [0-3] of 4 \(rows \d+ to \d+\): --y-pred (\S+): no such file\n$/)
  t.true(stderr.includes(file))
})

test.serial('a corrupt header on the worker fails the evaluation naming the shard', async (t) => {
  const { stderr, file } = await brokenOnTheWorker(t, 'corrupt', (file) => {
    const bytes = fs.readFileSync(file)
    bytes.write('NOTNPY', 1, 'latin1')
    fs.writeFileSync(file, bytes)
  })
  t.regex(stderr, /^hinge-losses: shard [0-3] of 4 \(rows \d+ to \d+\): .*\n$/)
  t.true(stderr.includes(file))
})

test.serial('a bad Redis URL exits 2 at once, for eval and for worker', async (t) => {
  const { freePort } = require('./helpers/queue')
  const closed = `redis://127.0.0.1:${await freePort()}`
  for (const [args, message] of [
    [['eval', '--loss', 'hinge', '--y-true', signs, '--y-pred', preds, '--redis', 'localhost:6379'], /^hinge-losses: redis: expected a URL such as redis:\/\/127\.0\.0\.1:6379/],
    [['eval', '--loss', 'hinge', '--y-true', signs, '--y-pred', preds, '--redis', closed], /^hinge-losses: redis: cannot use redis:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/],
    [['worker', '--redis', 'http://127.0.0.1:6379'], /^hinge-losses: redis: expected a URL/],
  ]) {
    // A client that retried would still be waiting when the 10 s timeout kills it (no code 2).
    const run = await cli(args, { timeout: 10_000 })
    t.is(run.code, 2, args.join(' '))
    t.regex(run.stderr, message)
    t.is(run.stderr.split('\n').length, 2, 'one line')
  }
  const none = await cli(['eval', '--loss', 'hinge', '--y-true', signs, '--y-pred', preds, '--reduction', 'none', '--redis', redis.url])
  t.is(none.code, 2)
  t.regex(none.stderr, /--reduction none come from a local eval/)
})

test.serial('no worker: the wait ends at the timeout, exit 2', async (t) => {
  const run = await cli(['eval', '--loss', 'hinge', '--y-true', signs, '--y-pred', preds, '--redis', redis.url, '--queue', 'nobody', '--timeout', '1'], { timeout: 20_000 })
  t.is(run.code, 2)
  t.regex(run.stderr, /^hinge-losses: no shard finished \(0 of 1 recorded\) in 1 s: is a worker running/)
})

test.serial('a worker keeps its files open between shards, and opens again a file replaced or rewritten since', async (t) => {
  const queue = 'reopen'
  const worker = await startWorker(redis.url, queue)
  const file = path.join(dir, 'changing.npy')
  const args = ['--loss', 'hinge', '--y-true', signs, '--y-pred', file]
  const queued = [...args, '--redis', redis.url, '--queue', queue, '--shard-rows', '300']
  const versions = [1, 2, 3].map((seed) => Array.from({ length: ROWS * COLS }, rng(seed).next))
  writeNpy(file, versions[0], { shape: [ROWS, COLS] })
  const first = await json(queued)
  t.is(first.value, (await json(args)).value)
  // Replaced: a new file renamed over the old one.
  writeNpy(`${file}.new`, versions[1], { shape: [ROWS, COLS] })
  fs.renameSync(`${file}.new`, file)
  const replaced = await json(queued)
  t.is(replaced.value, (await json(args)).value)
  t.not(replaced.value, first.value)
  // Rewritten in place: the same inode, new bytes.
  writeNpy(file, versions[2], { shape: [ROWS, COLS] })
  const rewritten = await json(queued)
  t.is(rewritten.value, (await json(args)).value)
  t.not(rewritten.value, replaced.value)
  t.is(await worker.stop(), 0)
})
