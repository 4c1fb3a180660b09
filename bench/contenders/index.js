// The contenders, in the order of the report's rows and ratio columns.
const { defaultEntry, defaultAsync } = require('./default-entry')
const pureTs = require('./pure-ts')
const naive = require('./naive')
const { tfjsCpu, tfjsWasm } = require('./tfjs')

module.exports = [defaultEntry, defaultAsync, pureTs, naive, tfjsCpu, tfjsWasm]
