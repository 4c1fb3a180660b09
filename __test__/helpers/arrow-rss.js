// Run as its own process: the peak RSS growth of losses over large Arrow vectors, printed as
// JSON. `node arrow-rss.js ENTRY [CHUNKS]`: with CHUNKS > 1, vectors of that many chunks of
// uneven sizes, each on a buffer of its own (as the record batches of an IPC stream are),
// over 256 MiB and more in all, computed synchronously and asynchronously.
const a = require('apache-arrow')
const entry = require(process.argv[2])
const chunks = Number(process.argv[3] ?? 1)

const rows = chunks > 1 ? 2 ** 23 : 2 ** 21
const cols = 4
/** Row ends of the chunks: uneven, so that boundaries fall at various positions of blocks. */
const ends = Array.from({ length: chunks }, (_, k) => (k === chunks - 1 ? rows : Math.floor((rows * (k + 1) * (k + 2)) / (chunks * (chunks + 1)))))
/** `per` values a row, each chunk's filled in place: its memory is resident before measuring. */
function chunksOf(per, fill) {
  let start = 0
  return ends.map((end) => {
    const values = new Float32Array((end - start) * per)
    for (let i = 0; i < values.length; i++) values[i] = fill(start * per + i)
    start = end
    return values
  })
}
function column(fill) {
  const child = (values) => a.makeData({ type: new a.Float32(), data: values })
  const list = new a.FixedSizeList(cols, new a.Field('v', new a.Float32()))
  return new a.Vector(chunksOf(cols, fill).map((values) => a.makeData({ type: list, length: values.length / cols, child: child(values) })))
}
const yTrue = column((i) => (i % 3 === 0 ? 1 : 0))
const yPred = column((i) => (i % 7) / 7 - 0.5)
const weights = new a.Vector(chunksOf(1, (i) => 0.25 + (i % 5) / 8).map((values) => a.makeData({ type: new a.Float32(), data: values })))
const inputBytes = 2 * rows * cols * 4 + rows * 4

async function main() {
  // Loading the backend and the first call's one-time work are not part of reading the input.
  new entry.Hinge().compute([[0, 1]], [[1, 0]], [1])
  await new entry.Hinge().computeAsync([[0, 1]], [[1, 0]], [1])
  const before = process.resourceUsage().maxRSS
  const value = new entry.Hinge().compute(yTrue, yPred, weights)
  const later = await new entry.Hinge().computeAsync(yTrue, yPred, weights)
  const growth = (process.resourceUsage().maxRSS - before) * 1024
  // The one array the chunks make, joined here only, after measuring.
  const joined = (v) => {
    const parts = v.data.map((d) => (d.children[0] ?? d).values.subarray(0, (d.children[0] ?? d).length))
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const p of parts) (out.set(p, at), (at += p.length))
    return out
  }
  const plain = (v, shape) => ({ data: chunks > 1 ? joined(v) : (v.data[0].children[0] ?? v.data[0]).values, shape })
  const expected = new entry.Hinge().compute(plain(yTrue, [rows, cols]), plain(yPred, [rows, cols]), plain(weights, [rows]))
  process.stdout.write(JSON.stringify({ value, later, expected, growth, inputBytes, chunks: yPred.data.length }))
}
main()
