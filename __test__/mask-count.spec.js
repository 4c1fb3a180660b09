// A byte mask is counted by the native binding once it has loaded, in place of the
// TypeScript count: both must give the same count and name the same first bad byte,
// whatever the length, the offset into the buffer and the count asked for.
const test = require('ava')

const { requireBinding } = require('../dist/native/load-binding.js')
const { countByteOnes } = require('../dist/mask.js')
const { rng } = require('./helpers/random.js')
const { backends } = require('./helpers/backends.js')

const binding = requireBinding()

/** Masks of every short length and a long one, at every offset of a word, with and without bad bytes. */
function* masks() {
  const r = rng(0x3a5c)
  for (const length of [...Array(70).keys(), 4093, 1 << 20]) {
    for (const offset of [0, 1, 2, 3]) {
      const bytes = new Uint8Array(new ArrayBuffer(length + offset), offset, length)
      for (let i = 0; i < length; i++) bytes[i] = r.next() < 0.7 ? 1 : 0
      yield { bytes, n: length }
      if (length > 2) yield { bytes, n: length - 2 }
      for (const at of [0, length >> 1, length - 1]) {
        if (at < 0 || at >= length) continue
        for (const bad of [2, 255]) {
          const copy = bytes.slice()
          copy[at] = bad
          yield { bytes: copy, n: length }
        }
      }
    }
  }
}

test('the native count of a byte mask is the TypeScript count, bad bytes included', (t) => {
  let cases = 0
  for (const { bytes, n } of masks()) {
    const want = countByteOnes(bytes, n)
    if (binding.countMask(bytes, n) !== want) t.fail(`length ${bytes.length} at offset ${bytes.byteOffset}, n ${n}`)
    cases++
  }
  t.true(cases > 1000)
})

test('the native count refuses what is not a Uint8Array, and a count past its end', (t) => {
  t.throws(() => binding.countMask(new Int8Array(4), 4), { message: /Uint8Array/ })
  t.throws(() => binding.countMask(new Uint8Array(4), 5), { message: /from 0 to the mask's length, 4/ })
  t.throws(() => binding.countMask(new Uint8Array(4), 1.5), { message: /integer/ })
  t.is(binding.countMask(new Uint8Array(0), 0), 0)
})

test('a masked loss names the same bad byte on both backends', (t) => {
  const rows = 4096
  const yTrue = { data: new Float32Array(rows).fill(1), shape: [rows, 1] }
  const yPred = { data: new Float32Array(rows).fill(0.25), shape: [rows, 1] }
  const data = new Uint8Array(rows).fill(1)
  data[3000] = 7
  for (const [name, api] of backends) {
    const loss = new api.Hinge()
    const error = t.throws(() => loss.compute(yTrue, yPred, undefined, { mask: { data, shape: [rows] } }))
    t.is(error.code, 'ERR_INVALID_MASK', name)
    t.regex(error.message, /received 7 at index 3000/, name)
  }
})
