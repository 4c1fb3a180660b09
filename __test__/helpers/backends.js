// The two backends under one API: the pure-TS entry and the default entry pinned to native.
const js = require('../../js.js')
const native = require('../../index.js')

native.setBackend('native')

/** [name, api] pairs; every behaviour test runs on each. */
const backends = [
  ['js', js],
  ['native', native],
]

/** Registers one ava test per backend. */
function eachBackend(test, title, fn) {
  for (const [name, api] of backends) test(`${title} [${name}]`, (t) => fn(t, api, name))
}

module.exports = { backends, eachBackend, js, native }
