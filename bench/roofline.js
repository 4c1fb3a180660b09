// The memory-read roofline: a native kernel that only reads the same bytes as the loss,
// on 1 and 2 threads, measured in the same run as the contenders. No loss can read its
// inputs faster, so a contender's share of it is how close to the memory bus it runs.
// The raw addon, through the package's own loader.
const binding = require('../dist/native/load-binding.js').requireBinding()

function readBandwidth() {
  if (typeof binding.readBandwidth !== 'function') {
    throw new Error('the native addon has no readBandwidth: rebuild it (npm run build:native)')
  }
  return binding.readBandwidth
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
