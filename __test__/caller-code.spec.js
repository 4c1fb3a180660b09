// Caller code (subclass methods, getters, species) cannot change a result or escape as a
// bare error: the package reads typed arrays through built-in views and getters only.
const test = require('ava')
const { eachBackend } = require('./helpers/backends')

const yTrue = Int8Array.of(0, 1, 1, 0)
const yPred = Float32Array.of(0.5, 0.5, 0.25, 0.75)
const shape = [2, 2]
// hinge per row: mean(max(1 - (2y-1)p, 0)) = [(1.5 + 0.5)/2, (0.75 + 1.75)/2] = [1, 1.25]
const EXPECTED = 1.125

function refuses(t, api, fn, code, label) {
  const error = t.throws(fn, { instanceOf: api.LossInputError }, label)
  t.is(error?.code, code, `${label}: ${error?.message}`)
}

class NoisyFloats extends Float32Array {
  subarray() {
    return Float32Array.of(9, 9, 9, 9)
  }
  get length() {
    return 1
  }
}

class NoisyInts extends Int8Array {
  subarray() {
    return Int8Array.of(1, 1, 1, 1)
  }
  static get [Symbol.species]() {
    throw new Error('species read')
  }
}

eachBackend(test, 'overridden subarray, length and species change nothing', async (t, api) => {
  // Int8 labels against float32 predictions: the TS backend converts the labels in blocks.
  const labels = { data: NoisyInts.from(yTrue), shape }
  const preds = { data: NoisyFloats.from(yPred), shape }
  t.is(new api.Hinge().compute(labels, preds), EXPECTED)
  t.is(await new api.Hinge().computeAsync(labels, preds), EXPECTED)
  // float64 compute converts both inputs.
  t.is(new api.Hinge({ dtype: 'float64' }).compute(labels, preds), EXPECTED)
  const metric = new api.metrics.Hinge()
  metric.updateState(labels, preds)
  t.is(metric.result(), EXPECTED)
})

eachBackend(test, 'a loss computed inside a species getter does not disturb an outer call', (t, api) => {
  let inner
  class Reentrant extends Int8Array {
    static get [Symbol.species]() {
      inner = new api.Hinge().compute({ data: Int8Array.of(1, 1, 1, 1), shape }, { data: Float32Array.of(3, 3, 3, 3), shape })
      return Int8Array
    }
  }
  const outer = new api.Hinge().compute({ data: Reentrant.from(yTrue), shape }, { data: yPred, shape })
  t.is(outer, EXPECTED)
  // The species getter is never consulted, so the inner call never ran during the outer one.
  t.is(inner, undefined)
})

eachBackend(test, 'a species getter that would detach yPred has no effect', (t, api) => {
  const preds = Float32Array.from(yPred)
  class Detaching extends Int8Array {
    static get [Symbol.species]() {
      structuredClone(preds.buffer, { transfer: [preds.buffer] })
      return Int8Array
    }
  }
  t.is(new api.Hinge().compute({ data: Detaching.from(yTrue), shape }, { data: preds, shape }), EXPECTED)
})

eachBackend(test, 'own buffer, byteOffset and length properties are ignored', (t, api) => {
  const preds = Float32Array.from(yPred)
  Object.defineProperty(preds, 'buffer', { get: () => new ArrayBuffer(0) })
  Object.defineProperty(preds, 'byteOffset', { value: 4 })
  Object.defineProperty(preds, 'length', { value: 2 })
  t.is(new api.Hinge().compute({ data: yTrue, shape }, { data: preds, shape }), EXPECTED)
})

eachBackend(test, 'a getter of a later argument that detaches or shrinks an earlier one gives a LossInputError, sync and async', async (t, api) => {
  const n = 4096
  for (const how of ['detach', 'shrink']) {
    for (const form of ['compute', 'computeAsync', 'weights']) {
      const rab = new ArrayBuffer(n * 4, { maxByteLength: n * 4 })
      const preds = new Float32Array(rab, 0, n)
      const spoil = () => (how === 'detach' ? structuredClone(rab, { transfer: [rab] }) : rab.resize(0))
      const labels = { data: new Float32Array(n).fill(1), get shape() { return [n] } }
      const loss = new api.Hinge()
      const label = `${how} via ${form}`
      if (form === 'weights') {
        const weights = { get data() { spoil(); return new Float32Array(1) }, shape: [1] }
        refuses(t, api, () => loss.compute({ data: new Float32Array(n), shape: [1, n] }, { data: preds, shape: [1, n] }, weights), 'ERR_INVALID_TYPE', label)
        continue
      }
      const trailing = { data: new Float32Array(1), get shape() { spoil(); return [1] } }
      const call = () => loss[form](labels, { data: preds, shape: [n] }, trailing)
      if (form === 'compute') refuses(t, api, call, 'ERR_INVALID_TYPE', label)
      else {
        const error = await t.throwsAsync(call, { instanceOf: api.LossInputError }, label)
        t.is(error?.code, 'ERR_INVALID_TYPE', label)
      }
    }
  }
})

eachBackend(test, 'a buffer getter that would detach another input never runs, so computeAsync computes', async (t, api) => {
  const n = 4096
  const preds = new Float32Array(n).fill(0.5)
  const labels = new Float32Array(n).fill(1)
  Object.defineProperty(labels, 'buffer', { get: () => structuredClone(preds.buffer, { transfer: [preds.buffer] }) })
  const weights = new Float32Array(1).fill(2)
  Object.defineProperty(weights, 'buffer', { get: () => structuredClone(preds.buffer, { transfer: [preds.buffer] }) })
  t.is(await new api.Hinge().computeAsync({ data: labels, shape: [1, n] }, { data: preds, shape: [1, n] }, weights), 1)
  const metric = new api.metrics.Hinge()
  await metric.updateStateAsync({ data: labels, shape: [1, n] }, { data: preds, shape: [1, n] }, weights)
  t.is(metric.result(), 0.5)
})
