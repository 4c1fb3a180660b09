// The memory-read roofline: a native kernel that only reads the same bytes as the loss,
// on 1 and 2 threads, measured in the same run as the contenders. No loss can read its
// inputs faster, so a contender's share of it is how close to the memory bus it runs.
//
// The kernel, `readBandwidth`, is a benchmark instrument: only the benchmarks' own build
// of the addon has it (`npm run build:bench`, which `npm run bench` runs first), so the
// shipped binary carries none of it. That build is loaded into this very process and
// reads the very buffers the losses read: timed from a separate process, the bus here
// swung by ±40 % between runs.
const fs = require('node:fs')
const path = require('node:path')
const { familySync } = require('detect-libc')
const { platformName } = require('../dist/native/load-binding.js')

const ADDON = path.join(__dirname, '..', '.bench-tmp', `hinge-losses.${platformName(process.platform, process.arch, familySync())}.node`)

function readBandwidth() {
  if (!fs.existsSync(ADDON)) throw new Error(`${ADDON} is missing: build it with npm run build:bench`)
  return require(ADDON).readBandwidth
}

const rooflineRow = (threads) => ({
  id: `roofline-${threads}`,
  label: `roofline ${threads}T`,
  description: () => `the native read-only kernel \`readBandwidth\` on ${threads} thread${threads > 1 ? 's' : ''}, over yTrue then yPred`,
  plan: 'fast',
  roofline: true,
  skip: (workload) => (workload.latency ? 'a latency workload' : undefined),
  prepare(_workload, { yTrue, yPred }) {
    const read = readBandwidth()
    return () => read(yTrue, threads) + read(yPred, threads)
  },
})

module.exports = { roofline1: rooflineRow(1), roofline2: rooflineRow(2) }
