// The size sweep: hinge, float32, shape [n/8, 8], from inputs that fit in L1 to ones far
// past the last-level cache, so the chart shows where call overhead, threads and the
// memory bus each take over.
const { QUICK, build } = require('./workloads')
const { measureRows } = require('./measure')

const FIRST = 8
const LAST = QUICK ? 20 : 26
const STEP = QUICK ? 2 : 1
const EXPONENTS = Array.from({ length: (LAST - FIRST) / STEP + 1 }, (_, i) => FIRST + i * STEP)
/**
 * Rounds per size. Sizes up to 2^16 elements take microseconds a call and swing most from
 * round to round (3 rounds there read 0.55×–1.19× of pure TS with the same loops on both
 * sides), so they get as many rounds as the workloads and more; the larger sizes, which
 * take most of the sweep's time, get fewer: the target needs only the ratio.
 */
const SMALL = 2 ** 16
const ROUNDS = { small: 9, large: 3 }
const roundsFor = (n) => (n <= SMALL ? ROUNDS.small : ROUNDS.large)

/**
 * `[{ n, bytes, results }]` for every n = 2^e. One pair of arrays of the largest size is built
 * and each size reads a prefix of it (views, not copies).
 */
async function sweep(rows, log) {
  const largest = build({ loss: 'hinge', dtype: 'float32', rows: 2 ** LAST / 8, cols: 8, labels: 'pm1', seed: 8 })
  const points = []
  for (const e of EXPONENTS) {
    const n = 2 ** e
    const workload = { id: `2^${e}`, loss: 'hinge', dtype: 'float32', rows: n / 8, cols: 8, labels: 'pm1' }
    const yTrue = largest.yTrue.subarray(0, n)
    const yPred = largest.yPred.subarray(0, n)
    const shape = [n / 8, 8]
    const data = {
      yTrue,
      yPred,
      shape,
      labels: { data: yTrue, shape },
      predictions: { data: yPred, shape },
      options: {},
      reads: [yTrue, yPred],
      write: null,
      bytes: yTrue.byteLength + yPred.byteLength,
    }
    points.push({ n, bytes: data.bytes, results: await measureRows(workload, data, rows, log, { rounds: roundsFor(n) }) })
  }
  return points
}

module.exports = { sweep, SWEEP_ROUNDS: { ...ROUNDS, upTo: SMALL } }
