// Run as its own process: the peak RSS growth of losses over large Arrow vectors, printed as JSON.
const a = require('apache-arrow')
const entry = require(process.argv[2])

const rows = 2 ** 21
const cols = 4
/** A FixedSizeList<Float32>[cols] vector over a filled array: its memory is resident before measuring. */
function column(fill) {
  const values = new Float32Array(rows * cols).map(fill)
  const child = a.makeData({ type: new a.Float32(), data: values })
  return new a.Vector([a.makeData({ type: new a.FixedSizeList(cols, new a.Field('v', new a.Float32())), length: rows, child })])
}
const yTrue = column((_, i) => (i % 3 === 0 ? 1 : 0))
const yPred = column((_, i) => (i % 7) / 7 - 0.5)
const weights = a.makeVector(new Float32Array(rows).fill(0.5))
const inputBytes = 2 * rows * cols * 4 + rows * 4
// Loading the backend and the first call's one-time work are not part of reading the input.
new entry.Hinge().compute([[0, 1]], [[1, 0]], [1])
const before = process.resourceUsage().maxRSS
const value = new entry.Hinge().compute(yTrue, yPred, weights)
const growth = (process.resourceUsage().maxRSS - before) * 1024
const plain = (v, shape) => ({ data: (v.data[0].children[0] ?? v.data[0]).values, shape })
const expected = new entry.Hinge().compute(plain(yTrue, [rows, cols]), plain(yPred, [rows, cols]), plain(weights, [rows]))
process.stdout.write(JSON.stringify({ value, expected, growth, inputBytes }))
