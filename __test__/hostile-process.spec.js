// The nastiest misuse runs in a child process (helpers/hostile-scenarios.js); each test
// asserts that the child exits normally, then checks what it found.
const test = require('ava')
const { execFile } = require('node:child_process')
const path = require('node:path')

const SCRIPT = path.join(__dirname, 'helpers', 'hostile-scenarios.js')

function runScenario(name, backend) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--expose-gc', SCRIPT, name],
      { env: { ...process.env, HINGE_SCENARIO_BACKEND: backend }, timeout: 120_000, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, signal: error?.signal ?? null, stdout, stderr }),
    )
  })
}

/** [scenario, check of its findings, backends where a known defect makes it fail]. */
const SCENARIOS = [
  ['writes during computeAsync', (t, f) => (t.is(f.settled, 24), t.true(f.stillRight)), []],
  ['garbage collection during computeAsync', (t, f) => t.is(f.wrong, 0), []],
  ['abort storm', (t, f) => (t.is(f.wrong, 0), t.true(f.aborted >= 134)), []],
  ['worker threads at once', (t, f) => (t.is(f.wrong, 0), t.is(f.calls, 1000)), []],
  ['allocation bombs', (t, f) => t.deepEqual(f.outcomes, ['ERR_INVALID_TYPE', 'ERR_INVALID_TYPE']), []],
  // Today the native reader touches freed or decommitted memory: SIGSEGV.
  ['buffer detached during computeAsync', (t, f) => t.true(['fulfilled', 'rejected'].includes(f.status)), ['native']],
  ['buffer shrunk during computeAsync', (t, f) => t.true(['fulfilled', 'rejected'].includes(f.status)), []],
]

for (const [name, check, knownDefect] of SCENARIOS) {
  for (const backend of ['js', 'native']) {
    const declare = knownDefect.includes(backend) ? test.failing : test
    declare(`${name} [${backend}]: the process exits normally`, async (t) => {
      const { code, signal, stdout, stderr } = await runScenario(name, backend)
      t.is(signal, null, `killed by ${signal}`)
      t.is(code, 0, stderr)
      if (code === 0) check(t, JSON.parse(stdout.trim().split('\n').pop()))
    })
  }
}
