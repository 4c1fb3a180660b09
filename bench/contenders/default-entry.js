// The default entry, `require('hinge-losses')`: native when the binary loads.
const api = require('../..')
const { facadeCalls } = require('./facade')

const defaultEntry = {
  id: 'default',
  label: 'default',
  description: () => `the default entry (\`require('hinge-losses')\`, backend \`${api.backend()}\`), \`compute\` (W6: \`valueAndGrad\` with \`out\`)`,
  plan: 'fast',
  prepare: (workload, data) => facadeCalls(api, workload, data).compute,
}

const defaultAsync = {
  id: 'async',
  label: 'default async',
  description: () => "the default entry's `computeAsync` (W6: `valueAndGradAsync`), awaited before the next call",
  plan: 'fast',
  async: true,
  prepare: (workload, data) => facadeCalls(api, workload, data).computeAsync,
}

module.exports = { defaultEntry, defaultAsync, backend: api.backend }
