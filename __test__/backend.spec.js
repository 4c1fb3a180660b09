// Backend selection: backend(), setBackend(), HINGE_LOSSES_BACKEND, the fallback to pure TS,
// the js entry that never loads the binary, and worker_threads.
const test = require('ava')
const { execFileSync } = require('node:child_process')
const path = require('node:path')
const { Worker } = require('node:worker_threads')

const root = path.join(__dirname, '..')
const noBinary = path.join(__dirname, 'helpers', 'no-binary.js')

/** Runs `code` in a fresh Node with `env` added; returns stdout, or the error it exited with. */
function node(code, { env = {}, preload = [] } = {}) {
  const args = [...preload.flatMap((p) => ['-r', p]), '-e', code]
  try {
    return { out: execFileSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', stdio: 'pipe' }).trim() }
  } catch (error) {
    return { error: `${error.stdout}${error.stderr}` }
  }
}

const COMPUTE = "const h = require('.'); console.log(h.backend(), new h.Hinge().compute([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]))"

test('the default entry computes natively when the binary loads', (t) => {
  t.is(node(COMPUTE).out, `native ${Math.fround(1.3)}`)
  t.is(node(COMPUTE, { env: { HINGE_LOSSES_BACKEND: 'auto' } }).out, `native ${Math.fround(1.3)}`)
})

test('HINGE_LOSSES_BACKEND=js starts on the pure-TS backend', (t) => {
  t.is(node(COMPUTE, { env: { HINGE_LOSSES_BACKEND: 'js' } }).out, `js ${Math.fround(1.3)}`)
})

test('without a binary the default entry falls back to pure TS without throwing', (t) => {
  t.is(node(COMPUTE, { preload: [noBinary] }).out, `js ${Math.fround(1.3)}`)
  const setNative = node("const h = require('.'); try { h.setBackend('native') } catch (e) { console.log(e.code, h.backend()) }", { preload: [noBinary] })
  t.is(setNative.out, 'ERR_NATIVE_UNAVAILABLE js')
})

test('HINGE_LOSSES_BACKEND=native makes a missing binary an error at the first call', (t) => {
  const { out } = node(
    "const h = require('.'); console.log('loaded'); try { h.hinge([1], [1]) } catch (e) { console.log(e.code, /native backend is not available/.test(e.message)) }",
    { env: { HINGE_LOSSES_BACKEND: 'native' }, preload: [noBinary] },
  )
  t.is(out, 'loaded\nERR_NATIVE_UNAVAILABLE true')
})

test('an invalid HINGE_LOSSES_BACKEND is refused with a clear message', (t) => {
  const { out } = node("const h = require('.'); try { h.backend() } catch (e) { console.log(e.code, e.message) }", { env: { HINGE_LOSSES_BACKEND: 'gpu' } })
  t.is(out, `ERR_INVALID_BACKEND HINGE_LOSSES_BACKEND: expected 'native', 'js' or 'auto', received "gpu"`)
})

test('an invalid HINGE_LOSSES_NUM_THREADS is refused at the first call, whatever the size, with ERR_INVALID_BACKEND', (t) => {
  for (const value of ['0', 'two', '-1', 'abc', '2000', '1.5']) {
    for (const size of [4, 1 << 16]) {
      // Tiny inputs compute in TS and need no pool: they are refused all the same.
      const code = `const h = require('.'); const a = new Float32Array(${size}); (async () => { for (const call of [() => h.hinge(a, a), () => new h.Hinge().computeAsync(a, a)]) { try { await call(); console.log('computed') } catch (e) { console.log(e.code, e.message) } } })()`
      const { out, error } = node(code, { env: { HINGE_LOSSES_NUM_THREADS: value } })
      const lines = (out ?? error).split('\n')
      t.is(lines.length, 2, `${value} at ${size}: ${out ?? error}`)
      for (const line of lines) t.regex(line, new RegExp(`^ERR_INVALID_BACKEND HINGE_LOSSES_NUM_THREADS.*${value}`), `${value} at ${size}`)
    }
  }
  t.is(node("console.log(require('.').hinge([1], [0.5]).data[0])", { env: { HINGE_LOSSES_NUM_THREADS: '1' } }).out, '0.5')
  t.is(node("console.log(require('.').hinge([1], [0.5]).data[0])", { env: { HINGE_LOSSES_NUM_THREADS: ' 2 ' } }).out, '0.5')
})

test('setBackend switches and refuses unknown names', (t) => {
  const { out } = node(
    "const h = require('.'); h.setBackend('js'); const a = h.backend(); h.setBackend('auto'); const b = h.backend(); try { h.setBackend('gpu') } catch (e) { console.log(a, b, e.code, h.backend()) }",
  )
  t.is(out, 'js native ERR_INVALID_BACKEND native')
})

test('the js entry never loads the binary, even when asked to', (t) => {
  const { out } = node(
    "const h = require('./js'); const r = h.hinge([1], [0.5]).data[0]; let e; try { h.setBackend('native') } catch (err) { e = err.code } console.log(h.backend(), r, e, Object.keys(require.cache).some((f) => /binding|\\.node$/.test(f)))",
    { env: { HINGE_LOSSES_BACKEND: 'native' } },
  )
  t.is(out, 'js 0.5 ERR_NATIVE_UNAVAILABLE false')
})

test('both entries load and compute inside worker_threads', async (t) => {
  const code = `
    const { parentPort } = require('node:worker_threads')
    const native = require(${JSON.stringify(root)})
    const js = require(${JSON.stringify(path.join(root, 'js.js'))})
    const args = [[[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]]
    new native.Hinge().computeAsync(...args).then((a) => parentPort.postMessage([native.backend(), a, new js.Hinge().compute(...args)]))
  `
  const results = await Promise.all(
    [1, 2, 3].map(
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker(code, { eval: true })
          worker.once('message', resolve)
          worker.once('error', reject)
        }),
    ),
  )
  for (const r of results) t.deepEqual(r, ['native', Math.fround(1.3), Math.fround(1.3)])
})

test('the default entry computes tiny inputs in TS and the rest natively, sync and async alike', async (t) => {
  const { entry, js, native } = require('./helpers/backends')
  const { NATIVE_MIN_ELEMENTS } = require('../dist/native/route.js')
  const batch = (n) => {
    const shape = [n / 4, 4]
    const yt = Float32Array.from({ length: n }, (_, i) => ((i * 7) % 3 === 0 ? 1 : -1))
    const yp = Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i) * 1.7))
    return [{ data: yt, shape }, { data: yp, shape }]
  }
  for (const [n, twin] of [[NATIVE_MIN_ELEMENTS / 2, js], [NATIVE_MIN_ELEMENTS * 8, native]]) {
    const args = batch(n)
    for (const Loss of ['Hinge', 'SquaredHinge', 'CategoricalHinge']) {
      const loss = new entry[Loss]({ reduction: 'none' })
      const want = new twin[Loss]({ reduction: 'none' }).compute(...args).data
      t.deepEqual(loss.compute(...args).data, want, `${Loss} ${n}`)
      t.deepEqual((await loss.computeAsync(...args)).data, want, `${Loss} ${n} async`)
    }
  }
})
