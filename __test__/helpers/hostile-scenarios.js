// The nastiest misuse, one scenario per process: `node --expose-gc hostile-scenarios.js NAME`.
// A scenario prints one JSON line of findings and exits 0; a crash shows as a signal or
// a non-zero exit status, which is what the tests look for.
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads')
const api = require('../../index.js')

api.setBackend(process.env.HINGE_SCENARIO_BACKEND ?? 'native')

/** A batch large enough that computeAsync is still running when the next line executes. */
function batch(rows, cols, seed = 1, buffer = ArrayBuffer) {
  const n = rows * cols
  const yt = new Float32Array(new buffer(n * 4))
  const yp = new Float32Array(new buffer(n * 4))
  for (let i = 0; i < n; i++) {
    yt[i] = (i * 7 + seed) % 3 === 0 ? 1 : 0
    yp[i] = ((i * 13 + seed) % 17) / 8 - 1
  }
  return [{ data: yt, shape: [rows, cols] }, { data: yp, shape: [rows, cols] }]
}

const LOSSES = () => [new api.Hinge(), new api.SquaredHinge({ reduction: 'sum' }), new api.CategoricalHinge({ dtype: 'float64' })]

/** Keeps the event loop turning `step` until `promise` settles. */
async function meanwhile(promise, step) {
  let done = false
  promise.then(
    () => (done = true),
    () => (done = true),
  )
  while (!done) {
    step()
    await new Promise((resolve) => setImmediate(resolve))
  }
  return promise
}

const scenarios = {
  /** Writing to the inputs while computeAsync reads them breaks the contract, but must not crash. */
  async 'writes during computeAsync'() {
    const pairs = Array.from({ length: 8 }, (_, k) => batch(1 << 17, 8, k))
    const pending = Promise.allSettled(pairs.flatMap((pair) => LOSSES().map((loss) => loss.computeAsync(...pair))))
    let writes = 0
    const results = await meanwhile(pending, () => {
      for (const [yt, yp] of pairs) {
        yp.data.fill(writes % 2 ? NaN : 1e30)
        yt.data.fill(writes % 3)
      }
      writes++
    })
    const settled = results.filter((r) => r.status === 'fulfilled').length
    return { settled, writes, stillRight: new api.Hinge().compute([[0, 1]], [[0.6, 0.4]]) === Math.fround(1.1) }
  },

  /** Inputs referenced only by pending calls survive any number of collections. */
  async 'garbage collection during computeAsync'() {
    const expected = Array.from({ length: 6 }, (_, k) => new api.Hinge().compute(...batch(1 << 16, 4, k)))
    const calls = Array.from({ length: 60 }, (_, i) => new api.Hinge().computeAsync(...batch(1 << 16, 4, i % 6)))
    const results = await meanwhile(Promise.all(calls), () => globalThis.gc())
    return { wrong: results.filter((v, i) => !Object.is(v, expected[i % 6])).length }
  },

  /** Aborts before, during and after the work; each call settles, none corrupts another. */
  async 'abort storm'() {
    const pair = batch(1 << 16, 8)
    const expected = new api.Hinge().compute(...pair)
    const calls = Array.from({ length: 400 }, (_, i) => {
      const controller = new AbortController()
      if (i % 3 === 0) controller.abort()
      const call = new api.Hinge().computeAsync(...pair, undefined, { signal: controller.signal })
      if (i % 3 === 1) setImmediate(() => controller.abort(new Error('late')))
      return call
    })
    const results = await Promise.allSettled(calls)
    const wrong = results.filter((r) => (r.status === 'fulfilled' ? !Object.is(r.value, expected) : !['AbortError', 'Error'].includes(r.reason.name)))
    return { aborted: results.filter((r) => r.status === 'rejected').length, wrong: wrong.length }
  },

  /** Several worker threads and the main thread at once, reading the same shared buffers. */
  async 'worker threads at once'() {
    const pair = batch(1 << 15, 8, 3, SharedArrayBuffer)
    const expected = LOSSES().map((loss) => loss.compute(...pair))
    const workers = Array.from({ length: 4 }, () => new Worker(__filename, { workerData: { pair, expected } }))
    const main = Array.from({ length: 200 }, (_, i) => LOSSES()[i % 3].computeAsync(...pair))
    const reports = await Promise.all(
      workers.map((w) => new Promise((resolve, reject) => w.once('message', resolve).once('error', reject))),
    )
    const mainWrong = (await Promise.all(main)).filter((v, i) => !Object.is(v, expected[i % 3])).length
    return { wrong: reports.reduce((a, r) => a + r.wrong, mainWrong), calls: reports.reduce((a, r) => a + r.calls, main.length) }
  },

  /** Arrays that claim billions of elements but hold none: refused, not allocated and filled. */
  async 'allocation bombs'() {
    const outcomes = []
    for (const value of [{ data: new Array(2 ** 32 - 1), shape: [2 ** 32 - 1] }, [new Array(2 ** 32 - 1)]]) {
      try {
        api.hinge(value, value)
        outcomes.push('computed')
      } catch (error) {
        outcomes.push(error instanceof api.LossInputError ? error.code : error.name)
      }
    }
    return { outcomes }
  },

  /** Transferring an input's buffer away while computeAsync reads it: a breach, not a crash. */
  async 'buffer detached during computeAsync'() {
    const pair = batch(1 << 22, 4)
    const expected = new api.Hinge().compute(...pair)
    const pending = new api.Hinge().computeAsync(...pair)
    for (const { data } of pair) structuredClone(data.buffer, { transfer: [data.buffer] })
    globalThis.gc()
    const [result] = await Promise.allSettled([pending])
    return { status: result.status, right: result.value === expected }
  },

  /** Shrinking a resizable input buffer while computeAsync reads it: a breach, not a crash. */
  async 'buffer shrunk during computeAsync'() {
    const n = 1 << 24
    const buffer = new ArrayBuffer(n * 4, { maxByteLength: n * 4 })
    const yp = new Float32Array(buffer).fill(0.5)
    const pending = new api.Hinge().computeAsync(new Uint8Array(n).fill(1), yp)
    buffer.resize(0)
    const [result] = await Promise.allSettled([pending])
    return { status: result.status, value: result.value }
  },

  /**
   * A subclass whose `buffer` getter reports a plain buffer over a resizable one that
   * shrinks in a microtask: the package reads the real buffer, so it computes where the
   * shrink cannot reach, and gets the value of the intact input.
   */
  async 'buffer getter hides a resizable buffer'() {
    const n = 1 << 24
    class Lying extends Float32Array {
      get buffer() {
        return new ArrayBuffer(8)
      }
    }
    const run = async (compute) => {
      const rab = new ArrayBuffer(n * 4, { maxByteLength: n * 4 })
      const yp = new Lying(rab).fill(0.5)
      const pending = compute(new Uint8Array(n).fill(1), yp)
      queueMicrotask(() => rab.resize(0))
      const [result] = await Promise.allSettled([pending])
      return result.status === 'fulfilled' ? result.value : `${result.reason.code}: ${result.reason.message}`
    }
    const loss = await run((yt, yp) => new api.Hinge().computeAsync(yt, yp))
    const metric = new api.metrics.Hinge()
    await run((yt, yp) => metric.updateStateAsync(yt, yp))
    return { loss, metric: metric.result() }
  },
}

async function worker({ pair, expected }) {
  let wrong = 0
  let calls = 0
  for (let i = 0; i < 100; i++) {
    const loss = LOSSES()[i % 3]
    if (!Object.is(loss.compute(...pair), expected[i % 3])) wrong++
    if (!Object.is(await loss.computeAsync(...pair), expected[i % 3])) wrong++
    calls += 2
  }
  parentPort.postMessage({ wrong, calls })
}

if (!isMainThread) {
  worker(workerData)
} else {
  const name = process.argv[2]
  const scenario = scenarios[name]
  if (scenario === undefined) throw new Error(`unknown scenario ${JSON.stringify(name)}; known: ${Object.keys(scenarios).join(', ')}`)
  scenario().then((findings) => console.log(JSON.stringify(findings)))
}

