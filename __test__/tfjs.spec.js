// hinge-losses/tfjs with the real TensorFlow.js (CPU backend): tf.grad through the adapter
// is valueAndGrad's gradient, SGD steps match tfjs' own autodiff of the Keras formula, and
// model.fit lowers the loss.
const test = require('ava')
const tf = require('@tensorflow/tfjs')
const { tfjsLoss } = require('../tfjs.js')
const hl = require('..')
const { rng } = require('./helpers/random')

test.before(async () => {
  await tf.setBackend('cpu')
})

function data(seed, rows, cols, categorical) {
  const r = rng(seed)
  const yTrue = new Float32Array(rows * cols)
  for (let i = 0; i < rows; i++) {
    if (categorical) yTrue[i * cols + r.int(0, cols - 1)] = 1
    else for (let j = 0; j < cols; j++) yTrue[i * cols + j] = r.next() < 0.5 ? -1 : 1
  }
  const yPred = new Float32Array(rows * cols).map(() => r.next() * 4 - 2)
  return { yTrue, yPred }
}

/** Keras' formulas written with tfjs ops, differentiated by tfjs itself. */
const KERAS = {
  Hinge: (t, p) => tf.mean(tf.mean(tf.relu(tf.sub(1, tf.mul(t, p))), -1)),
  SquaredHinge: (t, p) => tf.mean(tf.mean(tf.square(tf.relu(tf.sub(1, tf.mul(t, p)))), -1)),
  CategoricalHinge: (t, p) => {
    const pos = tf.sum(tf.mul(t, p), -1)
    const neg = tf.max(tf.mul(tf.sub(1, t), p), -1)
    return tf.mean(tf.relu(tf.add(tf.sub(neg, pos), 1)))
  },
}

for (const name of Object.keys(KERAS)) {
  test(`${name}: tf.grad through tfjsLoss equals valueAndGrad, and the value is compute`, (t) => {
    const { yTrue, yPred } = data(1, 16, 5, name === 'CategoricalHinge')
    const loss = new hl[name]()
    const fn = tfjsLoss(tf, loss)
    const yt = tf.tensor(yTrue, [16, 5])
    const yp = tf.tensor(yPred, [16, 5])
    const expected = loss.valueAndGrad({ data: yTrue, shape: [16, 5] }, { data: yPred, shape: [16, 5] })
    t.is(fn(yt, yp).dataSync()[0], expected.value)
    t.deepEqual(tf.grad((p) => fn(yt, p))(yp).dataSync(), expected.grad.data)
    const [, dTrue] = [0, tf.grads((a, b) => fn(a, b))([yt, yp])[0]]
    t.true(dTrue.dataSync().every((v) => v === 0), 'no gradient flows to yTrue')
  })

  test(`${name}: 30 SGD steps of a dense model match tfjs' own autodiff of the Keras formula within 1e-4`, (t) => {
    const rows = 32
    const features = 6
    const classes = 4
    const r = rng(9)
    const x = tf.tensor(Float32Array.from({ length: rows * features }, () => r.next() * 2 - 1), [rows, features])
    const { yTrue } = data(3, rows, classes, name === 'CategoricalHinge')
    const yt = tf.tensor(yTrue, [rows, classes])
    const w0 = Float32Array.from({ length: features * classes }, () => r.next() - 0.5)
    const train = (lossFn) => {
      const w = tf.variable(tf.tensor(w0, [features, classes]))
      const optimizer = tf.train.sgd(0.1)
      for (let step = 0; step < 30; step++) optimizer.minimize(() => lossFn(yt, tf.matMul(x, w)))
      return w.dataSync()
    }
    const ours = train(tfjsLoss(tf, new hl[name]()))
    const theirs = train(KERAS[name])
    const worst = Math.max(...ours.map((v, i) => Math.abs(v - theirs[i])))
    t.true(worst < 1e-4, `largest difference ${worst}`)
  })
}

test('model.fit with compile({ loss: tfjsLoss(...) }) lowers the loss', async (t) => {
  const r = rng(4)
  const rows = 64
  const x = tf.tensor(Float32Array.from({ length: rows * 4 }, () => r.next() * 2 - 1), [rows, 4])
  const xs = x.arraySync()
  const labels = xs.map((row) => (row[0] + row[1] > 0 ? [0, 1] : [1, 0]))
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] })] })
  model.compile({ optimizer: tf.train.sgd(0.2), loss: tfjsLoss(tf, new hl.CategoricalHinge(), { kink: 'half' }) })
  const history = await model.fit(x, tf.tensor(labels), { epochs: 20, batchSize: 16, verbose: 0 })
  const losses = history.history.loss
  t.true(losses[losses.length - 1] < losses[0] * 0.7, `loss ${losses[0]} -> ${losses[losses.length - 1]}`)
})

test("reduction 'none' gives the per-sample tensor, and its gradient takes the upstream", (t) => {
  const { yTrue, yPred } = data(6, 8, 3, false)
  const loss = new hl.Hinge({ reduction: 'none' })
  const fn = tfjsLoss(tf, loss)
  const yt = tf.tensor(yTrue, [8, 3])
  const yp = tf.tensor(yPred, [8, 3])
  const value = fn(yt, yp)
  t.deepEqual(value.shape, [8])
  const weights = Float32Array.from({ length: 8 }, (_, i) => i - 3)
  const g = tf.grad((p) => tf.sum(tf.mul(fn(yt, p), tf.tensor(weights))))(yp).dataSync()
  const expected = loss.valueAndGrad({ data: yTrue, shape: [8, 3] }, { data: yPred, shape: [8, 3] }, undefined, { upstream: weights }).grad.data
  t.deepEqual(g, expected)
})

test('an invalid kink is refused when the loss is made', (t) => {
  t.is(t.throws(() => tfjsLoss(tf, new hl.Hinge(), { kink: 'sideways' }))?.code, 'ERR_INVALID_OPTION')
})
