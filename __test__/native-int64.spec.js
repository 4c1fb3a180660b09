// The raw binding reads BigInt64Array and BigUint64Array in place: values within ±2^53
// give bit for bit what the same numbers give as Float64Array, or as Float32Array
// through Math.fround, synchronously and off the thread.
const test = require('ava')

const { requireBinding } = require('../dist/native/load-binding.js')

const binding = requireBinding()
const SAFE = 2 ** 53

// Past the pool's parallel threshold (2^16 elements) and the conversion chunk.
const ROWS = 30000
const COLS = 3

/** Deterministic values: labels in {0,1}, predictions spread up to ±2^53 with both ends. */
function data() {
  let x = 0x2545f491
  const next = () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return x >>> 0
  }
  const n = ROWS * COLS
  const labels = Array.from({ length: n }, () => next() % 2)
  const preds = Array.from({ length: n }, (_, i) => {
    if (i < 4) return [SAFE, -SAFE, SAFE - 1, 1 - SAFE][i]
    const magnitude = Math.floor((next() / 2 ** 32) * 2 ** (next() % 54))
    return next() % 2 ? magnitude : -magnitude
  })
  const weights = Array.from({ length: ROWS }, (_, i) => (i === 1 ? SAFE : next() % 4))
  return { labels, preds, weights }
}

const { labels, preds, weights } = data()
const big = (Kind, values) => Kind.from(values, (v) => BigInt(v))
const map = new Float64Array([1, ROWS, 1])

/** A job object as the facade builds it (src/job.ts). */
const job = (kind, dtype, rows, cols, yTrue, yPred, weights, weightMap, out) =>
  ({ kind, dtype, labels: 'auto', rows, cols, yTrue, yPred, weights, weightMap, out, yTrueHalf: null, yPredHalf: null, weightsHalf: null, mask: null, grad: null })

function run(call, kind, dtype, yTrue, yPred, w) {
  const out = dtype === 'float32' ? new Float32Array(ROWS) : new Float64Array(ROWS)
  const done = binding[call](job(kind, dtype, ROWS, COLS, yTrue, yPred, w, w && map, out))
  // Bytes: bit for bit, and much faster to compare than 30000 numbers one by one.
  const values = ({ sum, weightSum }) => ({ out: Buffer.from(out.buffer).toString('base64'), result: [sum, weightSum] })
  return done instanceof Promise ? done.then(values) : values(done)
}

for (const call of ['lossSync', 'lossAsync']) {
  for (const kind of ['hinge', 'squared_hinge', 'categorical_hinge']) {
    for (const dtype of ['float32', 'float64']) {
      for (const weighted of [false, true]) {
        test(`${call} ${kind} ${dtype} weighted ${weighted}: 64-bit integers equal floats bit for bit`, async (t) => {
          const Float = dtype === 'float32' ? Float32Array : Float64Array
          const want = await run(
            call,
            kind,
            dtype,
            Float.from(labels),
            Float.from(preds),
            weighted ? Float.from(weights) : null,
          )
          t.true(want.result.every(Number.isFinite))
          const signed = await run(
            call,
            kind,
            dtype,
            big(BigInt64Array, labels),
            big(BigInt64Array, preds),
            weighted ? big(BigInt64Array, weights) : null,
          )
          t.deepEqual(signed, want)
          const unsigned = await run(
            call,
            kind,
            dtype,
            big(BigUint64Array, labels),
            Float64Array.from(preds),
            weighted ? big(BigUint64Array, weights) : null,
          )
          const mixed = await run(
            call,
            kind,
            dtype,
            Float.from(labels),
            Float64Array.from(preds),
            weighted ? Float.from(weights) : null,
          )
          t.deepEqual(unsigned, mixed)
        })
      }
    }
  }
}

test('the {0,1} label rule applies to BigInt labels as to float ones', (t) => {
  const hinge = (yTrue) => binding.lossSync(job('hinge', 'float64', 1, 2, yTrue, new Float64Array([0.5, 0.5]), null, null, null))
  // Labels {0,1} become {-1,1}: hinge of [[0, 1]] against [[0.5, 0.5]] is mean(1.5, 0.5).
  t.deepEqual(hinge(new BigUint64Array([0n, 1n])), { sum: 1, weightSum: 1 })
  t.deepEqual(hinge(new BigInt64Array([2n, 1n])), { sum: 0.25, weightSum: 1 })
})

test('a BigInt array as out is still refused', (t) => {
  const error = t.throws(() =>
    binding.lossSync(job('hinge', 'float64', 1, 1, new Float64Array(1), new Float64Array(1), null, null, new BigInt64Array(1))),
  )
  t.regex(error.message, /out must be a Float32Array or Float64Array/)
})
