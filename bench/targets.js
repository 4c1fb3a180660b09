// The targets of ../shared/BENCH.md, judged from one run's figures. Ratios between two
// rows are taken round by round (the rows of a round ran next to each other), so each
// target has a median and a spread, and a miss is called only when it holds in every
// round: a median below the target with some rounds above it is the measurement's noise,
// not the kernel's miss, and the report says so.

const percent = (x) => `${(100 * x).toFixed(1)} %`
const times = (x) => `${x.toFixed(2)}×`

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const find = (results, id) => results.find((r) => r.id === id && r.skipped === undefined)

/**
 * `a`'s seconds over `b`'s: round by round when both ran in the rounds, else the ratio
 * of the medians (one figure). Undefined when either is missing.
 */
function roundRatios(results, a, b) {
  const x = find(results, a)
  const y = find(results, b)
  if (x === undefined || y === undefined) return undefined
  if (x.interleaved && y.interleaved) return x.rounds.map((s, k) => s / y.rounds[k])
  return [x.seconds / y.seconds]
}

/**
 * A target over per-round figures. `atLeast`: met when the median reaches `bound`;
 * missed when every round misses it; unsettled when the rounds fall on both sides;
 * failed when one figure (no rounds) misses it.
 */
function judged(name, values, bound, { atLeast = true, format = percent } = {}) {
  if (values === undefined || values.length === 0 || values.some(Number.isNaN)) return { name, measured: 'not measured', spread: '', status: 'failed' }
  const m = median(values)
  const reaches = (v) => (atLeast ? v >= bound : v <= bound)
  const status = reaches(m) ? 'met' : values.length === 1 ? 'failed' : values.some(reaches) ? 'unsettled' : 'missed'
  const spread = values.length > 1 ? `${format(Math.min(...values))} – ${format(Math.max(...values))}` : 'one figure'
  return { name, measured: format(m), spread, status }
}

const single = (name, value, met, measured) =>
  value === undefined || Number.isNaN(value) ? { name, measured: 'not measured', spread: '', status: 'failed' } : { name, measured, spread: 'one figure', status: met ? 'met' : 'failed' }

/** The native call's share of the roofline over its own buffers, on the pool's threads. */
function rooflineShare(w, id, bound, threads) {
  return judged(`${id}: default entry at ≥ ${bound * 100} % of the same-buffer roofline (${threads} threads)`, roundRatios(w(id).results, 'roofline-pool', 'default'), bound)
}

/** Sweep: at every size the default entry at least as fast as pure TS. */
function neverSlowerThanTs(sweep) {
  const sizes = sweep.map(({ n, results }) => ({ n, ratios: roundRatios(results, 'ts', 'default') }))
  const worst = sizes.reduce((a, b) => (median(b.ratios) < median(a.ratios) ? b : a))
  const target = judged('Sweep: default entry never slower than pure TS', worst.ratios, 1, { format: times })
  target.measured = `slowest ${target.measured} pure TS's speed, at n = 2^${Math.log2(worst.n)}`
  // A miss at any size that holds in every round is a miss, whatever the worst median.
  if (sizes.some((s) => s.ratios.every((r) => r < 1))) target.status = 'missed'
  return target
}

/** W8 against W3 in rows per second, round by round from their pairing (pairing.js). */
function sparseAgainstOneHot(pairing) {
  const bytesRatio = 128 / 68
  const name = `W8 about 2× W3 in rows per second (the bus allows ${bytesRatio.toFixed(2)}×: 128 bytes a row against 68; W8 and W3 in the same rounds); at least 0.9 of that`
  return judged(name, pairing.ratios, 0.9 * bytesRatio, { format: times })
}

/** `run`: the figures gathered by run.js. */
function evaluateTargets({ workloads, pairing, sweep, peakRss, eventLoop, accuracy, machine }) {
  const w = (id) => workloads.find((x) => x.workload.id === id)
  const threads = machine.nativeThreads
  const tsVsTuned = (id, bound, what) =>
    judged(`${id}: pure TS${what} within ${bound}× the tuned JS loop's time`, roundRatios(w(id).results, 'ts', 'tuned'), bound, { atLeast: false, format: times })
  const defaultAccuracy = accuracy.find((a) => a.id === 'default').error
  return [
    ...['W1', 'W2', 'W3', 'W5'].map((id) => rooflineShare(w, id, 0.9, threads)),
    ...['W7', 'W8', 'W3m'].map((id) => rooflineShare(w, id, 0.85, threads)),
    rooflineShare(w, 'W6', 0.8, threads),
    sparseAgainstOneHot(pairing),
    judged('W1: computeAsync at ≥ 0.85× the throughput of compute', roundRatios(w('W1').results, 'default', 'async'), 0.85, { format: times }),
    single('Event-loop p99 delay < 5 ms during computeAsync on W1', eventLoop.p99Ms, eventLoop.p99Ms < 5, `${eventLoop.p99Ms.toFixed(2)} ms`),
    neverSlowerThanTs(sweep),
    judged("W4: default entry within 1.5× the tuned JS loop's time per call", roundRatios(w('W4').results, 'default', 'tuned'), 1.5, { atLeast: false, format: times }),
    tsVsTuned('W1', 1.2, ''),
    tsVsTuned('W6', 1.5, ' gradient'),
    tsVsTuned('W7', 1.5, ' float16'),
    tsVsTuned('W8', 1.5, ' sparse'),
    tsVsTuned('W3m', 1.5, ' mask'),
    single('Reduced W1 raises peak RSS by < 16 MiB', peakRss.growthMiB, peakRss.growthMiB < 16, `${peakRss.growthMiB.toFixed(1)} MiB`),
    single('Reduced float32 W1 within 1e-6 relative of the exact value', defaultAccuracy, defaultAccuracy <= 1e-6, defaultAccuracy.toExponential(2)),
  ]
}

module.exports = { evaluateTargets, roundRatios, median }
