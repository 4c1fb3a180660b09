// The gradient's own cost: `valueAndGrad` into `out` against `compute` on the same hinge
// float32 [rows, 8] arrays, alternated call by call, median of 15 rounds, in ns per row.
// A package path makes addons comparable process by process.
//
//   node bench/grad-cost.js [package (default: this one)] [rows (default 16384)]
const path = require('node:path')
const h = require(process.argv[2] ?? path.join(__dirname, '..'))
const { mulberry32 } = require('../dist/random.js')

const rows = Number(process.argv[3] ?? 16384)
const cols = 8
const next = mulberry32(6)
const yTrue = { data: new Float32Array(rows * cols).map(() => (next() < 0.5 ? -1 : 1)), shape: [rows, cols] }
const yPred = { data: new Float32Array(rows * cols).map(() => next() * 4 - 2), shape: [rows, cols] }
const out = new Float32Array(rows * cols)
const loss = new h.Hinge({ dtype: 'float32' })
const reps = Math.max(1, Math.round(2 ** 24 / (rows * cols)))
const perRow = (f) => {
  const start = process.hrtime.bigint()
  for (let i = 0; i < reps; i++) f()
  return Number(process.hrtime.bigint() - start) / reps / rows
}
const value = []
const both = []
for (let r = 0; r < 15; r++) {
  value.push(perRow(() => loss.compute(yTrue, yPred)))
  both.push(perRow(() => loss.valueAndGrad(yTrue, yPred, undefined, { out })))
}
const median = (a) => a.sort((x, y) => x - y)[a.length >> 1]
const [v, g] = [median(value), median(both)]
console.log(`rows ${rows}: value ${v.toFixed(2)} ns/row, value+grad ${g.toFixed(2)} ns/row (${(g / v).toFixed(2)}×)`)
