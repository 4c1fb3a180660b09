// Loads the entries with `require` and prints, as JSON, what each exports and computes.
const entries = { 'hinge-losses': require('hinge-losses'), 'hinge-losses/js': require('hinge-losses/js') }
const yTrue = [[0, 1], [0, 0]]
const yPred = [[0.6, 0.4], [0.4, 0.6]]
const report = Object.entries(entries).map(([name, api]) => ({
  name,
  backend: api.backend(),
  value: new api.Hinge().compute(yTrue, yPred),
  exports: Object.keys(api).sort(),
}))
const tfjs = require('hinge-losses/tfjs')
console.log(JSON.stringify({ report, tfjs: Object.keys(tfjs).sort() }))
