// Seeded differential tests: native vs pure TS vs a float64 reference, over random shapes
// (rank 1 to 4), dtypes, label kinds, containers, weights and reductions.
const test = require('ava')
const { js, native } = require('./helpers/backends')
const { TOLERANCE, assertClose } = require('./helpers/close')
const { rng, randomCase } = require('./helpers/random')
const { reference } = require('./helpers/reference')

const CLASS = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge' }
const FUNCTION = { hinge: 'hinge', squared_hinge: 'squaredHinge', categorical_hinge: 'categoricalHinge' }
const CASES = 600

function run(api, c) {
  if (c.api === 'function') return api[FUNCTION[c.loss]](...c.inputs)
  const loss = new api[CLASS[c.loss]]({ reduction: c.reduction, dtype: c.dtype })
  return c.weight === undefined ? loss.compute(...c.inputs) : loss.compute(...c.inputs, c.weight.input)
}

const values = (result) => (typeof result === 'number' ? [result] : Array.from(result.data))

test(`native = pure TS = float64 reference on ${CASES} seeded random cases`, (t) => {
  const r = rng(20261129)
  for (let i = 0; i < CASES; i++) {
    const c = randomCase(r)
    const label = `case ${i}: ${c.api} ${c.loss} ${c.dtype} ${c.reduction} shape [${c.predShape}] weight [${c.weight?.shape ?? '-'}]`
    const a = run(native, c)
    const b = run(js, c)
    const ref = reference({ ...c, weight: c.weight })
    const tol = TOLERANCE[c.dtype]
    if (ref.value === undefined) {
      t.deepEqual(a.shape, ref.shape, label)
      t.deepEqual(b.shape, ref.shape, label)
      t.is(a.dtype, c.dtype, label)
      assertClose(t, a.data, ref.data, tol, `${label} native vs reference`)
    } else {
      t.is(typeof a, 'number', label)
      if (c.dtype === 'float32') t.is(Math.fround(a), a, `${label} float32-exact`)
      assertClose(t, a, ref.value, tol, `${label} native vs reference`)
    }
    assertClose(t, values(a), values(b), tol, `${label} native vs js`)
  }
})

test('computeAsync equals compute bit for bit on random cases', async (t) => {
  const r = rng(7)
  for (let i = 0; i < 150; i++) {
    const c = randomCase(r)
    if (c.api === 'function') continue
    for (const api of [native, js]) {
      const loss = new api[CLASS[c.loss]]({ reduction: c.reduction, dtype: c.dtype })
      const args = c.weight === undefined ? c.inputs : [...c.inputs, c.weight.input]
      const sync = loss.compute(...args)
      const async = await loss.computeAsync(...args)
      const [x, y] = [values(async), values(sync)]
      t.true(x.length === y.length && x.every((v, k) => Object.is(v, y[k])), `case ${i}`)
    }
  }
})
