#!/usr/bin/env node
// The size of the native binary, the figure the README quotes:
//
//   node scripts/binary-size.js [file.node]
//
// Without an argument it measures this platform's `hinge-losses.<platform>.node` at the
// repository root, where `npm run build:native` writes it (a release build: LTO, one
// codegen unit, stripped symbols). Needs dist/ for the platform name (`npx tsc`).
const fs = require('node:fs')
const path = require('node:path')
const { familySync } = require('detect-libc')
const { platformName } = require('../dist/native/load-binding.js')

const file =
  process.argv[2] ?? path.join(__dirname, '..', `hinge-losses.${platformName(process.platform, process.arch, familySync())}.node`)
if (!fs.existsSync(file)) {
  console.error(`${file} does not exist: run npm run build:native first`)
  process.exit(1)
}
const bytes = fs.statSync(file).size
console.log(`${path.basename(file)}: ${Math.round(bytes / 1024)} KiB (${bytes} bytes)`)
