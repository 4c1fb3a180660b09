// Faults on the queue, each with a real redis-server and real worker processes, each
// still giving the local eval's value bit for bit (the shards are whole chunks of it): a
// worker SIGKILLed in the middle of a shard (its job run again by the stalled-job check),
// a shard job delivered three times, Redis restarted while the workers wait, a worker
// stopped with SIGTERM in the middle of a shard (it finishes the shard and exits 0).
const test = require('ava')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { Queue } = require('bullmq')
const { writeNpy } = require('./helpers/npy')
const { rng } = require('./helpers/random')
const { cli, cliRun, sleep, startRedis, startWorker, stopAll, until } = require('./helpers/queue')

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hinge-losses-queue-faults-'))
let redis
const local = {}

// Shards of 20,000 rows read 2 rows at a time take about half a second: long enough to act in the middle of one.
const ROWS = 80_000
const COLS = 8
const SLOW = ['--chunk-rows', '2', '--shard-rows', '20000']
const r = rng(7)
const yTrue = writeNpy(path.join(dir, 'labels.npy'), Array.from({ length: ROWS * COLS }, () => (r.next() < 0.5 ? 0 : 1)), { descr: '|u1', shape: [ROWS, COLS] })
const yPred = writeNpy(path.join(dir, 'preds.npy'), Array.from({ length: ROWS * COLS }, () => r.next() * 4 - 2), { descr: '<f4', shape: [ROWS, COLS] })
const EVAL = ['eval', '--loss', 'squared_hinge', '--y-true', yTrue, '--y-pred', yPred, '--json']

async function value(args) {
  const run = await cli(args)
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`)
  return JSON.parse(run.stdout).value
}

test.before(async () => {
  redis = await startRedis()
  local.slow = await value([...EVAL, '--chunk-rows', '2'])
  local.fast = await value([...EVAL, '--chunk-rows', '2000'])
})
test.after.always(async () => {
  await redis?.stop()
  stopAll()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Submits the slow evaluation on `queue` (its workers started later or elsewhere). */
const submit = (url, queue) => cliRun([...EVAL, ...SLOW, '--redis', url, '--queue', queue, '--timeout', '30'])

/** The id of a shard job some worker holds now. */
async function activeShard(queue) {
  const active = await until(async () => (await redis.client.lrange(`bull:${queue}:active`, 0, -1)).find((id) => id.includes('-shard-')), `a shard of ${queue} in progress`)
  return Number(/-shard-(\d+)$/.exec(active)[1])
}

const recordedLines = (log, index) => log.split('\n').filter((line) => new RegExp(`: shard ${index} of 4 .*: recorded in`).test(line))

async function result(t, run) {
  t.is(await run.exit(30_000), 0, run.output.stderr)
  return JSON.parse(run.output.stdout).value
}

test.serial('a worker SIGKILLed in the middle of a shard: the stalled-job check runs the shard again on another worker', async (t) => {
  const queue = 'killed'
  const victim = await startWorker(redis.url, queue, ['--stall-ms', '1000'])
  const run = submit(redis.url, queue)
  const index = await activeShard(queue)
  await sleep(100)
  t.deepEqual(recordedLines(victim.log(), index), [], 'the shard was not finished when the worker died')
  t.is(await victim.stop('SIGKILL'), 'SIGKILL')
  const rescuer = await startWorker(redis.url, queue, ['--stall-ms', '1000'])
  t.true(Object.is(await result(t, run), local.slow))
  t.is(recordedLines(rescuer.log(), index).length, 1, rescuer.log())
  t.is(await rescuer.stop(), 0)
})

test.serial('a shard job delivered three times counts once', async (t) => {
  const queue = 'twice'
  const run = submit(redis.url, queue)
  const [key] = await until(async () => {
    const keys = await redis.client.keys(`bull:${queue}:*-shard-1`)
    return keys.length === 1 && (await redis.client.keys(`bull:${queue}:*-shard-3`)).length === 1 ? keys : undefined
  }, 'the flow to be queued')
  // The same shard's data in two more jobs, ahead of the flow's: they run first, the flow's own job last.
  const data = JSON.parse(await redis.client.hget(key, 'data'))
  const producer = new Queue(queue, { connection: { url: redis.url } })
  await producer.add('shard', data, { jobId: 'again-1', lifo: true })
  await producer.add('shard', data, { jobId: 'again-2', lifo: true })
  await producer.close()
  const workers = [await startWorker(redis.url, queue), await startWorker(redis.url, queue)]
  t.true(Object.is(await result(t, run), local.slow))
  const logs = workers.map((w) => w.log()).join('')
  t.is(recordedLines(logs, 1).length, 1, logs)
  t.is(logs.split('\n').filter((line) => /: shard 1 of 4 .*already recorded/.test(line)).length, 2, logs)
  for (const worker of workers) t.is(await worker.stop(), 0)
})

test.serial('Redis restarted while the workers wait: they reconnect and evaluate', async (t) => {
  const own = await startRedis()
  const queue = 'restart'
  const workers = [await startWorker(own.url, queue), await startWorker(own.url, queue)]
  t.is(await own.stop(), 0)
  await Promise.all(workers.map((w) => w.waitFor(/lost Redis/, 'a worker to see Redis go')))
  await sleep(300)
  const again = await startRedis(own.port)
  await Promise.all(workers.map((w) => w.waitFor(/reconnected to Redis/, 'a worker to reconnect')))
  const run = cliRun([...EVAL, '--chunk-rows', '2000', '--shard-rows', '20000', '--redis', again.url, '--queue', queue, '--timeout', '20'])
  t.true(Object.is(await result(t, run), local.fast))
  for (const worker of workers) t.is(await worker.stop(), 0)
  await again.stop()
})

test.serial('a worker stopped with SIGTERM in the middle of a shard finishes it and exits 0', async (t) => {
  const queue = 'term'
  const leaving = await startWorker(redis.url, queue)
  const run = submit(redis.url, queue)
  const index = await activeShard(queue)
  await sleep(100)
  t.deepEqual(recordedLines(leaving.log(), index), [])
  t.is(await leaving.stop('SIGTERM'), 0)
  const log = leaving.log()
  t.regex(log, /SIGTERM: finishing the jobs in progress/)
  t.is(recordedLines(log, index).length, 1, 'the shard in progress was finished')
  t.true(log.indexOf('SIGTERM') < log.indexOf(recordedLines(log, index)[0]))
  const next = await startWorker(redis.url, queue)
  t.true(Object.is(await result(t, run), local.slow))
  t.is(await next.stop(), 0)
})
