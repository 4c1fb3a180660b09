// W4, per-call latency: hinge float32 [32, 8] with {-1, 1} labels through the default entry
// (`require('hinge-losses')`: inputs under 512 elements compute in TS) and the js entry,
// as {data, shape} tensor-likes over the same typed arrays, against the tuned loop, which
// validates nothing. Interleaved rounds of 20 000 calls; medians with their spread.
// Target: the default entry ≤ 1.5× the tuned loop per call.
//
// Two settings. 'same inputs': every call gets the same two arrays. The tuned loop's closure
// then holds them as constants, and V8 compiles its loop for those very arrays (their
// addresses and length built into the code: no map, bounds or base-pointer check per
// element), which no loop that is handed its arrays can do. 'inputs changing': each call
// takes the next of four pairs of arrays holding the same values, for every contender, as
// a training loop hands each step its batch; the tuned loop then runs as a loop over
// arrays it is given. The package reads these plain float arrays in place either way
// (typed-array.ts `inPlaceOrView`).
//
//   node bench/ts-tiny.js [--rounds=N]
const { mulberry32 } = require('../dist/random.js')
const entry = require('..')
const js = require('../js')
const tuned = require('./ts-tuned')
const { interleaved, report } = require('./ts-rounds')

const rows = 32
const cols = 8
const next = mulberry32(4)
const yPred = new Float32Array(rows * cols).map(() => next() * 4 - 2)
const yTrue = new Float32Array(rows * cols).map(() => (next() < 0.5 ? -1 : 1))
const labels = { data: yTrue, shape: [rows, cols] }
const predictions = { data: yPred, shape: [rows, cols] }
const viaDefault = new entry.Hinge()
const viaJs = new js.Hinge()

const PAIRS = 4
const pairs = Array.from({ length: PAIRS }, () => ({
  t: yTrue.slice(),
  p: yPred.slice(),
  labels: { data: yTrue.slice(), shape: [rows, cols] },
  predictions: { data: yPred.slice(), shape: [rows, cols] },
}))
let turn = 0
const nextPair = () => pairs[turn++ % PAIRS]

const settings = {
  'same inputs': {
    tuned: () => tuned.hinge(yTrue, yPred, rows, cols),
    default: () => viaDefault.compute(labels, predictions),
    js: () => viaJs.compute(labels, predictions),
  },
  'inputs changing': {
    tuned: () => {
      const { t, p } = nextPair()
      return tuned.hinge(t, p, rows, cols)
    },
    default: () => {
      const q = nextPair()
      return viaDefault.compute(q.labels, q.predictions)
    },
    js: () => {
      const q = nextPair()
      return viaJs.compute(q.labels, q.predictions)
    },
  },
}
const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 21)
for (const [setting, fns] of Object.entries(settings)) {
  const expected = fns.tuned()
  for (const name of ['default', 'js']) if (Math.abs(fns[name]() - expected) > 1e-6 * expected) throw new Error(`${name} disagrees with the tuned loop`)
  const figures = interleaved(fns, { rounds, calls: 20000 })
  console.log(`${setting}:`)
  console.log(report('W4', figures, 'tuned', 'default', 1.5, 'µs'))
  console.log(report('W4', figures, 'tuned', 'js', 1.5, 'µs'))
}
