// W4, per-call latency: hinge float32 [32, 8] with {-1, 1} labels through the default entry
// (`require('hinge-losses')`: inputs under 512 elements compute in TS) and the js entry,
// as {data, shape} tensor-likes over the same typed arrays, against the tuned loop, which
// validates nothing. Interleaved rounds of 20 000 calls; medians with their spread.
// Target: the default entry ≤ 1.5× the tuned loop per call.
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

const fns = {
  tuned: () => tuned.hinge(yTrue, yPred, rows, cols),
  default: () => viaDefault.compute(labels, predictions),
  js: () => viaJs.compute(labels, predictions),
}
const expected = fns.tuned()
for (const name of ['default', 'js']) if (Math.abs(fns[name]() - expected) > 1e-6 * expected) throw new Error(`${name} disagrees with the tuned loop`)
const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 21)
const figures = interleaved(fns, { rounds, calls: 20000 })
console.log(report('W4', figures, 'tuned', 'default', 1.5, 'µs'))
console.log(report('W4', figures, 'tuned', 'js', 1.5, 'µs'))
