// The machine a run measured: figures move with CPU, ISA, memory, load and runtime versions.
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
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

/** The vector extensions that matter to the kernels, from /proc/cpuinfo where there is one. */
function isa() {
  const FLAGS = ['sse2', 'avx2', 'f16c', 'fma', 'avx512f', 'avx512bw', 'avx512_fp16']
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => /^(flags|Features)\s*:/.test(l))
    const have = new Set(line.split(':')[1].trim().split(/\s+/))
    if (os.arch() !== 'x64') return `${os.arch()}: ${[...have].filter((f) => /asimd|fphp|sve/.test(f)).join(', ') || 'no SIMD flags listed'}`
    const missing = FLAGS.filter((f) => !have.has(f))
    return `${os.arch()}: ${FLAGS.filter((f) => have.has(f)).join(', ')}${missing.length > 0 ? `; no ${missing.join(', ')}` : ''}`
  } catch {
    return os.arch()
  }
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(', ')

function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    isa: isa(),
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    rustc: rustc(),
    backend: backend(),
    nativeThreads: binding.threadCount(),
    instructionSet: binding.instructionSet(),
    loadBefore: load(),
  }
}

module.exports = { machine, load }
