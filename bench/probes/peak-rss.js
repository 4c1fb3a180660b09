// Peak RSS growth of a reduced W1 through the default entry, in a fresh process. The
// inputs are built first, so the growth is what computing adds: a copy of one input
// would show as 64 MiB.
const api = require('../..')
const { WORKLOADS, build } = require('../workloads')
const { facadeCalls } = require('../contenders/facade')

async function main() {
  const w1 = WORKLOADS.find((w) => w.id === 'W1')
  const { compute, computeAsync } = facadeCalls(api, w1, build(w1))
  const before = process.resourceUsage().maxRSS
  for (let i = 0; i < 3; i++) {
    compute()
    await computeAsync()
  }
  // maxRSS is in KiB.
  console.log(JSON.stringify({ growthMiB: (process.resourceUsage().maxRSS - before) / 1024 }))
}

main()
