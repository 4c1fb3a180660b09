// The two backends under one API: the pure-TS entry, and the Rust kernels. The default
// entry computes inputs under a few thousand elements in TS (a native call costs more),
// so the native side here is the default entry's API pinned to the raw native kernel:
// every parity test then exercises the Rust code whatever its input size.
const js = require('../../js.js')
const entry = require('../../index.js')
const { lossFunctions } = require('../../dist/functions.js')
const { CategoricalHingeLoss, HingeLoss, SquaredHingeLoss } = require('../../dist/loss-classes.js')
const { loadNativeKernel } = require('../../dist/native/backend.js')
const { registry } = require('../../dist/registry.js')
const { selector } = require('../../dist/select.js')

entry.setBackend('native')
const engine = selector(loadNativeKernel)
engine.setBackend('native')

class Hinge extends HingeLoss {
  engine() {
    return engine
  }
}
class SquaredHinge extends SquaredHingeLoss {
  engine() {
    return engine
  }
}
class CategoricalHinge extends CategoricalHingeLoss {
  engine() {
    return engine
  }
}
const functions = lossFunctions(engine)
const classes = { Hinge, SquaredHinge, CategoricalHinge }
const native = { ...entry, ...functions, ...classes, ...registry(functions, classes), backend: engine.backend }

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
