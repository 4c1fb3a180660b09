// computeAsync against compute on W1, in one process over the same buffers, round by
// round, with the event loop's delay measured while computeAsync runs. This is the figure
// that chose the asynchronous pool's policy (README, "Backends and threads").
//
//   node bench/async-pool.js            7 rounds of 20 calls of each form
//   ROUNDS=11 CALLS=30 node bench/async-pool.js
//
// The last line printed is the result as JSON, for scripts that compare builds.
const { readFileSync } = require('node:fs')
const { monitorEventLoopDelay } = require('node:perf_hooks')
const api = require('..')
// The raw addon, through the package's own loader: for its thread count.
const binding = require('../dist/native/load-binding.js').requireBinding()
const { WORKLOADS, build } = require('./workloads')
const { facadeCalls } = require('./contenders/facade')

const ROUNDS = Number(process.env.ROUNDS ?? 7)
const CALLS = Number(process.env.CALLS ?? 20)
/** The probe timer's period: the delay is what its ticks exceed it by. */
const RESOLUTION_MS = 1

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const spread = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`

/**
 * CPU time on the whole machine and in this process, in clock ticks (Linux; null
 * elsewhere): on a shared machine, a round during which other processes took a large
 * share of the cores measures them, not the pool.
 */
function cpuTicks() {
  try {
    const machine = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = machine
    const own = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    return {
      total: user + nice + system + idle + iowait + irq + softirq + steal,
      busy: user + nice + system + irq + softirq + steal,
      own: Number(own[11]) + Number(own[12]),
    }
  } catch {
    return null
  }
}

/** The share of all cores that other processes used between two `cpuTicks()`. */
function othersShare(a, b) {
  if (a === null || b === null || b.total === a.total) return null
  return Math.max(0, b.busy - a.busy - (b.own - a.own)) / (b.total - a.total)
}

/** Milliseconds per call of CALLS calls of `run`, awaited one after the other. */
async function perCall(run) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < CALLS; i++) await run()
  return Number(process.hrtime.bigint() - start) / 1e6 / CALLS
}

async function main() {
  const w1 = WORKLOADS.find((w) => w.id === 'W1')
  const { compute, computeAsync } = facadeCalls(api, w1, build(w1))
  // Both forms must agree bit for bit, whatever the pool's size.
  const [sync, asynchronous] = [compute(), await computeAsync()]
  if (!Object.is(sync, asynchronous)) throw new Error(`computeAsync gave ${asynchronous}, compute ${sync}`)
  await perCall(compute)
  await perCall(computeAsync)

  const rounds = []
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which form goes first, so a drift in the machine's load hits both alike.
    const order = r % 2 ? ['async', 'sync'] : ['sync', 'async']
    const round = {}
    const before = cpuTicks()
    for (const form of order) {
      if (form === 'sync') {
        round.syncMs = await perCall(compute)
        continue
      }
      const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
      delay.enable()
      round.asyncMs = await perCall(computeAsync)
      delay.disable()
      round.p99Ms = delay.percentile(99) / 1e6 - RESOLUTION_MS
      round.maxMs = delay.max / 1e6 - RESOLUTION_MS
    }
    round.ratio = round.syncMs / round.asyncMs
    round.others = othersShare(before, cpuTicks())
    rounds.push(round)
  }

  const pick = (key) => rounds.map((r) => r[key])
  const result = {
    threads: binding.threadCount(),
    rounds: ROUNDS,
    calls: CALLS,
    syncMs: median(pick('syncMs')),
    asyncMs: median(pick('asyncMs')),
    ratio: median(pick('ratio')),
    ratioSpread: spread(pick('ratio')),
    p99Ms: median(pick('p99Ms')),
    p99Spread: spread(pick('p99Ms')),
    maxMs: Math.max(...pick('maxMs')),
    perRound: rounds,
  }
  console.log(
    `W1 compute ${result.syncMs.toFixed(2)} ms, computeAsync ${result.asyncMs.toFixed(2)} ms per call: ` +
      `${result.ratio.toFixed(2)}× the sync throughput (rounds ${result.ratioSpread}); ` +
      `event-loop p99 delay ${result.p99Ms.toFixed(2)} ms (rounds ${result.p99Spread}), max ${result.maxMs.toFixed(2)} ms`,
  )
  console.log(JSON.stringify(result))
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
