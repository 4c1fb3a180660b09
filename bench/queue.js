// The queued eval against the local eval on W1's data (hinge, float32, [2097152, 8], labels
// {-1, 1}: 128 MiB read), as .npy files both read from the page cache: 2 worker processes
// and 16 shards (one local chunk each, so the values agree bit for bit), and 1 worker for
// the queue's own cost per shard. Needs redis-server on the PATH; starts and stops its own.
//
//   node bench/queue.js [rounds]      (default 7 rounds, interleaved; medians reported)
//
// Times are the `milliseconds` of `--json`: from the command's start of work to its result,
// without Node's start-up, which is the same for both.
const { execFile, spawn } = require('node:child_process')
const { FlowProducer, Worker } = require('bullmq')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { freePort, sleep, until } = require('../__test__/helpers/queue')
const { writeNpy } = require('../__test__/helpers/npy')
const { mulberry32 } = require('../dist/random.js')
const { submitEvaluation } = require('../bullmq.js')

const BIN = path.join(__dirname, '..', 'bin', 'hinge-losses.js')
const ROWS = 2_097_152
const COLS = 8
const SHARDS = 16
const rounds = Number(process.argv[2] ?? 7)

function run(args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 1 << 20, timeout: 300_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${args.join(' ')}: ${stderr || error.message}`))
      else resolve(JSON.parse(stdout))
    })
  })
}

/** BullMQ's own cost: a flow of `SHARDS` no-op children and a no-op parent, with an in-process worker. */
async function bareFlow(url, rounds) {
  const connection = { url, maxRetriesPerRequest: null }
  let done = 0
  const worker = new Worker('bare', async () => void done++, { connection })
  const flows = new FlowProducer({ connection })
  await worker.waitUntilReady()
  const times = []
  for (let i = 0; i < rounds + 1; i++) {
    done = 0
    const start = performance.now()
    await flows.add({ name: 'merge', queueName: 'bare', children: Array.from({ length: SHARDS }, () => ({ name: 'shard', queueName: 'bare' })) })
    await until(() => done === SHARDS + 1, 'the no-op flow', 10_000, 1)
    if (i > 0) times.push(performance.now() - start)
  }
  await Promise.all([worker.close(), flows.close()])
  return median(times)
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** `count` workers; with more than one, each gets its share of the cores as native threads. */
function workers(url, queue, count) {
  const threads = String(Math.max(1, Math.floor(os.availableParallelism() / count)))
  return Array.from({ length: count }, () => {
    const env = { ...process.env, HINGE_LOSSES_NUM_THREADS: threads }
    const child = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--queue', queue], { stdio: ['ignore', 'ignore', 'pipe'], env })
    let log = ''
    child.stderr.on('data', (d) => (log += d))
    return { child, log: () => log, ready: () => / on queue /.test(log) }
  })
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hinge-losses-bench-queue-'))
  const next = mulberry32(1)
  const yTrue = new Float32Array(ROWS * COLS)
  const yPred = new Float32Array(ROWS * COLS)
  for (let i = 0; i < yTrue.length; i++) {
    yTrue[i] = next() < 0.5 ? -1 : 1
    yPred[i] = next() * 4 - 2
  }
  const files = ['--y-true', writeNpy(path.join(dir, 'y_true.npy'), yTrue, { shape: [ROWS, COLS] }), '--y-pred', writeNpy(path.join(dir, 'y_pred.npy'), yPred, { shape: [ROWS, COLS] })]
  const port = await freePort()
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  const url = `redis://127.0.0.1:${port}`
  const pools = { two: workers(url, 'two', 2), one: workers(url, 'one', 1) }
  const all = [...pools.two, ...pools.one]
  try {
    await until(() => all.every((w) => w.ready()), 'the workers', 20_000)
    const evalArgs = ['eval', '--loss', 'hinge', ...files, '--json']
    const queued = (queue) => [...evalArgs, '--redis', url, '--queue', queue, '--shard-rows', String(ROWS / SHARDS)]
    // One warm-up of each: the page cache, the lazy loads.
    const first = [await run(evalArgs), await run(queued('two')), await run(queued('one'))]
    if (!first.every((r) => Object.is(r.value, first[0].value))) throw new Error(`values differ: ${first.map((r) => r.value)}`)
    const times = { local: [], two: [], one: [], library: [] }
    const library = { redis: url, queue: 'two', loss: 'hinge', files: { yTrue: files[1], yPred: files[3] }, shardRows: ROWS / SHARDS }
    await submitEvaluation(library)
    for (let i = 0; i < rounds; i++) {
      times.local.push((await run(evalArgs)).milliseconds)
      const two = await run(queued('two'))
      if (two.shards !== SHARDS || !Object.is(two.value, first[0].value)) throw new Error(`queued: ${JSON.stringify(two)}`)
      times.two.push(two.milliseconds)
      times.one.push((await run(queued('one'))).milliseconds)
      const start = performance.now()
      const warm = await submitEvaluation(library)
      times.library.push(performance.now() - start)
      if (!Object.is(warm.value, first[0].value)) throw new Error(`library: ${warm.value}`)
    }
    const bare = await bareFlow(url, rounds)
    const shardTimes = pools.one[0].log().split('\n').flatMap((line) => /shard \d+ of 16 .* recorded in ([\d.]+) ms/.exec(line)?.[1] ?? []).map(Number)
    const m = { local: median(times.local), two: median(times.two), one: median(times.one), library: median(times.library) }
    const gbs = (ms) => ((2 * ROWS * COLS * 4) / (ms / 1000) / 1e9).toFixed(2)
    const lines = [
      `machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.availableParallelism()} cores, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
      `W1 (hinge, float32, [${ROWS}, ${COLS}], 128 MiB), ${rounds} rounds, medians; value ${first[0].value} on every path`,
      `local eval:                 ${m.local.toFixed(1)} ms · ${gbs(m.local)} GB/s`,
      `queued, 2 workers, ${SHARDS} shards: ${m.two.toFixed(1)} ms · ${gbs(m.two)} GB/s · ${((100 * m.local) / m.two).toFixed(0)} % of the local throughput`,
      `queued, 1 worker, ${SHARDS} shards:  ${m.one.toFixed(1)} ms · ${gbs(m.one)} GB/s · ${((100 * m.local) / m.one).toFixed(0)} % of the local throughput`,
      `submitEvaluation from a running process, 2 workers: ${m.library.toFixed(1)} ms · ${gbs(m.library)} GB/s · ${((100 * m.local) / m.library).toFixed(0)} % of the local throughput`,
      `queue overhead per shard (1 worker against local, / ${SHARDS}): ${((m.one - m.local) / SHARDS).toFixed(2)} ms`,
      `BullMQ alone, a flow of ${SHARDS} no-op children and a no-op parent: ${bare.toFixed(1)} ms`,
      `a shard's work on the worker (open, read, kernel, record; median of ${shardTimes.length}): ${median(shardTimes).toFixed(2)} ms`,
    ]
    console.log(lines.join('\n'))
  } finally {
    for (const w of all) w.child.kill('SIGTERM')
    await sleep(200)
    redis.kill('SIGTERM')
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
