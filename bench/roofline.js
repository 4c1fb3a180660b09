// The memory roofline: a native kernel that reads the very typed arrays a workload reads
// (and, for a gradient, writes the very array it writes), side by side as the loss walks
// its rows, and does nothing else. It runs on 1 thread, the bound of the single-threaded
// contenders, and on as many as the native pool has, the bound of the native calls,
// interleaved round by round with the contenders in the same process. No loss can move
// its bytes faster, so a contender's share of it is how close to the memory bus it runs.
//
// The kernel, `streamBandwidth`, is a benchmark instrument: only the benchmarks' own build
// of the addon has it (`npm run build:bench`, which `npm run bench` runs first), so the
// shipped binary carries none of it. Timed from a separate process, or over other buffers,
// the bus here swung by ±40 % between runs.
const fs = require('node:fs')
const path = require('node:path')
const { familySync } = require('detect-libc')
const { platformName, requireBinding } = require('../dist/native/load-binding.js')

const ADDON = path.join(__dirname, '..', '.bench-tmp', `hinge-losses.${platformName(process.platform, process.arch, familySync())}.node`)

let addon
function benchAddon() {
  if (addon !== undefined) return addon
  if (!fs.existsSync(ADDON)) throw new Error(`${ADDON} is missing: build it with npm run build:bench`)
  addon = require(ADDON)
  if (addon.threadCount() !== requireBinding().threadCount()) {
    throw new Error(`the benchmark addon's pool (${addon.threadCount()}) differs from the package's (${requireBinding().threadCount()})`)
  }
  return addon
}

/** The native pool's size: the thread count of the native calls and of their roofline. */
const poolThreads = () => requireBinding().threadCount()

const rooflineRow = (id, threadsOf) => ({
  id,
  get label() {
    return `roofline ${threadsOf()}T`
  },
  description: () => {
    const threads = threadsOf()
    return `the native kernel \`streamBandwidth\` on ${threads} thread${threads > 1 ? 's' : ''}: reads every byte of the arrays the workload reads (yTrue, yPred, the mask), side by side, and writes every byte of the array it writes (W6's \`out\`), nothing else`
  },
  plan: 'fast',
  roofline: true,
  skip: (workload) => (workload.latency ? 'a latency workload' : undefined),
  prepare(_workload, { reads, write }) {
    const stream = benchAddon().streamBandwidth
    const threads = threadsOf()
    return () => stream(reads, write, threads)
  },
})

/** The single-threaded bound (for pure TS, the JS loops) and the native pool's. */
const roofline1 = rooflineRow('roofline-1', () => 1)
const rooflinePool = rooflineRow('roofline-pool', poolThreads)

module.exports = { roofline1, rooflinePool, poolThreads }
