// Interleaved rounds for the ts-* benchmarks: every contender runs once per round, in the
// same order, so drift of a shared machine hits all of them alike. Samples are the
// process's CPU time by default (BENCH_CLOCK=wall for wall time): on a loaded machine the
// scheduler's pauses then stay out of the figures, which are of single-threaded loops.

const WALL = process.env.BENCH_CLOCK === 'wall'

/** Seconds on the chosen clock. */
function now() {
  if (WALL) return Number(process.hrtime.bigint()) / 1e9
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * Seconds per call of each function, `calls` calls per sample, `rounds` samples each;
 * with per-round ratios to the first contender (the ratio's median is steadier than the
 * ratio of medians when the machine drifts).
 */
function interleaved(fns, { rounds, calls }) {
  const names = Object.keys(fns)
  const samples = Object.fromEntries(names.map((n) => [n, []]))
  let sink = 0
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const fn = fns[name]
      const start = now()
      for (let i = 0; i < calls; i++) sink += +fn()
      samples[name].push((now() - start) / calls)
    }
  }
  if (Number.isNaN(sink)) throw new Error('a contender returned NaN')
  const base = samples[names[0]]
  return Object.fromEntries(
    names.map((n) => {
      const s = samples[n]
      const ratios = s.map((x, i) => x / base[i])
      return [n, { median: median(s), min: Math.min(...s), max: Math.max(...s), ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios) }]
    }),
  )
}

const UNITS = { ms: 1e3, 'µs': 1e6 }

/** One line: both medians with their spread, the median per-round ratio, and the target. */
function report(id, figures, base, measured, target, unit) {
  const k = UNITS[unit]
  const f = (x) => (x * k).toPrecision(3)
  const b = figures[base]
  const m = figures[measured]
  const verdict = m.ratio <= target ? 'met' : 'MISSED'
  return (
    `${id.padEnd(4)} ${base} ${f(b.median)} ${unit} [${f(b.min)}–${f(b.max)}]  ${measured} ${f(m.median)} ${unit} [${f(m.min)}–${f(m.max)}]  ` +
    `ratio ${m.ratio.toFixed(2)}× [${m.ratioMin.toFixed(2)}–${m.ratioMax.toFixed(2)}]  target ≤ ${target}× ${verdict}`
  )
}

module.exports = { interleaved, report, median, clock: WALL ? 'wall' : 'cpu' }
