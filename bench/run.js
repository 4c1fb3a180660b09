// `npm run bench`: every workload against every contender and its rooflines, in
// interleaved rounds; W8 against W3 in rounds of their own; the size sweep; the memory,
// event-loop and accuracy probes; writes BENCHMARKS.md and bench/sweep.svg.
// BENCH_QUICK=1 runs the same suite on reduced sizes.
const fs = require('node:fs')
const path = require('node:path')
const contenders = require('./contenders')
const { defaultEntry } = require('./contenders/default-entry')
const pureTs = require('./contenders/pure-ts')
const { roofline1, rooflinePool } = require('./roofline')
const { QUICK, WORKLOADS, build } = require('./workloads')
const { measureRows } = require('./measure')
const { pairSparseOneHot, checkPairing } = require('./pairing')
const { checkAgreement } = require('./agreement')
const { sweep } = require('./sweep')
const { sweepChart } = require('./chart')
const { exactHinge, relativeError } = require('./accuracy')
const { probe } = require('./probes/run')
const { machine, load } = require('./machine')
const { evaluateTargets } = require('./targets')
const { report } = require('./report')

const ROOT = path.join(__dirname, '..')
const log = (line) => process.stderr.write(`${line}\n`)

function accuracyOf(data, results) {
  const exact = exactHinge(data.yTrue, data.yPred)
  return [defaultEntry, pureTs].map(({ id, label }) => {
    const { value } = results.find((r) => r.id === id)
    return { id, label, value, exact, error: relativeError(value, exact) }
  })
}

async function main() {
  const started = Date.now()
  const host = machine()
  // The rooflines are prepared first and the default entry right after them, so the
  // rounds start with the pairs the targets compare; the report lists the rooflines last.
  const rows = [...contenders, roofline1, rooflinePool]
  const order = [rooflinePool, roofline1, ...contenders]
  const workloads = []
  let accuracy
  for (const workload of WORKLOADS) {
    const data = build(workload)
    const results = await measureRows(workload, data, order, log)
    checkAgreement(workload, results, order)
    if (workload.id === 'W1') accuracy = accuracyOf(data, results)
    workloads.push({ workload, bytes: data.bytes, results })
  }
  const pairing = await pairSparseOneHot(log)
  checkPairing(pairing, workloads)

  const sweepRows = [defaultEntry, pureTs, roofline1, rooflinePool]
  const points = await sweep([rooflinePool, roofline1, defaultEntry, pureTs], log)
  const sweepSeries = sweepRows.map(({ id, label, roofline }) => ({ id, label, dashed: roofline === true }))
  const chartValues = points.flatMap(({ n, bytes, results }) =>
    results.map((r) => ({ n, series: sweepSeries.find((s) => s.id === r.id).label, gbps: bytes / r.seconds / 1e9 })),
  )
  fs.writeFileSync(path.join(__dirname, 'sweep.svg'), await sweepChart(chartValues, sweepSeries))

  log('probes: peak RSS, event loop')
  const peakRss = probe('peak-rss')
  const eventLoop = probe('event-loop')

  host.loadAfter = load()
  const notes = fs
    .readdirSync(path.join(__dirname, 'notes'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ file: `bench/notes/${f}`, text: fs.readFileSync(path.join(__dirname, 'notes', f), 'utf8').trim() }))
  const run = {
    quick: QUICK,
    date: new Date().toISOString().replace(/\.\d+Z$/, ' UTC').replace('T', ' '),
    minutes: (Date.now() - started) / 60000,
    command: QUICK ? 'BENCH_QUICK=1 npm run bench' : 'npm run bench',
    machine: host,
    rows,
    workloads,
    pairing,
    sweep: points,
    sweepSeries,
    peakRss,
    eventLoop,
    accuracy,
    notes,
  }
  run.targets = evaluateTargets(run)
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), report(run))
  log('wrote BENCHMARKS.md and bench/sweep.svg')
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
