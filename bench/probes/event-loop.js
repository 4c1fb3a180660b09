// The event loop's delay while `computeAsync` runs W1 back to back, in a fresh process
// so no other timer or leftover work shares the loop.
const { monitorEventLoopDelay } = require('node:perf_hooks')
const api = require('../..')
const { QUICK, WORKLOADS, build } = require('../workloads')
const { facadeCalls } = require('../contenders/facade')

const DURATION_MS = QUICK ? 500 : 3000
const RESOLUTION_MS = 1

async function main() {
  const w1 = WORKLOADS.find((w) => w.id === 'W1')
  const { computeAsync } = facadeCalls(api, w1, build(w1))
  // The first call pays the one-time costs (code loading, warm-up); the target is the steady state.
  await computeAsync()
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  delay.enable()
  let calls = 0
  for (const end = Date.now() + DURATION_MS; Date.now() < end; calls++) await computeAsync()
  delay.disable()
  // The histogram records, in nanoseconds, the time between two ticks of a timer set to
  // RESOLUTION_MS: the delay is what exceeds that interval.
  const excessMs = (ns) => ns / 1e6 - RESOLUTION_MS
  console.log(JSON.stringify({ p99Ms: excessMs(delay.percentile(99)), maxMs: excessMs(delay.max), calls }))
}

main()
