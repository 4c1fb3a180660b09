// BENCHMARKS.md from one run's figures: machine, targets, one table per workload, the
// sweep (chart and table) and how everything was measured.
const { describe } = require('./workloads')

const GB = 1e9

function duration(seconds) {
  if (seconds < 1e-3) return `${(seconds * 1e6).toPrecision(3)} µs`
  return seconds < 1 ? `${(seconds * 1e3).toPrecision(3)} ms` : `${seconds.toPrecision(3)} s`
}
const gbps = (bytes, seconds) => (bytes / seconds / GB).toPrecision(3)
const ratio = (x) => (x >= 100 ? `${x.toFixed(0)}×` : `${x.toPrecision(3)}×`)
const table = (header, lines) => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n')

function machineSection(m) {
  return table(
    ['', ''],
    [
      ['CPU', `${m.cpu}, ${m.cores} cores available`],
      ['Memory', `${m.memoryGiB.toFixed(1)} GiB`],
      ['OS', m.os],
      ['Node / V8', `${m.node} / ${m.v8}`],
      ['Rust', m.rustc],
      ['Default entry', `backend \`${m.backend}\`; native kernels \`${m.instructionSet}\`, thread pool of ${m.nativeThreads}`],
    ],
  )
}

function targetsSection(targets) {
  return table(
    ['target', 'measured', 'met', 'when missed: what bounds it here'],
    targets.map((t) => [t.name, t.measured, t.met ? 'yes' : '**no**', t.met ? '' : (t.bound ?? '')]),
  )
}

/** One workload: a row per contender and roofline; ratios are the other row's time over this one's. */
function workloadSection({ workload, bytes, results }, rows) {
  const byId = new Map(results.map((r) => [r.id, r]))
  const contenders = rows.filter((row) => !row.roofline)
  const roofline = (threads) => byId.get(`roofline-${threads}`)?.seconds
  const share = (threads, seconds) => (roofline(threads) === undefined ? '—' : `${((100 * roofline(threads)) / seconds).toFixed(1)} %`)
  const header = ['', 'median per call', 'GB/s', '% of roofline 1T', '% of roofline 2T', 'result', ...contenders.map((c) => `vs ${c.label}`)]
  const lines = rows.map((row) => {
    const r = byId.get(row.id)
    if (r.skipped !== undefined) return [row.label, `n/a: ${r.skipped}`, ...header.slice(2).map(() => '')]
    const vs = contenders.map((c) => {
      const other = byId.get(c.id)
      if (row.roofline || c.id === row.id) return '—'
      return other.skipped === undefined ? ratio(other.seconds / r.seconds) : 'n/a'
    })
    const result = row.roofline ? '—' : Number(r.value).toPrecision(7)
    return [row.label, duration(r.seconds), gbps(bytes, r.seconds), share(1, r.seconds), share(2, r.seconds), result, ...vs]
  })
  return `### ${workload.id}: ${describe(workload)}\n\n${table(header, lines)}`
}

function sweepSection(points, series) {
  const header = ['n', ...series.map((s) => `${s.label} GB/s`), 'default ÷ pure TS speed']
  const lines = points.map(({ n, bytes, results }) => {
    const seconds = (id) => results.find((r) => r.id === id).seconds
    return [`2^${Math.log2(n)}`, ...series.map((s) => gbps(bytes, seconds(s.id))), ratio(seconds('ts') / seconds('default'))]
  })
  return table(header, lines)
}

function methodSection(rows, quick) {
  const described = rows.map((row) => `- **${row.label}**: ${row.description()}.`).join('\n')
  return `${described}

- Inputs: row-major, fixed-seed random data, built once per workload (yPred uniform in
  [-2, 2); W2's labels are W1's mapped to {0, 1}); reduction \`sum_over_batch_size\`; every
  array in the workload's dtype.${quick ? ' This quick run shrinks W1, W2, W3 and W5 64-fold.' : ''}
- Timing: the \`benchmark\` package; the median of its samples (each sample the mean of a
  calibrated number of calls). Slow contenders take fewer samples: naive JS and tfjs wasm
  three, tfjs cpu two.
- GB/s = bytes of yTrue + yPred / median time. Ratios "vs X" = X's median / this row's:
  above 1 means this row is faster.
- tfjs: tensors are built from the typed arrays inside each call; W5 (float64) is n/a
  since tfjs has no float64.
- W4 per-call latency is the W4 median of the default entry.
- Peak RSS: \`process.resourceUsage().maxRSS\` before and after three \`compute\` and three
  \`computeAsync\` calls on W1, in a fresh process whose inputs are built before the first
  reading.
- Event loop: \`perf_hooks.monitorEventLoopDelay\` (1 ms resolution; the delay is the time
  between its ticks less that 1 ms) over back-to-back \`computeAsync\` calls on W1, in a
  fresh process.
- Accuracy: the reduced float32 W1 result against the exact mean of its float32 element
  terms (float64 sum with Neumaier compensation); relative error.`
}

function accuracyLines(accuracy) {
  return table(
    ['', 'result', 'exact', 'relative error'],
    accuracy.map((a) => [a.label, a.value.toPrecision(9), a.exact.toPrecision(12), a.error.toExponential(2)]),
  )
}

/** The whole file. `run`: everything run.js gathered. */
function report(run) {
  const { quick, date, command, machine, rows, workloads, sweep, sweepSeries, targets, peakRss, eventLoop, accuracy } = run
  const notice = quick
    ? '\n> **Quick run** (`BENCH_QUICK=1`): reduced sizes and short sampling, for development only. The figures\n> do not judge the targets; run `npm run bench` for those.\n'
    : ''
  return `# Benchmarks

Generated by \`${command}\` (\`bench/run.js\`) on ${date}. Do not edit by hand: run it again.
${notice}
## Machine

${machineSection(machine)}

## Targets

${targetsSection(targets)}

## Workloads

${workloads.map((w) => workloadSection(w, rows)).join('\n\n')}

## Size sweep

![GB/s against input size: default entry, pure TS and the rooflines](bench/sweep.svg)

${sweepSection(sweep, sweepSeries)}

## Memory, event loop, accuracy

- Peak RSS growth of a reduced W1 through the default entry: ${peakRss.growthMiB.toFixed(1)} MiB.
- Event-loop delay while \`computeAsync\` runs W1 (${eventLoop.calls} calls): p99 ${eventLoop.p99Ms.toFixed(2)} ms, max ${eventLoop.maxMs.toFixed(2)} ms.

${accuracyLines(accuracy)}

## How it is measured

${methodSection(rows, quick)}
`
}

module.exports = { report }
