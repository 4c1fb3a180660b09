// Timing: calls are timed in samples of a calibrated number of calls, and the samples
// of the rows of one workload are interleaved round by round, so a drift of the shared
// machine (another process, the memory clock) lands on every row of a round alike.
const { QUICK } = require('./workloads')

/** Rounds per workload; samples per row and round, of at least SAMPLE_SECONDS each. */
const ROUNDS = QUICK ? 3 : 7
const SAMPLES = 3
const SAMPLE_SECONDS = QUICK ? 0.005 : 0.03

/**
 * Rows too slow for rounds (a naive loop, tfjs: up to seconds per call on 128 MiB, tens
 * of seconds for a tfjs gradient) are timed call by call after the rounds: 'slow' two
 * calls, 'slowest' one, after the call that gave the row's result and warmed it up.
 */
const SLOW_CALLS = { slow: 2, slowest: 1 }

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Seconds per call over `calls` back-to-back calls; an async `run` is awaited each time. */
async function perCall(run, calls, isAsync) {
  const start = process.hrtime.bigint()
  if (isAsync) for (let i = 0; i < calls; i++) await run()
  else for (let i = 0; i < calls; i++) run()
  return Number(process.hrtime.bigint() - start) / 1e9 / calls
}

/** Calls per sample: enough for SAMPLE_SECONDS, judged from a first timing. */
async function calibrate(run, isAsync) {
  let calls = 1
  let seconds = await perCall(run, calls, isAsync)
  while (seconds * calls < SAMPLE_SECONDS / 10 && calls < 1e6) {
    calls *= 10
    seconds = await perCall(run, calls, isAsync)
  }
  return Math.max(1, Math.ceil(SAMPLE_SECONDS / seconds))
}

/** One round's figure of a row: the median of SAMPLES samples. */
async function sampleRound(run, calls, isAsync) {
  const samples = []
  for (let i = 0; i < SAMPLES; i++) samples.push(await perCall(run, calls, isAsync))
  return median(samples)
}

module.exports = { ROUNDS, SAMPLES, SAMPLE_SECONDS, SLOW_CALLS, median, perCall, calibrate, sampleRound }
