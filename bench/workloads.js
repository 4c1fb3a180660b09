// The workloads W1 to W8 and W3m of ../shared/BENCH.md and their inputs: row-major,
// yPred uniform in [-2, 2), reduction 'sum_over_batch_size', labels per workload.
// Fixed-seed inputs, so every run and every machine measures the same numbers.
const { mulberry32: generator } = require('../dist/random.js')

/** BENCH_QUICK=1 shrinks every batch 64-fold: for development, not for the figures. */
const QUICK = process.env.BENCH_QUICK === '1'
const SHRINK = QUICK ? 64 : 1

const MIB = 1024 * 1024

/**
 * `labels`: 'pm1' draws {-1, 1}; '01' draws the same values and maps them to {0, 1}, so
 * with W1's seed W2 gets W1's labels mapped; 'onehot' sets one 1 per row; 'ids' draws one
 * class id per row (int32).
 * `labelArray`: the labels' storage when it is not the compute dtype's.
 * `half`: yPred stored as float16 bits (a Uint16Array tagged 'float16').
 * `mask`: the share of rows a uint8 mask of shape [rows] keeps, drawn at random.
 * `grad`: the call is `valueAndGrad` with an `out` buffer of yPred's size.
 * `latency`: a small input timed per call, with no roofline.
 */
const WORKLOADS = [
  { id: 'W1', loss: 'hinge', dtype: 'float32', rows: 2097152 / SHRINK, cols: 8, labels: 'pm1', seed: 1 },
  { id: 'W2', loss: 'hinge', dtype: 'float32', rows: 2097152 / SHRINK, cols: 8, labels: '01', seed: 1 },
  { id: 'W3', loss: 'categorical_hinge', dtype: 'float32', rows: 1048576 / SHRINK, cols: 16, labels: 'onehot', seed: 3 },
  { id: 'W4', loss: 'hinge', dtype: 'float32', rows: 32, cols: 8, labels: 'pm1', seed: 4, latency: true },
  { id: 'W5', loss: 'squared_hinge', dtype: 'float64', rows: 1048576 / SHRINK, cols: 8, labels: 'pm1', seed: 5 },
  { id: 'W6', loss: 'hinge', dtype: 'float32', rows: 2097152 / SHRINK, cols: 8, labels: 'pm1', seed: 6, grad: true },
  { id: 'W7', loss: 'hinge', dtype: 'float32', rows: 4194304 / SHRINK, cols: 8, labels: '01', labelArray: 'uint8', half: true, seed: 7 },
  { id: 'W8', loss: 'sparse_categorical_hinge', dtype: 'float32', rows: 2097152 / SHRINK, cols: 16, labels: 'ids', seed: 8 },
  { id: 'W3m', loss: 'categorical_hinge', dtype: 'float32', rows: 1048576 / SHRINK, cols: 16, labels: 'onehot', mask: 7 / 8, seed: 3 },
]

const ARRAY = { float32: Float32Array, float64: Float64Array, uint8: Uint8Array, int32: Int32Array }

/** The IEEE binary16 bits nearest to `x` (|x| < 65520; ties away from zero). */
function float16Bits(x) {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0
  const a = Math.abs(x)
  if (a < 2 ** -14) return sign | Math.round(a * 2 ** 24)
  let exponent = Math.floor(Math.log2(a))
  if (2 ** exponent > a) exponent-- // log2 rounded up near a power of two
  const fraction = Math.round((a / 2 ** exponent) * 1024) - 1024
  return fraction === 1024 ? sign | ((exponent + 16) << 10) : sign | ((exponent + 15) << 10) | fraction
}

function labelArray({ labels, labelArray: storage, dtype, rows, cols }) {
  if (labels === 'ids') return new Int32Array(rows)
  return new ARRAY[storage ?? dtype](rows * cols)
}

function fillLabels(kind, next, labels, cols) {
  if (kind === 'ids') {
    for (let row = 0; row < labels.length; row++) labels[row] = Math.floor(next() * cols)
    return
  }
  if (kind === 'onehot') {
    for (let row = 0; row < labels.length / cols; row++) labels[row * cols + Math.floor(next() * cols)] = 1
    return
  }
  for (let i = 0; i < labels.length; i++) {
    const sign = next() < 0.5 ? -1 : 1
    labels[i] = kind === '01' ? (sign + 1) / 2 : sign
  }
}

/**
 * The inputs of one workload: `yTrue`, `yPred` (and `mask`, `out`) as typed arrays;
 * `labels`, `predictions` and `options` as the package takes them; `reads` and `write`,
 * the buffers a call reads and writes (the roofline streams exactly these); `bytes`, their
 * total.
 */
function build(workload) {
  const { rows, cols, dtype, labels, seed, half, mask: kept, grad } = workload
  const next = generator(seed)
  const size = rows * cols
  const values = new ARRAY[dtype](size)
  for (let i = 0; i < size; i++) values[i] = next() * 4 - 2
  const yPred = half ? Uint16Array.from(values, float16Bits) : values
  const yTrue = labelArray(workload)
  fillLabels(labels, next, yTrue, cols)
  const shape = [rows, cols]
  const labelShape = labels === 'ids' ? [rows] : shape
  const data = {
    yTrue,
    yPred,
    shape,
    labels: { data: yTrue, shape: labelShape },
    predictions: half ? { data: yPred, shape, dtype: 'float16' } : { data: yPred, shape },
    options: {},
    reads: [yTrue, yPred],
    write: null,
  }
  if (kept !== undefined) {
    data.mask = Uint8Array.from({ length: rows }, () => (next() < kept ? 1 : 0))
    data.options.mask = { data: data.mask, shape: [rows] }
    data.reads.push(data.mask)
  }
  if (grad) data.write = data.out = new ARRAY[dtype](size)
  data.bytes = [...data.reads, data.write].reduce((sum, a) => sum + (a?.byteLength ?? 0), 0)
  return data
}

const LABELS = { pm1: '{-1, 1}', '01': '{0, 1}', onehot: 'one-hot', ids: 'int32 class ids' }

/** 'hinge `compute`, float32, [2097152, 8], labels {-1, 1}, 128 MiB read' */
function describe(workload) {
  const { loss, dtype, rows, cols, labels, labelArray: storage, half, mask, grad } = workload
  const element = ARRAY[dtype].BYTES_PER_ELEMENT
  const labelBytes = labels === 'ids' ? 4 * rows : rows * cols * (storage ? ARRAY[storage].BYTES_PER_ELEMENT : element)
  const read = labelBytes + rows * cols * (half ? 2 : element) + (mask === undefined ? 0 : rows)
  const size = (bytes) => (bytes >= MIB ? `${+(bytes / MIB).toFixed(2)} MiB` : `${bytes / 1024} KiB`)
  const parts = [
    `${loss} \`${grad ? 'valueAndGrad` with `out' : 'compute'}\``,
    half ? `${dtype} compute, float16 yPred` : dtype,
    `[${rows}, ${cols}]`,
    `labels ${storage ? `${storage} ` : ''}${LABELS[labels]}`,
  ]
  if (mask !== undefined) parts.push(`uint8 mask of shape [${rows}], ${mask * 100} % true`)
  parts.push(`${size(read)} read${grad ? ` + ${size(rows * cols * element)} written` : ''}`)
  return parts.join(', ')
}

module.exports = { QUICK, WORKLOADS, build, describe, float16Bits }
