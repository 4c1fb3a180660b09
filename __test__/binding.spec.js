// The raw binding stays memory-safe whatever a JavaScript caller passes: its job object is
// read whole before any array is looked at, and what it then finds is checked against the
// shape. (The facade never sends such jobs; these are the binding's own safety checks.)
const test = require('ava')

const { requireBinding } = require('../dist/native/load-binding.js')

const binding = requireBinding()

const job = (fields) => ({
  kind: 'hinge',
  dtype: 'float64',
  labels: 'auto',
  rows: 2,
  cols: 2,
  yTrue: new Float64Array([1, 0, 0, 1]),
  yPred: new Float64Array([0.5, 0.5, 0.5, 0.5]),
  weights: null,
  weightMap: null,
  out: null,
  yTrueHalf: null,
  yPredHalf: null,
  weightsHalf: null,
  mask: null,
  grad: null,
  ...fields,
})

test('sync and async calls take the same job object and give the same totals', async (t) => {
  const want = { sum: 2, weightSum: 2 }
  t.deepEqual(binding.lossSync(job({})), want)
  t.deepEqual(await binding.lossAsync(job({})), want)
  t.deepEqual(await binding.lossAsync(job({}), new binding.CancelFlag()), want)
})

for (const call of ['lossSync', 'lossAsync']) {
  test(`${call}: a getter that detaches an array read before it leaves nothing to read past`, (t) => {
    const yTrue = new Float64Array([1, 0, 0, 1])
    const fields = job({ yTrue })
    Object.defineProperty(fields, 'out', {
      get() {
        structuredClone(yTrue.buffer, { transfer: [yTrue.buffer] })
        return null
      },
    })
    t.throws(() => binding[call](fields), { message: /yTrue must have 4 elements, got 0/ })
  })

  test(`${call}: unknown enum strings, fractional counts and aliasing outputs are refused`, (t) => {
    t.throws(() => binding[call](job({ kind: 'hinges' })), { message: /LossKind/ })
    t.throws(() => binding[call](job({ dtype: 1 })), { message: /DType/ })
    t.throws(() => binding[call](job({ rows: 1.5 })), { message: /rows must be an integer/ })
    const yPred = new Float64Array(4)
    t.throws(() => binding[call](job({ yPred, out: yPred.subarray(0, 2) })), { message: /out must not share memory/ })
    const data = new Float64Array(2)
    const mask = { data, map: Float64Array.of(1, 2, 1), scale: 1 }
    t.throws(() => binding[call](job({ mask, out: data })), { message: /out must not share memory/ })
    const past = { data: Uint8Array.of(1), map: Float64Array.of(1, 2, 1), scale: 1 }
    t.throws(() => binding[call](job({ mask: past })), { message: /weight map reaches index 1/ })
  })

  test(`${call}: spans of one type are one input; mixed types, a non-array element and outputs sharing a span are refused`, async (t) => {
    const yPred = new Float64Array([0.5, 0.5, 0.5, 0.5])
    const spans = [yPred.subarray(0, 1), yPred.subarray(1, 3), yPred.subarray(3)]
    t.deepEqual(await binding[call](job({ yPred: spans, yTrue: [Float64Array.of(1), Float64Array.of(0, 0, 1)] })), { sum: 2, weightSum: 2 })
    t.deepEqual(await binding[call](job({ yPred: [yPred] })), { sum: 2, weightSum: 2 })
    t.throws(() => binding[call](job({ yPred: [Float64Array.of(0.5, 0.5), Float32Array.of(0.5, 0.5)] })), { message: /the arrays of yPred must all have one element type/ })
    t.throws(() => binding[call](job({ yPred: [Float64Array.of(0.5, 0.5), 7] })), { message: /yPred\[1\] must be a Float32Array/ })
    t.throws(() => binding[call](job({ yPred: [Float64Array.of(0.5, 0.5)] })), { message: /yPred must have 4 elements, got 2/ })
    t.throws(() => binding[call](job({ yPred: spans, out: yPred.subarray(3) })), { message: /out must not share memory/ })
    const grad = { out: spans[2], kink: 'full', factor: 1, scale: null }
    t.throws(() => binding[call](job({ yPred: spans, grad })), { message: /grad.out must not share memory/ })
  })
}

test('a cancelled flag rejects the call without computing it', async (t) => {
  const flag = new binding.CancelFlag()
  flag.cancel()
  const n = 1 << 20
  const big = job({ rows: n / 4, cols: 4, yTrue: new Float64Array(n).fill(1), yPred: new Float64Array(n) })
  const error = await t.throwsAsync(binding.lossAsync(big, flag))
  t.is(error.code, 'Cancelled')
  t.deepEqual(await binding.lossAsync(big), { sum: n / 4, weightSum: n / 4 })
})
