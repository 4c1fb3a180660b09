#!/usr/bin/env node
// The `hinge-losses` command: runs the compiled CLI (dist/cli/main.js, built by `npm run build:ts`).
const { main } = require('../dist/cli/main.js')
const { version } = require('../package.json')

main(process.argv, process, version).then((code) => {
  process.exitCode = code
})
