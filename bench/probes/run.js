// Runs a probe script in a fresh Node process and returns the JSON it prints.
const { execFileSync } = require('node:child_process')
const path = require('node:path')

function probe(name) {
  const output = execFileSync(process.execPath, [path.join(__dirname, `${name}.js`)], { encoding: 'utf8' })
  return JSON.parse(output.trim().split('\n').pop())
}

module.exports = { probe }
