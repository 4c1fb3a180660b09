// `node bench/compare-builds.js <other checkout> W7 W8 [...]`: this checkout's default entry
// against another checkout's (its own `npm run build`), interleaved round by round with the
// same-buffer read roofline on the native pool, in one process: medians of ROUNDS rounds
// (default 9), and each build's share of the roofline. Needs `npm run build` and
// `npm run build:bench` here.
const path = require('node:path')
const { WORKLOADS, build } = require('./workloads')
const { measureRows } = require('./measure')
const { rooflinePool } = require('./roofline')
const { facadeCalls } = require('./contenders/facade')

const [other, ...ids] = process.argv.slice(2)
if (other === undefined || ids.length === 0) throw new Error('usage: node bench/compare-builds.js <other checkout> <workload>...')
const builds = [
  ['other', require(path.resolve(other))],
  ['this', require('..')],
]
const rounds = Number(process.env.ROUNDS ?? 9)

async function main() {
  for (const id of ids) {
    const workload = WORKLOADS.find((w) => w.id === id)
    if (workload === undefined) throw new Error(`no workload ${id}`)
    const data = build(workload)
    const contenders = builds.map(([name, api]) => ({ id: name, label: name, plan: 'fast', prepare: (w, d) => facadeCalls(api, w, d).compute }))
    const [roof, ...times] = await measureRows(workload, data, [rooflinePool, ...contenders], () => {}, { rounds })
    const ms = (s) => `${(s * 1e3).toFixed(2)} ms`
    const shares = times.map((t, i) => `${contenders[i].id} ${ms(t.seconds)} (${((100 * roof.seconds) / t.seconds).toFixed(0)} %)`)
    process.stderr.write(`${id}: roofline ${ms(roof.seconds)}; ${shares.join(', ')}\n`)
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
