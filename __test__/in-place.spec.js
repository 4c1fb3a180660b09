// A plain Float32Array or Float64Array is read in place (typed-array.ts `inPlaceOrView`);
// every other typed array through a fresh built-in view. Both give the same bits, over
// seeded cases, for each form an input can take; and what a caller does to an array read
// in place — own getters, a replaced prototype, a Proxy in its chain, even after it was
// parsed — runs no caller code and changes nothing.
const test = require('ava')
const js = require('../js.js')
const entry = require('../index.js')
const { rng } = require('./helpers/random')

const fround = Math.fround
const same = (a, b) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))
const numbers = (value) => (typeof value === 'number' ? [value] : Array.from(value.data))

function firstDifference(a, b) {
  if (a.length !== b.length) return -2
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return i
  return -1
}

/** An object whose every trap (or getter) counts, then does what the target would. */
function counting(counter) {
  return new Proxy({}, { get: (_, trap) => (...args) => (counter.calls++, Reflect[trap](...args)) })
}

function throwing(name) {
  return {
    get() {
      throw new Error(`${name} was read`)
    },
  }
}

/** The same values as a typed array of `Type` in each form a caller may hand over. */
const FORMS = {
  plain: (Type, v) => Type.from(v),
  'at an offset': (Type, v) => {
    const a = new Type(new ArrayBuffer((v.length + 3) * Type.BYTES_PER_ELEMENT), 2 * Type.BYTES_PER_ELEMENT, v.length)
    a.set(v)
    return a
  },
  'own getters': (Type, v) => {
    const a = Type.from(v)
    for (const key of ['length', 'buffer', 'byteOffset', 'BYTES_PER_ELEMENT', 'constructor', 'subarray', Symbol.iterator]) {
      Object.defineProperty(a, key, throwing(String(key)))
    }
    return a
  },
  subclass: (Type, v) => {
    class Sub extends Type {
      get length() {
        return 1
      }
    }
    // Integer keys of a typed array are never looked up on its prototype.
    Object.defineProperty(Sub.prototype, '0', throwing('prototype element 0'))
    return Sub.from(v)
  },
  'another prototype': (Type, v) => Object.setPrototypeOf(Type.from(v), (Type === Float32Array ? Float64Array : Float32Array).prototype),
  'a Proxy prototype': (Type, v) => Object.setPrototypeOf(Type.from(v), new Proxy(Type.prototype, counting({ calls: 0 }))),
  'length-tracking': (Type, v) => {
    const a = new Type(new ArrayBuffer(v.length * Type.BYTES_PER_ELEMENT, { maxByteLength: 2 * v.length * Type.BYTES_PER_ELEMENT + 8 }))
    a.set(v)
    return a
  },
  shared: (Type, v) => {
    const a = new Type(new SharedArrayBuffer(v.length * Type.BYTES_PER_ELEMENT))
    a.set(v)
    return a
  },
}

function scores(r, n) {
  const edges = [1, -1, 1 + 2 ** -23, 1 - 2 ** -24, 0.5, 2, 0, -0, 1e-45, 3e38, -3e38, NaN, Infinity, -Infinity]
  return Array.from({ length: n }, () => (r.next() < 0.1 ? r.pick(edges) : fround(r.next() * 4 - 2)))
}

function labels(r, n, kind) {
  return Array.from({ length: n }, () => {
    if (kind === 'pm1') return r.next() < 0.5 ? -1 : 1
    if (kind === '01') return r.next() < 0.5 ? 0 : 1
    return r.next() < 0.2 ? r.pick([1, -1, 0.5, 2, 1 + 2 ** -23]) : fround(r.next() * 4 - 2)
  })
}

const CLASSES = ['Hinge', 'SquaredHinge', 'CategoricalHinge']

for (const [name, api] of [
  ['js', js],
  ['default', entry],
]) {
  test(`every form of a typed array gives the bits of a plain one: compute, call, valueAndGrad, computeAsync [${name}]`, async (t) => {
    const r = rng(31)
    for (let k = 0; k < 60; k++) {
      const Class = r.pick(CLASSES)
      const dtype = r.pick(['float32', 'float64'])
      const reduction = r.pick(['sum_over_batch_size', 'sum', 'none'])
      const Type = r.pick([Float32Array, Float64Array])
      const cols = r.pick([1, 3, 4, 8, 9])
      // Both sides of the default entry's 4096-element switch to native.
      const rows = r.next() < 0.2 ? r.int(600, 900) : r.int(1, 40)
      const n = rows * cols
      const tv = labels(r, n, Class === 'CategoricalHinge' ? 'float' : r.pick(['pm1', '01', 'float']))
      const pv = scores(r, n)
      const shape = [rows, cols]
      const loss = new api[Class]({ dtype, reduction })
      const args = (form) => [{ data: FORMS[form](Type, tv), shape }, { data: FORMS[form](Type, pv), shape }]
      const plain = args('plain')
      const want = {
        compute: numbers(loss.compute(...plain)),
        call: numbers(loss.call(...plain)),
        grad: loss.valueAndGrad(...plain),
        async: numbers(await loss.computeAsync(...plain)),
      }
      for (const form of Object.keys(FORMS)) {
        const label = `case ${k}: ${Class} ${dtype} ${reduction} ${Type.name} [${rows}, ${cols}] ${form}`
        t.is(firstDifference(numbers(loss.compute(...args(form))), want.compute), -1, `${label}: compute`)
        t.is(firstDifference(numbers(loss.call(...args(form))), want.call), -1, `${label}: call`)
        const g = loss.valueAndGrad(...args(form))
        t.is(firstDifference(numbers(g.value), numbers(want.grad.value)), -1, `${label}: valueAndGrad value`)
        t.is(firstDifference(Array.from(g.grad.data), Array.from(want.grad.grad.data)), -1, `${label}: gradient`)
        t.is(firstDifference(numbers(await loss.computeAsync(...args(form))), want.async), -1, `${label}: computeAsync`)
      }
    }
  })

  test(`what a later argument's getter does to an input read in place runs no caller code and changes nothing [${name}]`, async (t) => {
    const n = 256
    const shape = [32, 8]
    const values = (seed) => {
      const r = rng(seed)
      return [Float32Array.from(labels(r, n, 'pm1')), Float32Array.from(scores(r, n))]
    }
    const counter = { calls: 0 }
    /** Replaces the prototype of each array by a counting Proxy and gives it counting own getters. */
    const spoil = (...arrays) => {
      for (const a of arrays) {
        Object.setPrototypeOf(a, new Proxy(Float32Array.prototype, counting(counter)))
        for (const key of ['length', 'buffer', 'byteOffset', 'BYTES_PER_ELEMENT', 'constructor', Symbol.iterator, Symbol.toStringTag]) {
          Object.defineProperty(a, key, { get: () => (counter.calls++, 0) })
        }
      }
    }
    const [tv, pv] = values(7)
    const loss = new api.Hinge()
    const metric = new api.metrics.Hinge()
    const expected = loss.compute({ data: tv, shape }, { data: pv, shape })
    const grad = loss.valueAndGrad({ data: tv, shape }, { data: pv, shape })
    metric.updateState({ data: tv, shape }, { data: pv, shape })
    const metricExpected = metric.result()
    const calls = {
      compute: (a, b) => loss.compute(a, b),
      computeAsync: (a, b) => loss.computeAsync(a, b),
      'compute float64': (a, b) => new api.Hinge({ dtype: 'float64' }).compute(a, b),
      valueAndGrad: (a, b) => loss.valueAndGrad(a, b, undefined, { out: new Float32Array(n) }),
      updateState: (a, b) => {
        metric.resetState()
        metric.updateState(a, b)
        return metric.result()
      },
    }
    for (const [what, call] of Object.entries(calls)) {
      const [a, b] = values(7)
      // The labels are parsed (in place) first; the predictions' shape getter then spoils both.
      const result = await call({ data: a, shape }, { data: b, get shape() { spoil(a, b); return shape } })
      const want =
        what === 'compute float64' ? new api.Hinge({ dtype: 'float64' }).compute({ data: tv, shape }, { data: pv, shape }) : what === 'updateState' ? metricExpected : expected
      if (what === 'valueAndGrad') {
        t.is(result.value, grad.value, what)
        t.deepEqual(Array.from(result.grad.data), Array.from(grad.grad.data), what)
      } else t.is(result, want, what)
      t.is(counter.calls, 0, `${what}: a trap or getter of the caller's ran`)
    }
  })

  test(`a length-tracking input read in place is read at its parsed length when a later getter grows its buffer, and refused when one shrinks it [${name}]`, async (t) => {
    const r = rng(43)
    const growable = {
      ArrayBuffer: (bytes, max) => new ArrayBuffer(bytes, { maxByteLength: max }),
      SharedArrayBuffer: (bytes, max) => new SharedArrayBuffer(bytes, { maxByteLength: max }),
    }
    const resize = (buffer, bytes) => (buffer instanceof SharedArrayBuffer ? buffer.grow(bytes) : buffer.resize(bytes))
    for (let k = 0; k < 16; k++) {
      const Type = r.pick([Float32Array, Float64Array])
      const dtype = Type === Float32Array ? 'float32' : 'float64'
      // Both sides of the default entry's 4096-element switch to native: the binding takes an input's whole length.
      const rows = r.pick([4, 32, 700, 1100])
      const cols = 8
      const n = rows * cols
      const shape = [rows, cols]
      const tv = labels(r, n, r.pick(['pm1', '01']))
      const pv = scores(r, n)
      const bytes = n * Type.BYTES_PER_ELEMENT
      const kind = r.pick(Object.keys(growable))
      const which = r.pick(['yTrue', 'yPred'])
      const loss = new api.Hinge({ dtype, reduction: r.pick(['sum_over_batch_size', 'none']) })
      const mask = () => ({ data: new Uint8Array(rows).fill(1), shape: [rows] })
      const plain = () => [{ data: Type.from(tv), shape }, { data: Type.from(pv), shape }, { mask: mask() }]
      /**
       * The arguments with `which` a length-tracking view, and a mask (the last argument
       * parsed) whose shape getter resizes that view's buffer to `to` bytes, filling what
       * grew with values that would change the loss if they were read.
       */
      const tracking = (to) => {
        const buffer = growable[kind](bytes, 2 * bytes + 64)
        const view = new Type(buffer)
        view.set(which === 'yTrue' ? tv : pv)
        const other = Type.from(which === 'yTrue' ? pv : tv)
        const later = {
          data: new Uint8Array(rows).fill(1),
          get shape() {
            resize(buffer, to)
            if (to > bytes) new Type(buffer, bytes).fill(which === 'yTrue' ? 0 : -5)
            return [rows]
          },
        }
        return [{ data: which === 'yTrue' ? view : other, shape }, { data: which === 'yTrue' ? other : view, shape }, { mask: later }]
      }
      const label = `case ${k}: ${dtype} [${rows}, ${cols}] ${which} over a growable ${kind}`
      const grown = 2 * bytes + 64
      const compute = ([a, b, o]) => loss.compute(a, b, undefined, o)
      t.is(firstDifference(numbers(compute(tracking(grown))), numbers(compute(plain()))), -1, `${label}: compute`)
      t.is(firstDifference(numbers(loss.call(...tracking(grown))), numbers(loss.call(...plain()))), -1, `${label}: call`)
      const computeAsync = ([a, b, o]) => loss.computeAsync(a, b, undefined, o)
      t.is(firstDifference(numbers(await computeAsync(tracking(grown))), numbers(await computeAsync(plain()))), -1, `${label}: computeAsync`)
      const valueAndGrad = ([a, b, o]) => loss.valueAndGrad(a, b, undefined, o)
      const g = valueAndGrad(tracking(grown))
      const want = valueAndGrad(plain())
      t.is(firstDifference(numbers(g.value), numbers(want.value)), -1, `${label}: valueAndGrad value`)
      t.is(firstDifference(Array.from(g.grad.data), Array.from(want.grad.data)), -1, `${label}: gradient`)
      if (kind === 'ArrayBuffer') {
        const error = t.throws(() => compute(tracking(bytes - Type.BYTES_PER_ELEMENT)))
        t.is(error.code, 'ERR_INVALID_TYPE', `${label}: shrunk`)
        const rejected = await t.throwsAsync(computeAsync(tracking(0)))
        t.is(rejected.code, 'ERR_INVALID_TYPE', `${label}: emptied`)
      }
    }
  })

  test(`an own BYTES_PER_ELEMENT of an input read in place does not hide its overlap with out [${name}]`, (t) => {
    const yPred = new Float32Array(16).fill(0.5)
    Object.defineProperty(yPred, 'BYTES_PER_ELEMENT', { value: 0 })
    const error = t.throws(() => new api.Hinge().valueAndGrad({ data: new Float32Array(16).fill(1), shape: [2, 8] }, { data: yPred, shape: [2, 8] }, undefined, { out: yPred }))
    t.is(error.code, 'ERR_INVALID_OPTION', error.message)
  })
}
