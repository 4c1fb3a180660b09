// The machine a run measured: figures move with CPU, memory and runtime versions.
const { execFileSync } = require('node:child_process')
const os = require('node:os')
// The raw addon, through the package's own loader.
const binding = require('../dist/native/load-binding.js').requireBinding()
const { backend } = require('./contenders/default-entry')

function rustc() {
  try {
    return execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim()
  } catch {
    return 'not found'
  }
}

function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    rustc: rustc(),
    backend: backend(),
    nativeThreads: binding.threadCount(),
    instructionSet: binding.instructionSet(),
  }
}

module.exports = { machine }
