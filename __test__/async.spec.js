// computeAsync: the same result as compute, bit for bit, and AbortSignal handling.
const test = require('ava')
const { eachBackend } = require('./helpers/backends')

const yTrue = [[0, 1], [0, 0]]
const yPred = [[0.6, 0.4], [0.4, 0.6]]

function batch(rows, cols) {
  const yt = new Float32Array(rows * cols)
  const yp = new Float32Array(rows * cols)
  for (let i = 0; i < yt.length; i++) {
    yt[i] = (i * 2654435761) % 7 < 3 ? 1 : -1
    yp[i] = ((i * 40503) % 1000) / 250 - 2
  }
  return [{ data: yt, shape: [rows, cols] }, { data: yp, shape: [rows, cols] }]
}

eachBackend(test, 'computeAsync settles with exactly what compute returns', async (t, api) => {
  const [yt, yp] = batch(300_000, 8)
  const w = new Float32Array(300_000).map((_, i) => (i % 5) / 2)
  for (const Loss of [api.Hinge, api.SquaredHinge, api.CategoricalHinge]) {
    for (const reduction of ['sum', 'sum_over_batch_size', 'mean_with_sample_weight']) {
      for (const dtype of ['float32', 'float64']) {
        const loss = new Loss({ reduction, dtype })
        t.true(Object.is(await loss.computeAsync(yt, yp, w), loss.compute(yt, yp, w)), `${Loss.name} ${reduction} ${dtype}`)
      }
    }
    const none = new Loss({ reduction: 'none' })
    const [a, b] = [await none.computeAsync(yt, yp), none.compute(yt, yp)]
    t.deepEqual(Buffer.from(a.data.buffer), Buffer.from(b.data.buffer))
    t.deepEqual(a.shape, b.shape)
  }
})

eachBackend(test, 'many concurrent computeAsync calls all settle correctly', async (t, api) => {
  const loss = new api.Hinge()
  const results = await Promise.all(Array.from({ length: 200 }, () => loss.computeAsync(yTrue, yPred)))
  t.true(results.every((v) => v === Math.fround(1.3)))
})

eachBackend(test, 'a signal already aborted rejects at once with AbortError', async (t, api) => {
  const controller = new AbortController()
  controller.abort()
  const error = await t.throwsAsync(new api.Hinge().computeAsync(yTrue, yPred, undefined, { signal: controller.signal }))
  t.is(error.name, 'AbortError')
  t.is(error.code, 'ABORT_ERR')
  t.true(error instanceof Error)
})

eachBackend(test, "an abort during the work rejects when it ends, with the signal's Error reason", async (t, api) => {
  const [yt, yp] = batch(200_000, 8)
  const controller = new AbortController()
  const reason = new Error('stop')
  const pending = new api.Hinge().computeAsync(yt, yp, undefined, { signal: controller.signal })
  controller.abort(reason)
  t.is(await t.throwsAsync(pending), reason)
  // A reason that is not an Error gives Node's AbortError.
  const second = new AbortController()
  const again = new api.SquaredHinge().computeAsync(yt, yp, undefined, { signal: second.signal })
  second.abort('just because')
  const error = await t.throwsAsync(again)
  t.is(error.code, 'ABORT_ERR')
  t.is(error.cause, 'just because')
})

eachBackend(test, 'an unaborted signal changes nothing', async (t, api) => {
  const { signal } = new AbortController()
  const loss = new api.CategoricalHinge()
  t.is(await loss.computeAsync(yTrue, yPred, undefined, { signal }), loss.compute(yTrue, yPred))
})

eachBackend(test, 'weights that broadcast the losses larger are applied in slices: the event loop turns during computeAsync', async (t, api) => {
  // One sample of 4 scores weighted by 2^23 weights: 2^23 weighted losses, made after the kernel.
  const weights = new Float32Array(1 << 23).fill(0.5)
  const yTrue = Float32Array.of(1, -1, 1, -1)
  const yPred = Float32Array.of(0.5, 0.5, 0.5, 0.5)
  for (const reduction of ['sum', 'none']) {
    const loss = new api.Hinge({ reduction })
    let turns = 0
    let done = false
    const pending = loss.computeAsync(yTrue, yPred, weights).finally(() => (done = true))
    const spin = () => {
      if (done) return
      turns++
      setImmediate(spin)
    }
    setImmediate(spin)
    const value = await pending
    // 2^23 values in slices of 2^20: seven yields at least, where one pass would allow none.
    t.true(turns >= 4, `${reduction}: ${turns} turns`)
    t.deepEqual(value, loss.compute(yTrue, yPred, weights))
  }
})
