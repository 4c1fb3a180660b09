// `node bench/roofline-share.js W7 W8 [...]`: the default entry's share of the same-buffer
// read roofline on the native pool, for the workloads named (default W3, W7, W8), timed as
// `npm run bench` times them (interleaved rounds, medians) without the rest of the suite.
// Needs `npm run build` and `npm run build:bench`. ROUNDS=n sets the rounds (default 7).
const { WORKLOADS, build } = require('./workloads')
const { measureRows } = require('./measure')
const { rooflinePool } = require('./roofline')
const { defaultEntry } = require('./contenders/default-entry')

const ids = process.argv.length > 2 ? process.argv.slice(2) : ['W3', 'W7', 'W8']
const rounds = Number(process.env.ROUNDS ?? 7)
const log = (line) => process.stderr.write(`${line}\n`)

async function main() {
  for (const id of ids) {
    const workload = WORKLOADS.find((w) => w.id === id)
    if (workload === undefined) throw new Error(`no workload ${id}`)
    const data = build(workload)
    const [roof, entry] = await measureRows(workload, data, [rooflinePool, defaultEntry], log, { rounds })
    const ms = (s) => (s * 1e3).toFixed(2)
    const rowsPerSecond = workload.rows / entry.seconds / 1e6
    log(`${id}: default ${ms(entry.seconds)} ms, roofline ${ms(roof.seconds)} ms, ${((100 * roof.seconds) / entry.seconds).toFixed(0)} % of it, ${rowsPerSecond.toFixed(0)} M rows/s`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
