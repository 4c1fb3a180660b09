// Loads the entries with `import` and prints, as JSON, what each exports and computes.
import * as main from 'hinge-losses'
import * as js from 'hinge-losses/js'
import * as tfjs from 'hinge-losses/tfjs'

const yTrue = [[0, 1], [0, 0]]
const yPred = [[0.6, 0.4], [0.4, 0.6]]
const report = Object.entries({ 'hinge-losses': main, 'hinge-losses/js': js }).map(([name, api]) => ({
  name,
  backend: api.backend(),
  value: new api.Hinge().compute(yTrue, yPred),
  exports: Object.keys(api).sort(),
}))
console.log(JSON.stringify({ report, tfjs: Object.keys(tfjs).sort() }))
