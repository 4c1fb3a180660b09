// An abort stops native work itself at its next block of rows: the promise rejects within
// a fraction of the pass, and the pool is free for the next call. Timed in a child process
// on a one-thread pool (helpers/abort-timing.js), so other tests cannot share its cores.
const test = require('ava')
const { execFile } = require('node:child_process')
const path = require('node:path')

const SCRIPT = path.join(__dirname, 'helpers', 'abort-timing.js')

function findings() {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [SCRIPT],
      { env: { ...process.env, HINGE_LOSSES_NUM_THREADS: '1' }, timeout: 120_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))),
    )
  })
}

test('a native computeAsync aborted 2 ms in rejects within a quarter of its pass; the pool is free after', async (t) => {
  const { whole, aborted, next, finished, afterAbort } = await findings()
  t.log(`uncancelled ${whole.ms.toFixed(1)} ms, aborted after ${aborted.ms.toFixed(1)} ms`)
  t.true(whole.ms >= 50, `the uncancelled pass must take at least 50 ms, took ${whole.ms} ms`)
  t.deepEqual(aborted.error, { name: 'AbortError', code: 'ABORT_ERR' })
  t.true(aborted.ms < whole.ms / 4, `rejected after ${aborted.ms} ms; the whole pass takes ${whole.ms} ms`)
  // The next call on the same pool computes the same value.
  t.true(Object.is(next.value, whole.value))
  // An abort after the work finished changes nothing: the value stands, later calls agree.
  t.true(Object.is(finished.value, whole.value))
  t.true(Object.is(afterAbort.value, whole.value))
})
