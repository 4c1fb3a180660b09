// The contenders, in the order of the report's rows and ratio columns. The default entry
// comes first: the others' values and gradients are checked against it.
const { defaultEntry, defaultAsync } = require('./default-entry')
const pureTs = require('./pure-ts')
const tuned = require('./tuned')
const naive = require('./naive')
const { tfjsCpu, tfjsWasm, tfjsLossCpu } = require('./tfjs')

module.exports = [defaultEntry, defaultAsync, pureTs, tuned, naive, tfjsCpu, tfjsWasm, tfjsLossCpu]
