// The targets, judged from one run's figures. Each gives what was measured and whether
// it is met; a figure that could not be measured counts as not met.

const percent = (x) => `${(100 * x).toFixed(1)} %`

/** Seconds of a row on a list of results, or undefined when it was skipped or absent. */
const secondsOf = (results, id) => results.find((r) => r.id === id)?.seconds

function target(name, value, met, measured) {
  return value === undefined || Number.isNaN(value) ? { name, measured: 'not measured', met: false } : { name, measured, met }
}

function rooflineShare(workloads, id) {
  const { results } = workloads.find((w) => w.workload.id === id)
  const share = secondsOf(results, 'roofline-2') / secondsOf(results, 'default')
  return target(`${id}: default entry at ≥ 85 % of the 2-thread roofline`, share, share >= 0.85, percent(share))
}

function neverSlowerThanTs(sweep) {
  const ratios = sweep.map(({ n, results }) => ({ n, ratio: secondsOf(results, 'ts') / secondsOf(results, 'default') }))
  const worst = ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a))
  return target(
    'Sweep: default entry never slower than pure TS',
    worst.ratio,
    worst.ratio >= 1,
    `slowest relative speed ${worst.ratio.toFixed(2)}× pure TS, at n = 2^${Math.log2(worst.n)}`,
  )
}

/** `run`: the figures gathered by run.js. */
function evaluateTargets({ workloads, sweep, peakRss, eventLoop, accuracy }) {
  const w = (id) => workloads.find((x) => x.workload.id === id)
  const w4 = secondsOf(w('W4').results, 'default') * 1e6
  const tsW1 = w('W1').bytes / secondsOf(w('W1').results, 'ts') / 1e9
  const defaultAccuracy = accuracy.find((a) => a.id === 'default').error
  return [
    ...['W1', 'W2', 'W3', 'W5'].map((id) => rooflineShare(workloads, id)),
    neverSlowerThanTs(sweep),
    target('W4: default entry ≤ 0.5 µs per call', w4, w4 <= 0.5, `${w4.toFixed(3)} µs`),
    target('W1: pure TS ≥ 3.3 GB/s', tsW1, tsW1 >= 3.3, `${tsW1.toFixed(2)} GB/s`),
    target('Reduced W1 raises peak RSS by < 16 MiB', peakRss.growthMiB, peakRss.growthMiB < 16, `${peakRss.growthMiB.toFixed(1)} MiB`),
    target('Event-loop p99 delay < 5 ms during computeAsync on W1', eventLoop.p99Ms, eventLoop.p99Ms < 5, `${eventLoop.p99Ms.toFixed(2)} ms`),
    target('Reduced float32 W1 within 1e-6 relative of the exact value', defaultAccuracy, defaultAccuracy <= 1e-6, defaultAccuracy.toExponential(2)),
  ]
}

module.exports = { evaluateTargets }
