// Evaluates the three hinge losses on a generated batch of a million rows and prints the
// values, the backend that computed them and the time each took.
const { CategoricalHinge, Hinge, SquaredHinge, backend } = require('..')

const ROWS = 1_000_000
const COLS = 8

/** A fixed-seed generator (mulberry32), so every run evaluates the same batch; written out here so the example uses nothing but the public API. */
function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const next = random(2026)
const shape = [ROWS, COLS]
const yPred = new Float32Array(ROWS * COLS).map(() => next() * 4 - 2)
const signs = new Int8Array(ROWS * COLS).map(() => (next() < 0.5 ? -1 : 1))
const oneHot = new Uint8Array(ROWS * COLS)
for (let r = 0; r < ROWS; r++) oneHot[r * COLS + Math.floor(next() * COLS)] = 1

const runs = [
  ['hinge', new Hinge(), signs],
  ['squared_hinge', new SquaredHinge(), signs],
  ['categorical_hinge', new CategoricalHinge(), oneHot],
]

console.log(`hinge-losses demo: ${ROWS.toLocaleString('en')} rows × ${COLS} classes, float32, backend: ${backend()}`)
for (const [name, loss, labels] of runs) {
  const start = process.hrtime.bigint()
  const value = loss.compute({ data: labels, shape }, { data: yPred, shape })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  console.log(`  ${name.padEnd(18)} ${value.toFixed(6)}   ${ms.toFixed(1)} ms`)
}
