// Timing through the `benchmark` package: it calibrates how many calls make one sample,
// and the median of the samples damps the noise of a shared machine.
const Benchmark = require('benchmark')
const { QUICK } = require('./workloads')

/**
 * Sampling plans. 'fast' calls are sampled for a second (0.2 s in quick runs); 'slow'
 * ones (a naive loop, tfjs wasm: up to a second per call on 128 MiB) take three samples;
 * 'slowest' ones (tfjs cpu: up to 6 s per call) two. Each sample of a slow call costs
 * two calls: Benchmark.js runs a call before timing it.
 */
const PLANS = {
  fast: { minSamples: 5, maxTime: QUICK ? 0.2 : 1 },
  slow: { minSamples: 3, maxTime: 0 },
  slowest: { minSamples: 2, maxTime: 0 },
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Median seconds per call of `run`. An asynchronous `run` (one that returns a promise) is
 * timed as a deferred benchmark: each call starts when the previous one has settled.
 */
function time(name, run, { plan = 'fast', async = false } = {}) {
  return new Promise((resolve, reject) => {
    const fn = async
      ? (deferred) => run().then(() => deferred.resolve(), (error) => reject(error))
      : run
    const bench = new Benchmark(name, { fn, defer: async, ...PLANS[plan] })
    bench.on('complete', () => (bench.error ? reject(bench.error) : resolve(median(bench.stats.sample))))
    bench.run()
  })
}

module.exports = { time }
