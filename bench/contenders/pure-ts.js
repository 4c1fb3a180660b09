// The pure-TypeScript backend, `require('hinge-losses/js')`: the fallback is a product too.
const api = require('../../js')
const { facadeCalls } = require('./facade')

module.exports = {
  id: 'ts',
  label: 'pure TS',
  description: () => "the pure-TypeScript backend (`require('hinge-losses/js')`), `compute` (W6: `valueAndGrad` with `out`)",
  plan: 'fast',
  prepare: (workload, data) => facadeCalls(api, workload, data).compute,
}
