// The two backends under one API: the pure-TS entry, and the Rust kernels. The default
// entry computes inputs under 4096 elements in TS (a native call costs more), so the
// native side here is the entry factory's API over the raw native kernel: every parity
// test then exercises the Rust code whatever its input size.
const js = require('../../js.js')
const entry = require('../../index.js')
const { entryApi } = require('../../dist/entry.js')
const { loadNativeKernel } = require('../../dist/native/backend.js')
const { selector } = require('../../dist/select.js')

entry.setBackend('native')
const engine = selector(loadNativeKernel)
engine.setBackend('native')
const native = { ...entry, ...entryApi(engine, require.resolve('../../index.js')) }

/** [name, api] pairs; every behaviour test runs on each. */
const backends = [
  ['js', js],
  ['native', native],
]

/** Registers one ava test per backend. */
function eachBackend(test, title, fn) {
  for (const [name, api] of backends) test(`${title} [${name}]`, (t) => fn(t, api, name))
}

module.exports = { backends, eachBackend, js, native, entry }
