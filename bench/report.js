// BENCHMARKS.md from one run's figures: machine, targets, one table per workload, the
// sweep (chart and table), how everything was measured, then the hand-written notes of
// bench/notes/*.md as they are.
const { describe } = require('./workloads')
const { ROUNDS, SAMPLES, SAMPLE_SECONDS, SLOW_CALLS } = require('./timing')
const { SWEEP_ROUNDS } = require('./sweep')
const { roundRatios, median } = require('./targets')

const GB = 1e9

function duration(seconds) {
  if (seconds < 1e-3) return `${(seconds * 1e6).toPrecision(3)} µs`
  return seconds < 1 ? `${(seconds * 1e3).toPrecision(3)} ms` : `${seconds.toPrecision(3)} s`
}
const gbps = (bytes, seconds) => (bytes / seconds / GB).toPrecision(3)
const ratio = (x) => (x >= 100 ? `${x.toFixed(0)}×` : `${x.toPrecision(3)}×`)
const pct = (x) => (100 * x).toFixed(1)
const table = (header, lines) => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n')
const STATUS = { met: 'yes', missed: '**no**, in every round', unsettled: 'within noise: rounds on both sides', failed: '**no**' }

function machineSection(m, minutes) {
  return table(
    ['', ''],
    [
      ['CPU', `${m.cpu}, ${m.cores} cores available`],
      ['ISA', m.isa],
      ['Memory', `${m.memoryGiB.toFixed(1)} GiB`],
      ['OS', m.os],
      ['Node / V8', `${m.node} / ${m.v8}`],
      ['Rust', m.rustc],
      ['Default entry', `backend \`${m.backend}\`; native kernels \`${m.instructionSet}\`, thread pool of ${m.nativeThreads}`],
      ['Load average (1, 5, 15 min)', `${m.loadBefore} at the start; ${m.loadAfter} at the end (${minutes.toFixed(1)} minutes)`],
    ],
  )
}

function targetsSection(targets) {
  return table(
    ['target', 'measured (median)', 'spread over rounds', 'met'],
    targets.map((t) => [t.name, t.measured, t.spread, STATUS[t.status]]),
  )
}

/**
 * The W8–W3 pairing behind its target: the default entry's time on each workload over the
 * same rounds, and each round's ratio of rows per second.
 */
function pairingSection({ sides, ratios }) {
  const lines = sides.map((side) => [side.id, duration(side.seconds), spreadOf(side), `${(side.rows / side.seconds / 1e6).toPrecision(3)} M`])
  const perRound = ratios.map((r) => `${r.toFixed(2)}×`).join(', ')
  return `W8 against W3: the default entry on both, in the same ${ratios.length} rounds (the order reversing every round).

${table(['', 'median per call', 'spread', 'rows per second'], lines)}

W8's rows per second over W3's, round by round: ${perRound}.`
}

/** `median % (low–high)` of the per-round shares of a roofline over a row's time. */
function shareOf(results, rooflineId, row) {
  const shares = roundRatios(results, rooflineId, row.id)
  if (shares === undefined) return '—'
  const m = `${pct(median(shares))} %`
  return shares.length > 1 ? `${m} (${pct(Math.min(...shares))}–${pct(Math.max(...shares))})` : m
}

const spreadOf = ({ rounds, seconds }) =>
  rounds.length > 1 ? `${pct(Math.min(...rounds) / seconds - 1)} / +${pct(Math.max(...rounds) / seconds - 1)} %` : '—'

/**
 * One workload: a row per contender that ran and per roofline; ratios are the other row's
 * time over this one's. The contenders that do not apply are listed under the table.
 */
function workloadSection({ workload, bytes, results }, rows, threads) {
  const byId = new Map(results.map((r) => [r.id, r]))
  const ran = rows.filter((row) => byId.get(row.id).skipped === undefined)
  const contenders = ran.filter((row) => !row.roofline)
  const header = ['', 'median per call', 'spread', 'GB/s', '% of roofline 1T', `% of roofline ${threads}T`, 'result', ...contenders.map((c) => `vs ${c.label}`)]
  const lines = ran.map((row) => {
    const r = byId.get(row.id)
    const vs = contenders.map((c) => (row.roofline || c.id === row.id ? '—' : ratio(byId.get(c.id).seconds / r.seconds)))
    const rooflines = workload.latency ? ['—', '—'] : [shareOf(results, 'roofline-1', row), shareOf(results, 'roofline-pool', row)]
    const result = row.roofline ? '—' : Number(r.value).toPrecision(7)
    return [row.label, duration(r.seconds), spreadOf(r), gbps(bytes, r.seconds), ...rooflines, result, ...vs]
  })
  const skipped = rows.filter((row) => !ran.includes(row)).map((row) => `${row.label} (${byId.get(row.id).skipped})`)
  const skipNote = skipped.length === 0 ? '' : `\n\nNot run: ${skipped.join(', ')}.`
  const grads = results.filter((r) => r.grad !== undefined)
  const gradNote =
    grads.length === 0
      ? ''
      : `\n\nGradients against the default entry's (elements beyond 1e-6·max|g|; largest gap / max|g|): ${grads
          .map((r) => `${rows.find((row) => row.id === r.id).label} ${r.grad.elements} (${r.grad.relativeGap.toExponential(1)})`)
          .join(', ')}.`
  return `### ${workload.id}: ${describe(workload)}\n\n${table(header, lines)}${skipNote}${gradNote}`
}

function sweepSection(points, series) {
  const header = ['n', ...series.map((s) => `${s.label} GB/s`), 'default ÷ pure TS speed (rounds)']
  const lines = points.map(({ n, bytes, results }) => {
    const seconds = (id) => results.find((r) => r.id === id).seconds
    const speed = roundRatios(results, 'ts', 'default')
    return [
      `2^${Math.log2(n)}`,
      ...series.map((s) => gbps(bytes, seconds(s.id))),
      `${ratio(median(speed))} (${ratio(Math.min(...speed))}–${ratio(Math.max(...speed))})`,
    ]
  })
  return table(header, lines)
}

function methodSection(rows, quick, threads) {
  const described = rows.map((row) => `- **${row.label}**: ${row.description()}.`).join('\n')
  return `${described}

- Inputs: row-major, fixed-seed random data, built once per workload (yPred uniform in
  [-2, 2), W7's rounded to float16; W2's labels are W1's mapped to {0, 1}; W3m's mask keeps
  rows at random); reduction \`sum_over_batch_size\`.${quick ? ' This quick run shrinks every workload but W4 64-fold.' : ''}
- Rooflines: the same arrays as the workload (W6: its \`out\` too), in the same process, on
  1 thread and on the native pool's ${threads}, interleaved with the contenders.
- Timing: ${ROUNDS} rounds per workload (in the sweep, ${SWEEP_ROUNDS.small} up to 2^${Math.log2(SWEEP_ROUNDS.upTo)} elements, ${SWEEP_ROUNDS.large} above). In each round every fast row (the
  rooflines, the package's calls, the tuned loop) takes ${SAMPLES} samples of a calibrated
  number of back-to-back calls (at least ${SAMPLE_SECONDS * 1e3} ms a sample), and the median
  sample is its figure for the round; the order of the rows reverses every round. A row's
  time is the median of its rounds; "spread" is its fastest and slowest round against that
  median. Slow rows (naive JS, tfjs, tfjsLoss) are timed call by call after the rounds,
  after a first call for their result: ${SLOW_CALLS.slow} calls, tfjs cpu (and tfjs on W6)
  ${SLOW_CALLS.slowest}.
- W8 against W3: a separate pairing after the workloads, both inputs built again, the
  default entry timed on each in the same ${ROUNDS} rounds (samples and order as above);
  its target is judged from the ${ROUNDS} per-round ratios of rows per second.
- "% of roofline" = roofline time / the row's time, round by round (rows of one round ran
  next to each other): the median share and, in brackets, the lowest and highest round. A
  target is missed only when every round misses it; a median below it with some rounds
  above is reported as noise.
- GB/s = bytes read (and for W6 written) / median time. Ratios "vs X" = X's median / this
  row's: above 1 means this row is faster.
- tfjs: tensors are built from the typed arrays inside each call; n/a on float64 (W5) and
  float16 (W7), which tfjs does not have.
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
  const { quick, date, minutes, command, machine, rows, workloads, pairing, sweep, sweepSeries, targets, peakRss, eventLoop, accuracy, notes } = run
  const threads = machine.nativeThreads
  const notice = quick
    ? '\n> **Quick run** (`BENCH_QUICK=1`): reduced sizes and short sampling, for development only. The figures\n> do not judge the targets; run `npm run bench` for those.\n'
    : ''
  const hand = notes.map((n) => n.file).join(', ')
  return `# Benchmarks

Generated by \`${command}\` (\`bench/run.js\`) on ${date}. Do not edit by hand: run it again
(the sections after "How it is measured" are hand-written in ${hand} and included as they are).
${notice}
## Machine

${machineSection(machine, minutes)}

## Targets

${targetsSection(targets)}

${pairingSection(pairing)}

## Workloads

${workloads.map((w) => workloadSection(w, rows, threads)).join('\n\n')}

## Size sweep

![GB/s against input size: default entry, pure TS and the rooflines](bench/sweep.svg)

${sweepSection(sweep, sweepSeries)}

## Memory, event loop, accuracy

- Peak RSS growth of a reduced W1 through the default entry: ${peakRss.growthMiB.toFixed(1)} MiB.
- Event-loop delay while \`computeAsync\` runs W1 (${eventLoop.calls} calls): p99 ${eventLoop.p99Ms.toFixed(2)} ms, max ${eventLoop.maxMs.toFixed(2)} ms.

${accuracyLines(accuracy)}

## How it is measured

${methodSection(rows, quick, threads)}

${notes.map((n) => n.text).join('\n\n')}
`
}

module.exports = { report }
