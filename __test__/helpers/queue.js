// Real components for the queue tests: a redis-server on a free loopback port without
// persistence, `hinge-losses worker` processes, `hinge-losses eval` runs. Every wait has
// a deadline, and everything started here is stopped by `stopAll`.
const { execFile, spawn } = require('node:child_process')
const net = require('node:net')
const path = require('node:path')
const { Redis } = require('ioredis')

const BIN = path.join(__dirname, '..', '..', 'bin', 'hinge-losses.js')
const started = new Set()

/** A port nothing listens on now (the kernel's choice for port 0). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resolves once `check()` is truthy (its value), polling; rejects with `what` after `ms`. */
async function until(check, what, ms = 15_000, every = 10) {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await sleep(every)
  }
}

/** A child process whose output is kept, with a wait for its exit under a deadline. */
function track(child) {
  const output = { stdout: '', stderr: '' }
  child.stdout.on('data', (d) => (output.stdout += d))
  child.stderr.on('data', (d) => (output.stderr += d))
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)))
  started.add(child)
  exited.then(() => started.delete(child))
  return {
    child,
    output,
    exited,
    async exit(ms = 15_000) {
      let timer
      const late = new Promise((resolve) => (timer = setTimeout(resolve, ms, `no exit within ${ms} ms`)))
      return Promise.race([exited, late]).finally(() => clearTimeout(timer))
    },
  }
}

/** redis-server on a free port (or `port`), no RDB, no AOF; resolves once it answers. */
async function startRedis(port) {
  port ??= await freePort()
  const server = track(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] }))
  const url = `redis://127.0.0.1:${port}`
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 })
  client.on('error', () => {})
  await until(async () => {
    try {
      await client.connect()
      return (await client.ping()) === 'PONG'
    } catch {
      client.disconnect()
      return false
    }
  }, `redis-server on port ${port}`)
  return {
    port,
    url,
    client,
    async stop() {
      client.disconnect()
      server.child.kill('SIGTERM')
      return server.exit()
    },
  }
}

/** A `hinge-losses worker` process; resolves once it has started its BullMQ worker. */
async function startWorker(url, queue, args = []) {
  const worker = track(spawn(process.execPath, [BIN, 'worker', '--redis', url, '--queue', queue, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }))
  await until(() => / on queue /.test(worker.output.stderr) || worker.child.exitCode !== null, 'a worker to start')
  return {
    ...worker,
    log: () => worker.output.stderr,
    waitFor: (pattern, what, ms) => until(() => pattern.exec(worker.output.stderr), what, ms),
    async stop(signal = 'SIGTERM') {
      worker.child.kill(signal)
      return worker.exit()
    },
  }
}

/** Runs the bin with `args`; resolves with its exit code and output. */
function cli(args, { timeout = 60_000 } = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 16 << 20, timeout }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, stdout, stderr })
    })
  })
}

/** The same, not awaited: for runs whose jobs the test acts on while they wait. */
function cliRun(args) {
  return track(spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }))
}

/** Kills whatever is still running (a test that failed half-way). */
function stopAll() {
  for (const child of started) child.kill('SIGKILL')
}

module.exports = { BIN, cli, cliRun, freePort, sleep, startRedis, startWorker, stopAll, until }
