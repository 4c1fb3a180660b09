// The pure-TS backend's fast loops against its general path, bit for bit, over seeded
// cases: value loops against the row-by-row formulas, the fused value-and-gradient loops
// against grad.ts, the float16 table loops against widening first, and the whole-call
// shortcut (typed arrays read in place) against the block-converting pass, through both
// entries, for values, per-sample losses and gradients. Then every contract check on a
// tiny typed-array call, the shape the shortcut takes.
const test = require('ava')
const js = require('../js.js')
const entry = require('../index.js')
const fast = require('../dist/js/fast.js')
const fastGrad = require('../dist/js/fast-grad.js')
const fastHalf = require('../dist/js/fast-half.js')
const { hingeRowFast, hingeRowExact } = require('../dist/js/exact.js')
const { gradFactors, gradRows } = require('../dist/js/grad.js')
const { float16Values, widenHalfInto } = require('../dist/half.js')
const { rng } = require('./helpers/random')

const fround = Math.fround
const FLT32_MAX = 3.4028234663852886e38
const same = (a, b) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))

/** The first index where two sequences differ bit for bit (NaNs alike), or -1. */
function firstDifference(a, b) {
  if (a.length !== b.length) return -2
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return i
  return -1
}

/** Scores: uniform, with values at and around the kink and the float32 edges mixed in. */
function scores(r, n, specials) {
  const edges = [1, -1, 1 + 2 ** -23, 1 - 2 ** -24, 1 + 2 ** -24, 0.5, 2, 0, -0, 1e-45, 3e38, -3e38]
  const bad = [NaN, Infinity, -Infinity]
  return Array.from({ length: n }, () => {
    const u = r.next()
    if (specials && u < 0.02) return r.pick(bad)
    if (u < 0.1) return r.pick(edges)
    return fround(r.next() * 4 - 2)
  })
}

function labels(r, n, kind) {
  return Array.from({ length: n }, () => {
    if (kind === 'pm1') return r.next() < 0.5 ? -1 : 1
    if (kind === '01') return r.next() < 0.5 ? 0 : 1
    // Labels whose products with the scores land on and beside round(y·p) = 1.
    return r.next() < 0.2 ? r.pick([1, -1, 0.5, 2, 1 + 2 ** -23, 1 - 2 ** -24]) : fround(r.next() * 4 - 2)
  })
}

const VALUE_LOOPS = [
  ['hingeF32', Float32Array, false, false, true],
  ['hingeConvertedF32', Float32Array, false, true, true],
  ['squaredHingeF32', Float32Array, true, false, true],
  ['squaredHingeConvertedF32', Float32Array, true, true, true],
  ['hingeF64', Float64Array, false, false, false],
  ['hingeConvertedF64', Float64Array, false, true, false],
  ['squaredHingeF64', Float64Array, true, false, false],
  ['squaredHingeConvertedF64', Float64Array, true, true, false],
]

test('value loops: each row as the row formula gives it, NaN back exactly when a row needs the exact path', (t) => {
  const r = rng(15)
  for (const [name, Type, squared, convert, f32] of VALUE_LOOPS) {
    for (let k = 0; k < 60; k++) {
      const cols = r.pick([1, 3, 8, 16, r.int(1, 40)])
      const rows = r.int(1, 30)
      const at = r.int(0, 5)
      const n = at + rows * cols
      const tv = new Type(labels(r, n, convert ? (r.next() < 0.9 ? '01' : 'float') : r.pick(['pm1', 'float'])))
      const pv = new Type(scores(r, n, r.next() < 0.3))
      const dst = new Float64Array(rows)
      const start = r.next()
      const got = fast[name](tv, pv, at, cols, rows, dst, start)
      const limit = f32 ? FLT32_MAX / cols : Number.MAX_VALUE
      let sum = start
      let fails = false
      for (let j = 0; j < rows; j++) {
        const base = at + j * cols
        let bad = 0
        for (let i = base; i < base + cols; i++) bad += Math.abs(tv[i] * (tv[i] - 1))
        const v = hingeRowFast(tv, pv, base, cols, squared, convert)
        if (!(v <= limit) || (convert && bad !== 0)) {
          fails = true
          break
        }
        const value = f32 ? fround(v) : v
        t.true(same(dst[j], value), `${name} case ${k} row ${j}`)
        sum += value
      }
      t.true(same(got, fails ? NaN : sum), `${name} case ${k}: ${got} vs ${fails ? NaN : sum}`)
    }
  }
})

test('the exact row formula agrees with the fast one on every row the fast loops keep', (t) => {
  const r = rng(16)
  for (let k = 0; k < 300; k++) {
    const cols = r.int(1, 12)
    const f32 = r.next() < 0.5
    const squared = r.next() < 0.5
    const Type = f32 ? Float32Array : Float64Array
    const tv = new Type(labels(r, cols, 'pm1'))
    const pv = new Type(scores(r, cols, false))
    const v = hingeRowFast(tv, pv, 0, cols, squared, false)
    if (!(v <= (f32 ? FLT32_MAX / cols : Number.MAX_VALUE))) continue
    const exact = hingeRowExact(tv, pv, 0, cols, f32, squared, 1, 0)
    const fastValue = f32 ? fround(v) : v
    t.true(Math.abs(fastValue - exact) <= 1e-6 * Math.max(Math.abs(exact), 1e-30) || same(fastValue, exact), `case ${k}: ${fastValue} vs ${exact}`)
  }
})

const GRAD_LOOPS = [
  ['hingeGradF32', 'hinge', 'float32', false],
  ['hingeGradConvertedF32', 'hinge', 'float32', true],
  ['squaredHingeGradF32', 'squared_hinge', 'float32', false],
  ['squaredHingeGradConvertedF32', 'squared_hinge', 'float32', true],
  ['hingeGradF64', 'hinge', 'float64', false],
  ['hingeGradConvertedF64', 'hinge', 'float64', true],
  ['squaredHingeGradF64', 'squared_hinge', 'float64', false],
  ['squaredHingeGradConvertedF64', 'squared_hinge', 'float64', true],
]

test('fused value-and-gradient loops: the gradient of grad.ts bit for bit, whatever the labels, kink 1 or 0', (t) => {
  const r = rng(17)
  for (const [name, kind, dtype, convert] of GRAD_LOOPS) {
    const f32 = dtype === 'float32'
    const Type = f32 ? Float32Array : Float64Array
    for (let k = 0; k < 60; k++) {
      const cols = r.pick([1, 2, 8, r.int(1, 20)])
      const rows = r.int(1, 25)
      const n = rows * cols
      const kink = r.pick(['full', 'zero'])
      const tv = new Type(labels(r, n, convert ? '01' : r.pick(['pm1', 'float'])))
      const pv = new Type(scores(r, n, false))
      const weights = r.next() < 0.5 ? new Type(Array.from({ length: rows }, () => fround(r.next() * 3))) : null
      const job = {
        kind,
        dtype,
        rows,
        cols,
        yTrue: tv,
        yPred: pv,
        weights,
        weightMap: weights === null ? null : Float64Array.of(1, rows, 1),
        mask: null,
        grad: { out: new Type(n), kink, factor: 1 / rows, scale: null },
      }
      const c = new Float64Array(rows)
      gradFactors(job, 0, rows, c)
      const dst = new Float64Array(rows)
      const got = fastGrad[name](tv, pv, 0, cols, rows, dst, 0, job.grad.out, 0, c, fastGrad.hingeBound(f32, kink === 'full'))
      if (Number.isNaN(got)) continue
      const fused = Array.from(job.grad.out)
      job.grad.out = new Type(n)
      gradRows(job, convert, tv, pv, 0, 0, rows, c)
      const at = firstDifference(fused, Array.from(job.grad.out))
      t.is(at, -1, `${name} case ${k} (${kink}) element ${at}: ${fused[at]} vs ${job.grad.out[at]} (t ${tv[at]}, p ${pv[at]})`)
    }
  }
})

test('float16 table loops equal widening the block first, over every float16 bit pattern', (t) => {
  const r = rng(18)
  const table = float16Values()
  const all = Uint16Array.from({ length: 65536 }, (_, i) => i)
  const pairs = [
    ['hingeHalf', 'hingeF32', 'pm1'],
    ['hingeConvertedHalf', 'hingeConvertedF32', '01'],
    ['squaredHingeHalf', 'squaredHingeF32', 'pm1'],
    ['squaredHingeConvertedHalf', 'squaredHingeConvertedF32', '01'],
  ]
  for (const [halfName, name, kind] of pairs) {
    for (const cols of [1, 8]) {
      // Rows of finite patterns only, so that the comparison runs past the first NaN row.
      const bits = cols === 1 ? all : all.filter((b) => (b & 0x7c00) !== 0x7c00)
      const rows = Math.floor(bits.length / cols)
      const tv = new Float32Array(labels(r, rows * cols, kind))
      const widened = new Float32Array(rows * cols)
      widenHalfInto(widened, bits, 0, rows * cols, 'float16')
      for (let at = 0; at < rows * cols; at += 4096 * cols) {
        const m = Math.min(4096, rows - at / cols)
        const a = new Float64Array(m)
        const b = new Float64Array(m)
        const x = fastHalf[halfName](tv, bits, at, cols, m, a, 0, table, 0)
        const y = fast[name](tv, widened, at, cols, m, b, 0)
        t.true(same(x, y), `${halfName} cols ${cols} block at ${at}: ${x} vs ${y}`)
        if (!Number.isNaN(x)) t.is(firstDifference(Array.from(a), Array.from(b)), -1)
      }
    }
  }
})

test('float16 loops over byte labels equal the float32-label loops, over every float16 bit pattern', (t) => {
  const r = rng(21)
  const table = float16Values()
  const all = Uint16Array.from({ length: 65536 }, (_, i) => i)
  const pairs = [
    ['hingeHalfBytes', 'hingeHalf'],
    ['hingeConvertedHalfBytes', 'hingeConvertedHalf'],
  ]
  for (const [bytesName, name] of pairs) {
    for (const cols of [1, 3, 4, 5, 8, 9]) {
      // Rows of finite patterns only for wide rows, so that the comparison runs past the first NaN row.
      const bits = cols === 1 ? all : all.filter((b) => (b & 0x7c00) !== 0x7c00)
      const rows = Math.floor(bits.length / cols)
      // Mostly 0 and 1; some blocks with a label of 2 or 255, which the converting loop refuses.
      const bytes = Uint8Array.from({ length: rows * cols }, () => (r.next() < 0.001 ? r.pick([2, 3, 255]) : r.next() < 0.5 ? 0 : 1))
      const floats = Float32Array.from(bytes)
      for (let at = 0; at < rows * cols; at += 1000 * cols) {
        const m = Math.min(1000, rows - at / cols)
        const a = new Float64Array(m)
        const b = new Float64Array(m)
        const start = r.next()
        const x = fastHalf[bytesName](bytes, bits, at, cols, m, a, start, table, 0)
        const y = fastHalf[name](floats, bits, at, cols, m, b, start, table, 0)
        t.true(same(x, y), `${bytesName} cols ${cols} block at ${at}: ${x} vs ${y}`)
        if (!Number.isNaN(x)) t.is(firstDifference(Array.from(a), Array.from(b)), -1)
      }
    }
  }
})

test('the {0,1} categorical loop gives the bits of the rounded loop, for any labels, NaN and infinities included', (t) => {
  const r = rng(22)
  const odd = [0.5, 2, -1, 1 + 2 ** -23, 1 - 2 ** -24, 1e-45, -0, NaN, Infinity, -Infinity, 3e38]
  for (let k = 0; k < 300; k++) {
    const cols = r.pick([1, 2, 3, 8, 16, r.int(1, 40)])
    const rows = r.int(1, 30)
    const at = r.int(0, 5)
    const n = at + rows * cols
    // One-hot rows, rows of 0s and 1s, and rows with other labels mixed in.
    const tv = new Float32Array(n)
    for (let row = 0; row < rows; row++) {
      const base = at + row * cols
      const form = r.next()
      for (let i = base; i < base + cols; i++) tv[i] = form < 0.6 ? 0 : r.next() < 0.5 ? 0 : 1
      if (form < 0.6) tv[base + r.int(0, cols - 1)] = 1
      else if (form > 0.85) tv[base + r.int(0, cols - 1)] = r.pick(odd)
    }
    const pv = new Float32Array(scores(r, n, r.next() < 0.3))
    const a = new Float64Array(rows)
    const b = new Float64Array(rows)
    const start = r.next()
    const x = fast.categoricalHingeBinaryF32(tv, pv, at, cols, rows, a, start)
    const y = fast.categoricalHingeF32(tv, pv, at, cols, rows, b, start)
    t.true(same(x, y), `case ${k}: ${x} vs ${y}`)
    const row = firstDifference(Array.from(a), Array.from(b))
    t.is(row, -1, `case ${k} row ${row}: ${a[row]} vs ${b[row]}`)
  }
})

test('byte labels with float16 scores give the bits of float32 labels through the js entry, {0,1} rule included', (t) => {
  const r = rng(23)
  for (let k = 0; k < 40; k++) {
    const cols = r.pick([1, 3, 4, 8, 9])
    const rows = r.next() < 0.3 ? r.int(8000, 12000) : r.int(1, 50)
    const n = rows * cols
    const labels = Uint8Array.from({ length: n }, () => (r.next() < 0.5 ? 0 : 1))
    // Keras' rule: one label other than 0 and 1, anywhere, turns the conversion off.
    if (r.next() < 0.3) labels[r.int(0, n - 1)] = r.pick([2, 7])
    const bits = Uint16Array.from({ length: n }, () => (r.next() < 0.01 ? r.pick([0x7c00, 0xfc00, 0x7e00]) : r.int(0, 0x7bff) | (r.next() < 0.5 ? 0x8000 : 0)))
    const shape = [rows, cols]
    const loss = new js.Hinge({ reduction: r.pick(['sum_over_batch_size', 'none']) })
    const predictions = { data: bits, shape, dtype: 'float16' }
    const fromBytes = numbers(loss.compute({ data: labels, shape }, predictions))
    const fromFloats = numbers(loss.compute({ data: Float32Array.from(labels), shape }, predictions))
    t.is(firstDifference(fromBytes, fromFloats), -1, `case ${k}: [${rows}, ${cols}]`)
  }
})

const CLASS = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge' }

test('typed arrays read in place give the bits of the block-converting pass, NaN and {0,1} rule included', (t) => {
  const r = rng(19)
  for (let k = 0; k < 200; k++) {
    const loss = r.pick(['hinge', 'squared_hinge', 'categorical_hinge'])
    const dtype = r.pick(['float32', 'float64'])
    const Type = dtype === 'float32' ? Float32Array : Float64Array
    const cols = r.pick([1, 8, 16, r.int(1, 30)])
    const rows = r.next() < 0.2 ? r.int(8000, 12000) : r.int(1, 40)
    const n = rows * cols
    const kind = loss === 'categorical_hinge' ? 'float' : r.pick(['pm1', '01', '01', 'float'])
    const tv = labels(r, n, kind)
    // One label anywhere may break Keras' {0,1} rule, in any block.
    if (kind === '01' && r.next() < 0.3) tv[r.int(0, n - 1)] = r.pick([-1, 0.5, NaN])
    const pv = scores(r, n, r.next() < 0.3)
    const l = new (CLASS[loss] === 'CategoricalHinge' ? js.CategoricalHinge : js[CLASS[loss]])({ dtype })
    const inPlace = l.compute({ data: new Type(tv), shape: [rows, cols] }, { data: new Type(pv), shape: [rows, cols] })
    // Labels of another array type are converted a block at a time: the general pass.
    const other = dtype === 'float32' ? Float64Array : Float32Array
    const labelsConverted = dtype === 'float32' || tv.every((v) => Number.isNaN(v) || fround(v) === v)
    if (!labelsConverted) continue
    const converted = l.compute({ data: new other(tv), shape: [rows, cols] }, { data: new Type(pv), shape: [rows, cols] })
    t.true(same(inPlace, converted), `case ${k}: ${loss} ${dtype} [${rows}, ${cols}] ${kind}: ${inPlace} vs ${converted}`)
  }
})

function refuses(t, fn, code) {
  const error = t.throws(fn)
  t.is(error.code, code, error.message)
}

for (const [name, api] of [
  ['js', js],
  ['default', entry],
]) {
  test(`a tiny typed-array call keeps every contract check [${name}]`, (t) => {
    const loss = new api.Hinge()
    const data = (n) => new Float32Array(n).fill(1)
    const ok = { data: data(256), shape: [32, 8] }
    t.is(typeof loss.compute(ok, ok), 'number')
    refuses(t, () => loss.compute(ok, { data: data(256), shape: [8, 32] }), 'ERR_SHAPE_MISMATCH')
    refuses(t, () => loss.compute(ok, { data: data(255), shape: [32, 8] }), 'ERR_LENGTH_MISMATCH')
    refuses(t, () => loss.compute({ data: data(256), shape: [32, -8] }, ok), 'ERR_INVALID_SHAPE')
    refuses(t, () => loss.compute({ data: data(0), shape: [32, 8, 0] }, { data: data(0), shape: [32, 8, 0] }), 'ERR_INVALID_SHAPE')
    refuses(t, () => loss.compute({ data: data(1), shape: [] }, ok), 'ERR_RANK')
    refuses(t, () => loss.compute({ data: new Uint8ClampedArray(256), shape: [32, 8] }, ok), 'ERR_INVALID_TYPE')
    refuses(t, () => loss.compute({ data: data(256), shape: [32, 8], dtype: 'float16' }, ok), 'ERR_INVALID_DTYPE')
    const gone = data(256)
    structuredClone(gone.buffer, { transfer: [gone.buffer] })
    refuses(t, () => loss.compute({ data: gone, shape: [32, 8] }, ok), 'ERR_INVALID_TYPE')
    // The rank rule still applies: a trailing axis of 1 on one side only.
    const column = { data: data(32), shape: [32, 1] }
    t.is(loss.compute({ data: data(32), shape: [32] }, column), loss.compute(column, column))
    // A getter that detaches an earlier input is caught before the kernel reads it.
    const victim = data(256)
    const hostile = {
      data: data(256),
      get shape() {
        structuredClone(victim.buffer, { transfer: [victim.buffer] })
        return [32, 8]
      },
    }
    refuses(t, () => loss.compute({ data: victim, shape: [32, 8] }, hostile), 'ERR_INVALID_TYPE')
  })
}

const same32or64 = (dtype) => (dtype === 'float32' ? Float32Array : Float64Array)

/** A result's numbers: the value itself, or a tensor's data; NaNs compare alike. */
const numbers = (value) => (typeof value === 'number' ? [value] : Array.from(value.data))

for (const [name, api] of [
  ['js', js],
  ['default', entry],
]) {
  test(`typed arrays with shapes give the bits of the general path: compute, call and valueAndGrad [${name}]`, (t) => {
    const r = rng(20)
    for (let k = 0; k < 240; k++) {
      const loss = r.pick(['hinge', 'squared_hinge', 'categorical_hinge'])
      const dtype = r.pick(['float32', 'float64'])
      const reduction = r.pick(['sum_over_batch_size', 'sum', 'none', 'mean_with_sample_weight'])
      // Widths around the four-at-a-time step of the hinge loops; sizes on both sides of
      // the default entry's 4096-element switch to native.
      const cols = r.pick([1, 2, 3, 4, 5, 7, 8, 9, 12, 16])
      const rows = r.next() < 0.3 ? r.int(256, 600) : r.int(1, 40)
      const n = rows * cols
      const kind = loss === 'categorical_hinge' ? 'float' : r.pick(['pm1', '01', 'float'])
      const tv = labels(r, n, kind)
      if (kind === '01' && r.next() < 0.3) tv[r.int(0, n - 1)] = r.pick([-1, 0.5, NaN])
      // float32 values, so that either float type holds them exactly.
      const pv = scores(r, n, r.next() < 0.3).map(fround)
      const Type = same32or64(dtype)
      // The same values in the other float type: read through the block-converting pass.
      const Other = dtype === 'float32' ? Float64Array : Float32Array
      const shape = [rows, cols]
      const fast = [{ data: new Type(tv), shape }, { data: new Type(pv), shape }]
      const general = [{ data: new Other(tv), shape }, { data: new Other(pv), shape }]
      const l = new api[CLASS[loss]]({ dtype, reduction })
      const label = `case ${k}: ${loss} ${dtype} ${reduction} [${rows}, ${cols}] ${kind}`
      t.is(firstDifference(numbers(l.compute(...fast)), numbers(l.compute(...general))), -1, `${label}: compute`)
      t.is(firstDifference(numbers(l.call(...fast)), numbers(l.call(...general))), -1, `${label}: call`)
      const out = r.next() < 0.5 ? { out: new Type(n) } : undefined
      const a = l.valueAndGrad(...fast, undefined, out)
      const b = l.valueAndGrad(...general, undefined, out === undefined ? undefined : { out: new Type(n) })
      t.is(firstDifference(numbers(a.value), numbers(b.value)), -1, `${label}: valueAndGrad value`)
      t.is(firstDifference(Array.from(a.grad.data), Array.from(b.grad.data)), -1, `${label}: gradient`)
    }
  })

  test(`a tiny typed-array call refuses, with its code, what any call refuses [${name}]`, (t) => {
    const data = (n) => new Float32Array(n).fill(1)
    const ok = () => ({ data: data(256), shape: [32, 8] })
    const hinge = new api.Hinge()
    refuses(t, () => hinge.compute(ok(), ok(), { data: data(8), shape: [8] }), 'ERR_SHAPE_MISMATCH')
    refuses(t, () => hinge.compute(ok(), ok(), undefined, { mask: { data: Uint8Array.of(2), shape: [1] } }), 'ERR_INVALID_MASK')
    refuses(t, () => hinge.compute(ok(), ok(), undefined, { mask: new Uint8Array(31) }), 'ERR_SHAPE_MISMATCH')
    refuses(t, () => hinge.valueAndGrad(ok(), ok(), undefined, { out: new Float32Array(255) }), 'ERR_LENGTH_MISMATCH')
    refuses(t, () => hinge.valueAndGrad(ok(), ok(), undefined, { out: new Float64Array(256) }), 'ERR_INVALID_OPTION')
    refuses(t, () => hinge.valueAndGrad(ok(), ok(), undefined, { kink: 'steep' }), 'ERR_INVALID_OPTION')
    const shared = ok()
    refuses(t, () => hinge.valueAndGrad(ok(), shared, undefined, { out: shared.data }), 'ERR_INVALID_OPTION')
    const sparse = new api.SparseCategoricalHinge()
    refuses(t, () => sparse.compute({ data: Int32Array.of(0, 8), shape: [2] }, { data: data(16), shape: [2, 8] }), 'ERR_LABEL_RANGE')
    refuses(t, () => new api.Hinge({ reduction: 'average' }), 'ERR_INVALID_REDUCTION')
    // A shape's length is read once: a Proxy cannot pass the rank check with one answer and
    // be walked with another, nor answer with something no array has.
    let reads = 0
    const shifty = new Proxy([32, 8], { get: (target, key) => (key === 'length' ? (reads++ === 0 ? 2 : 65) : Reflect.get(target, key)) })
    t.is(hinge.compute({ data: data(256), shape: shifty }, ok()), hinge.compute(ok(), ok()))
    t.is(reads, 1)
    const deep = new Proxy([32, 8], { get: (target, key) => (key === 'length' ? 65 : Reflect.get(target, key)) })
    refuses(t, () => hinge.compute({ data: data(256), shape: deep }, ok()), 'ERR_INVALID_SHAPE')
    for (const length of [1.5, -1, '2', NaN]) {
      const odd = new Proxy([32, 8], { get: (target, key) => (key === 'length' ? length : Reflect.get(target, key)) })
      refuses(t, () => hinge.compute({ data: data(256), shape: odd }, ok()), 'ERR_INVALID_SHAPE')
    }
    // A later argument's getter that shrinks an earlier input's resizable buffer.
    const rab = new ArrayBuffer(1024, { maxByteLength: 1024 })
    const shrinking = { data: data(256), get shape() { rab.resize(512); return [32, 8] } }
    refuses(t, () => hinge.compute({ data: new Float32Array(rab, 0, 256), shape: [32, 8] }, shrinking), 'ERR_INVALID_TYPE')
    // A length-tracking view is read at the length it had when it was parsed.
    const grow = new ArrayBuffer(1024, { maxByteLength: 2048 })
    const tracking = new Float32Array(grow).fill(1)
    const growing = { data: data(256), get shape() { grow.resize(2048); return [32, 8] } }
    t.is(hinge.compute({ data: tracking, shape: [32, 8] }, growing), hinge.compute(ok(), ok()))
  })
}
