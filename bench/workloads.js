// The workloads W1 to W5 and their inputs: row-major, yPred uniform in [-2, 2),
// reduction 'sum_over_batch_size', labels per workload.
// Fixed-seed inputs, so every run and every machine measures the same numbers.
const { mulberry32: generator } = require('../dist/random.js')

/** BENCH_QUICK=1 shrinks every batch 64-fold: for development, not for the figures. */
const QUICK = process.env.BENCH_QUICK === '1'
const SHRINK = QUICK ? 64 : 1

const MIB = 1024 * 1024

/**
 * `labels`: 'pm1' draws {-1, 1}; '01' draws the same values and maps them to {0, 1}, so
 * with W1's seed W2 gets W1's labels mapped; 'onehot' sets one 1 per row.
 * `latency`: a small input timed per call, with no roofline.
 */
const WORKLOADS = [
  { id: 'W1', loss: 'hinge', dtype: 'float32', rows: 2097152 / SHRINK, cols: 8, labels: 'pm1', seed: 1 },
  { id: 'W2', loss: 'hinge', dtype: 'float32', rows: 2097152 / SHRINK, cols: 8, labels: '01', seed: 1 },
  { id: 'W3', loss: 'categorical_hinge', dtype: 'float32', rows: 1048576 / SHRINK, cols: 16, labels: 'onehot', seed: 3 },
  { id: 'W4', loss: 'hinge', dtype: 'float32', rows: 32, cols: 8, labels: 'pm1', seed: 4, latency: true },
  { id: 'W5', loss: 'squared_hinge', dtype: 'float64', rows: 1048576 / SHRINK, cols: 8, labels: 'pm1', seed: 5 },
]

const ARRAY = { float32: Float32Array, float64: Float64Array }

function fillLabels(kind, next, labels, cols) {
  if (kind === 'onehot') {
    for (let row = 0; row < labels.length / cols; row++) labels[row * cols + Math.floor(next() * cols)] = 1
    return
  }
  for (let i = 0; i < labels.length; i++) {
    const sign = next() < 0.5 ? -1 : 1
    labels[i] = kind === '01' ? (sign + 1) / 2 : sign
  }
}

/** The inputs of one workload: both arrays in the workload's dtype, as the byte counts assume. */
function build(workload) {
  const { rows, cols, dtype, labels, seed } = workload
  const Type = ARRAY[dtype]
  const next = generator(seed)
  const yPred = new Type(rows * cols)
  for (let i = 0; i < yPred.length; i++) yPred[i] = next() * 4 - 2
  const yTrue = new Type(rows * cols)
  fillLabels(labels, next, yTrue, cols)
  return { yTrue, yPred, shape: [rows, cols], bytes: yTrue.byteLength + yPred.byteLength }
}

/** 'hinge, float32, [2097152, 8], labels {-1, 1}, 128 MiB' */
function describe(workload) {
  const { loss, dtype, rows, cols, labels } = workload
  const bytes = 2 * rows * cols * ARRAY[dtype].BYTES_PER_ELEMENT
  const size = bytes >= MIB ? `${bytes / MIB} MiB` : `${bytes / 1024} KiB`
  const set = { pm1: '{-1, 1}', '01': '{0, 1}', onehot: 'one-hot' }[labels]
  return `${loss}, ${dtype}, [${rows}, ${cols}], labels ${set}, ${size}`
}

module.exports = { QUICK, WORKLOADS, build, describe }
