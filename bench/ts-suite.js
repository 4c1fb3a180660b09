// The pure-TS targets of `npm run bench` (pure TS against the tuned JS loop, bench/targets.js)
// in the order the full suite runs them: every workload of bench/workloads.js in turn, each
// through bench/measure.js with the suite's fast rows that run JavaScript (default entry, its
// async form, pure TS, tuned JS), so that when a workload is measured the package's loops have
// already run every workload before it, as they have in the full suite. The rooflines, the
// naive loop and tfjs are left out: none of them runs the package's code or the tuned loops.
// The bar is the suite's, bench/contenders/tuned.js (flat loops, no float32 rounding, masked
// rows skipped), not bench/ts-tuned.js, which rounds like Keras and which bench/ts-backend.js
// holds the package to: the two give different ratios for the same package code.
//
//   node bench/ts-suite.js [W1 W3m ...] [--fresh] [--sweep] [--rounds=N]
//
// Prints, for each workload named (default: W1 W6 W7 W8 W3m), the median ratio of pure TS's
// time to the tuned loop's over the rounds, with its spread. The suite's order runs every
// workload up to the last one named; --fresh runs the named ones alone, in a new process
// each time you call it, for comparison. --sweep then runs the size sweep's hinge calls from
// 2^8 to 2^14 elements (default entry against pure TS, as bench/sweep.js does), after
// the workloads, and prints pure TS's time over the default entry's at each size.
const { WORKLOADS, build } = require('./workloads')
const { measureRows } = require('./measure')
const { defaultEntry, defaultAsync } = require('./contenders/default-entry')
const pureTs = require('./contenders/pure-ts')
const tuned = require('./contenders/tuned')
const { roundRatios, median } = require('./targets')
const { interleaved, clock } = require('./ts-rounds')

const TARGETS = { W1: 1.2, W6: 1.5, W7: 1.5, W8: 1.5, W3m: 1.5 }

const args = process.argv.slice(2)
const flag = (name) => args.includes(`--${name}`)
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 7)
const named = args.filter((a) => !a.startsWith('--'))
const ids = named.length > 0 ? named : Object.keys(TARGETS)
const last = Math.max(...ids.map((id) => WORKLOADS.findIndex((w) => w.id === id)))
const order = flag('fresh') ? WORKLOADS.filter((w) => ids.includes(w.id)) : WORKLOADS.slice(0, last + 1)

const spread = (values, digits = 2) => `${median(values).toFixed(digits)}× [${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}]`
const quiet = () => {}

async function sweepRatios() {
  const largest = build({ loss: 'hinge', dtype: 'float32', rows: 2 ** 14 / 8, cols: 8, labels: 'pm1', seed: 8 })
  for (let e = 8; e <= 14; e++) {
    const n = 2 ** e
    const yTrue = largest.yTrue.subarray(0, n)
    const yPred = largest.yPred.subarray(0, n)
    const shape = [n / 8, 8]
    const data = { yTrue, yPred, shape, labels: { data: yTrue, shape }, predictions: { data: yPred, shape }, options: {}, reads: [yTrue, yPred], write: null, bytes: 8 * n }
    const workload = { id: `2^${e}`, loss: 'hinge', dtype: 'float32', rows: n / 8, cols: 8, labels: 'pm1' }
    const results = await measureRows(workload, data, [defaultEntry, pureTs], quiet, { rounds })
    console.log(`sweep 2^${e}  pure TS time / default entry's ${spread(roundRatios(results, 'ts', 'default'))}`)
  }
}

/**
 * A row whose prepared call is kept in `runs`, so that the extra rounds time the very
 * closures the suite's rounds did: a second closure of the tuned loops would be compiled
 * without the first one's constants (V8 specializes code to a closure made only once).
 */
const keeping = (row, runs) => ({ ...row, prepare: async (workload, data) => (runs[row.id] = await row.prepare(workload, data)) })

const valueOf = (run) => () => {
  const result = run()
  return typeof result === 'number' ? result : result.value
}

async function main() {
  for (const workload of order) {
    const runs = {}
    const rows = [defaultEntry, defaultAsync, pureTs, tuned].map((row) => keeping(row, runs))
    const results = await measureRows(workload, build(workload), rows, quiet, { rounds })
    if (!ids.includes(workload.id)) continue
    const bound = TARGETS[workload.id] ?? 1.5
    const ratios = roundRatios(results, 'ts', 'tuned')
    // Then the two alone, a call each per round on the process's CPU clock (see ts-rounds.js).
    const { ts } = interleaved({ tuned: valueOf(runs.tuned), ts: valueOf(runs.ts) }, { rounds: 3 * rounds, calls: 1 })
    const verdict = (x) => (x <= bound ? 'met' : 'MISSED')
    console.log(
      `${workload.id.padEnd(4)} pure TS / tuned: suite's rounds ${spread(ratios)} ${verdict(median(ratios))}; ` +
        `${3 * rounds} ${clock} rounds ${ts.ratio.toFixed(2)}× [${ts.ratioMin.toFixed(2)}–${ts.ratioMax.toFixed(2)}] ${verdict(ts.ratio)}  (target ≤ ${bound}×)`,
    )
  }
  if (flag('sweep')) await sweepRatios()
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
