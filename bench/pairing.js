// W8 against W3 in rows per second, the one target that compares two workloads. Their
// tables ran minutes apart, and the shared machine's bus swings more than the target's
// margin between minutes, so the default entry is timed on both in the same interleaved
// rounds (the order reversing every round, as in measure.js), and each round gives one
// ratio. Both inputs (about 130 MiB each) are built for this pairing alone and dropped
// when it returns.
const { ROUNDS, median, calibrate, sampleRound } = require('./timing')
const { WORKLOADS, build } = require('./workloads')
const { defaultEntry } = require('./contenders/default-entry')

/** The pair, the faster rows first: the target is W8's rate over W3's. */
const PAIR = ['W8', 'W3']

/**
 * `{ sides: [{ id, rows, value, rounds, seconds }], ratios }`: for each workload of PAIR,
 * the default entry's seconds per call round by round and their median; `ratios[k]` is
 * W8's rows per second over W3's in round k.
 */
async function pairSparseOneHot(log, { rounds = ROUNDS } = {}) {
  const sides = []
  for (const id of PAIR) {
    const workload = WORKLOADS.find((w) => w.id === id)
    const run = await defaultEntry.prepare(workload, build(workload))
    const value = run()
    sides.push({ id, rows: workload.rows, value, run, calls: await calibrate(run), rounds: [] })
  }
  for (let k = 0; k < rounds; k++) {
    for (const side of k % 2 === 0 ? sides : [...sides].reverse()) side.rounds.push(await sampleRound(side.run, side.calls))
  }
  const [sparse, oneHot] = sides
  const ratios = sparse.rounds.map((s, k) => sparse.rows / s / (oneHot.rows / oneHot.rounds[k]))
  const kept = sides.map(({ id, rows, value, rounds: figures }) => ({ id, rows, value, rounds: figures, seconds: median(figures) }))
  for (const side of kept) log(`pairing  ${side.id.padEnd(16)} ${(side.seconds * 1e3).toPrecision(4).padStart(10)} ms  ${(side.rows / side.seconds / 1e6).toFixed(1)} M rows/s`)
  log(`pairing  W8/W3 rows per second ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`)
  return { sides: kept, ratios }
}

/** Throws when the pairing's default entry computed other values than the workloads' tables. */
function checkPairing(pairing, workloads) {
  for (const side of pairing.sides) {
    const { value } = workloads.find((w) => w.workload.id === side.id).results.find((r) => r.id === 'default')
    if (!Object.is(value, side.value)) throw new Error(`pairing: ${side.id} computed ${side.value}, its table ${value}`)
  }
}

module.exports = { pairSparseOneHot, checkPairing }
