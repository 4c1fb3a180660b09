// float16 and bfloat16 inputs: half-precision bits in a Uint16Array (or a Float16Array where
// the runtime has one), widened exactly to the compute dtype in values, gradients and metrics.
const test = require('ava')
const { eachBackend } = require('./helpers/backends')
const { rng } = require('./helpers/random')

/** binary16 → float32 bits, written independently of the package: rebias, renormalise subnormals. */
function float16Reference(bits) {
  const sign = (bits & 0x8000) << 16
  let exponent = (bits >> 10) & 0x1f
  let fraction = bits & 0x3ff
  const out = new Uint32Array(1)
  if (exponent === 0x1f) out[0] = sign | 0x7f800000 | (fraction << 13)
  else if (exponent === 0) {
    if (fraction === 0) out[0] = sign
    else {
      exponent = 113
      while ((fraction & 0x400) === 0) {
        fraction <<= 1
        exponent--
      }
      out[0] = sign | (exponent << 23) | ((fraction & 0x3ff) << 13)
    }
  } else out[0] = sign | ((exponent + 112) << 23) | (fraction << 13)
  return new Float32Array(out.buffer)[0]
}

const bfloat16Reference = (bits) => new Float32Array(Uint32Array.of(bits << 16).buffer)[0]

/** Each loss of 1 weighted by a half weight: 'none' returns the decoded weights themselves. */
function decoded(api, bits, tag, dtype) {
  const n = bits.length
  const ones = { data: new Float32Array(n).fill(1), shape: [n, 1] }
  const zeros = { data: new Float32Array(n), shape: [n, 1] }
  return new api.Hinge({ reduction: 'none', dtype }).compute(ones, zeros, { data: bits, shape: [n], dtype: tag }).data
}

eachBackend(test, 'every float16 and bfloat16 bit pattern decodes exactly, NaN, infinities, -0 and subnormals included', (t, api) => {
  const all = Uint16Array.from({ length: 65536 }, (_, i) => i)
  const before = all.slice()
  for (const [tag, reference] of [['float16', float16Reference], ['bfloat16', bfloat16Reference]]) {
    for (const dtype of ['float32', 'float64']) {
      const values = decoded(api, all, tag, dtype)
      const wrong = Array.from(all).findIndex((bits) => !Object.is(values[bits], reference(bits)) && !(Number.isNaN(values[bits]) && Number.isNaN(reference(bits))))
      t.is(wrong, -1, `${tag} ${dtype}: bits 0x${wrong.toString(16)} gave ${values[wrong]}, expected ${reference(wrong)}`)
    }
  }
  t.deepEqual(all, before, 'the input bits are unchanged')
})

/** Random half bits of finite values in [-4, 4], and their float32 widening. */
function halfData(r, n, tag) {
  const bits = new Uint16Array(n)
  const widened = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    for (;;) {
      const b = r.int(0, 0xffff)
      const v = tag === 'float16' ? float16Reference(b) : bfloat16Reference(b)
      if (Math.abs(v) <= 4) {
        bits[i] = b
        widened[i] = v
        break
      }
    }
  }
  return { bits, widened }
}

eachBackend(test, 'half inputs equal their float32 widening: values, gradients and metrics, yTrue, yPred and weights', async (t, api) => {
  const r = rng(16)
  const rows = 300
  const cols = 4
  const shape = [rows, cols]
  for (const tag of ['float16', 'bfloat16']) {
    const p = halfData(r, rows * cols, tag)
    const w = halfData(r, rows, tag)
    const labels = new Uint16Array(rows * cols).map(() => (r.next() < 0.5 ? 0x3c00 : 0))
    const labels32 = Float32Array.from(labels, (b) => (b === 0 ? 0 : 1))
    const halfLabels = tag === 'float16' ? { data: labels, shape, dtype: tag } : { data: labels.map((b) => (b === 0 ? 0 : 0x3f80)), shape, dtype: tag }
    for (const name of ['Hinge', 'SquaredHinge', 'CategoricalHinge']) {
      for (const reduction of ['sum_over_batch_size', 'none']) {
        const loss = new api[name]({ reduction })
        const half = [halfLabels, { data: p.bits, shape, dtype: tag }, { data: w.bits, shape: [rows], dtype: tag }]
        const wide = [{ data: labels32, shape }, { data: p.widened, shape }, w.widened]
        const label = `${tag} ${name} ${reduction}`
        t.deepEqual(loss.compute(...half), loss.compute(...wide), label)
        t.deepEqual(await loss.computeAsync(...half), loss.compute(...wide), label)
        t.deepEqual(loss.valueAndGrad(...half), loss.valueAndGrad(...wide), label)
      }
      const a = new api.metrics[name]()
      const b = new api.metrics[name]()
      a.updateState(halfLabels, { data: p.bits, shape, dtype: tag })
      b.updateState({ data: labels32, shape }, { data: p.widened, shape })
      t.deepEqual(a.state(), b.state(), `${tag} metric ${name}`)
    }
  }
})

eachBackend(test, 'tags that contradict the data are ERR_INVALID_DTYPE; an untagged Uint16Array stays integer', (t, api) => {
  const refuse = (value, label) => t.is(t.throws(() => api.hinge(value, [1, 1]), { instanceOf: api.LossInputError }, label)?.code, 'ERR_INVALID_DTYPE', label)
  refuse({ data: new Float32Array(2), shape: [2], dtype: 'float16' }, 'float16 on a Float32Array')
  refuse({ data: new Int8Array(2), shape: [2], dtype: 'float16' }, 'float16 on an Int8Array')
  refuse({ data: new Int16Array(2), shape: [2], dtype: 'bfloat16' }, 'bfloat16 on an Int16Array')
  refuse({ data: new Uint16Array(2), shape: [2], dtype: 'float32' }, 'float32 on a Uint16Array')
  refuse({ data: new Uint16Array(2), shape: [2], dtype: 'half' }, 'an unknown tag')
  refuse({ data: [1, 2], shape: [2], dtype: 'float16' }, 'float16 on numbers')
  // Tags naming the array's own type are accepted.
  t.deepEqual(api.hinge({ data: Float32Array.of(1, -1), shape: [2], dtype: 'float32' }, [1, 1]), api.hinge(Float32Array.of(1, -1), [1, 1]))
  // 0x3c00 is 1.0 as float16 but 15360 as an integer.
  const bits = Uint16Array.of(0x3c00, 0x3c00)
  t.deepEqual(Array.from(api.hinge([-1, -1], { data: bits, shape: [2], dtype: 'float16' }).data), [2])
  t.deepEqual(Array.from(api.hinge([-1, -1], bits).data), [15361])
})
