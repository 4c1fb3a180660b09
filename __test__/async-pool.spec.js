// The asynchronous pool's policy (crates/hinge-node/src/pool.rs), seen from /proc on Linux:
// as many threads as the synchronous pool, all at the ordinary priority, and computeAsync
// still equal to compute bit for bit. Each pool size runs in a child process,
// since the pools are built once per process.
const test = require('ava')
const { execFile } = require('node:child_process')
const path = require('node:path')

const ROOT = path.join(__dirname, '..')
const SCHED_OTHER = 0

// Prints the scheduling policy of every asynchronous pool thread once the last one has
// started, and whether computeAsync matched compute on a batch large enough for the pool.
const CHILD = `
const fs = require('node:fs')
const api = require(${JSON.stringify(ROOT)})
const rows = 300000
const yTrue = new Float32Array(rows * 8).map((_, i) => ((i * 7919) % 3 ? 1 : -1))
const yPred = new Float32Array(rows * 8).map((_, i) => ((i * 104729) % 4001) / 1000 - 2)
const labels = { data: yTrue, shape: [rows, 8] }
const predictions = { data: yPred, shape: [rows, 8] }
function asyncPolicies() {
  const policies = []
  for (const tid of fs.readdirSync('/proc/self/task')) {
    let stat
    try { stat = fs.readFileSync('/proc/self/task/' + tid + '/stat', 'utf8') } catch { continue }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    // Field 41, policy; the fields after the name start at field 3.
    if (comm.startsWith('hinge-losses-as')) policies.push(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]))
  }
  return policies.sort()
}
async function main() {
  const loss = new api.Hinge()
  const equal = Object.is(await loss.computeAsync(labels, predictions), loss.compute(labels, predictions))
  const expected = Number(process.env.EXPECTED_THREADS)
  let policies = asyncPolicies()
  for (const end = Date.now() + 5000; Date.now() < end && policies.length < expected; ) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    policies = asyncPolicies()
  }
  console.log(JSON.stringify({ backend: api.backend(), equal, policies }))
}
main()
`

function child(threads, expected) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', CHILD],
      {
        env: { ...process.env, HINGE_LOSSES_NUM_THREADS: String(threads), EXPECTED_THREADS: String(expected) },
        timeout: 120_000,
      },
      (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(JSON.parse(stdout.trim().split('\n').pop()))),
    )
  })
}

const linux = process.platform === 'linux' ? test : test.skip

for (const threads of [1, 2, 3]) {
  linux(`${threads} threads: the async pool has ${threads} at the ordinary priority, and equals compute`, async (t) => {
    const { backend, equal, policies } = await child(threads, threads)
    t.is(backend, 'native')
    t.true(equal)
    t.deepEqual(policies, Array(threads).fill(SCHED_OTHER))
  })
}
