// TensorFlow.js computing Keras' formulas with plain ops, and its autodiff for W6.
// `tf.losses.hingeLoss` is not Keras' hinge (it maps every label set with 2y - 1, {-1, 1} labels included), and
// tfjs has no squared or categorical hinge loss, so all three are written as Keras
// writes them. Building the tensors from the typed arrays is part of each call, as it
// is for a user holding typed arrays.
const tf = require('@tensorflow/tfjs')
require('@tensorflow/tfjs-backend-wasm')
const api = require('../..')
const { tfjsLoss } = require('../../tfjs')

// Production mode, as a deployed model runs: no debug checks, no console banner.
tf.enableProdMode()
// One thread, as the row label says: the measurement is of tfjs' SIMD kernels, not of a
// worker pool that Node would have to be started with.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)

function keepLabelsOrConvert(yTrue) {
  const binary = tf.all(tf.logicalOr(tf.equal(yTrue, 0), tf.equal(yTrue, 1))).dataSync()[0]
  return binary ? tf.sub(tf.mul(yTrue, 2), 1) : yTrue
}

const margins = (yTrue, yPred) => tf.maximum(tf.sub(1, tf.mul(keepLabelsOrConvert(yTrue), yPred)), 0)

const PER_SAMPLE = {
  hinge: (yTrue, yPred) => tf.mean(margins(yTrue, yPred), -1),
  squared_hinge: (yTrue, yPred) => tf.mean(tf.square(margins(yTrue, yPred)), -1),
  categorical_hinge: (yTrue, yPred) => {
    const pos = tf.sum(tf.mul(yTrue, yPred), -1)
    const neg = tf.max(tf.mul(tf.sub(1, yTrue), yPred), -1)
    return tf.maximum(tf.add(tf.sub(neg, pos), 1), 0)
  },
}

/** The tensors of one call, built from the workload's typed arrays as a user would. */
function tensors(workload, { yTrue, yPred, mask, shape }) {
  const yp = tf.tensor(yPred, shape, 'float32')
  const yt = workload.labels === 'ids' ? tf.oneHot(tf.tensor1d(yTrue, 'int32'), shape[1]) : tf.tensor(yTrue, shape, 'float32')
  return { yt, yp, mask: mask === undefined ? undefined : tf.tensor1d(mask, 'float32') }
}

const LOSS = { ...PER_SAMPLE, sparse_categorical_hinge: PER_SAMPLE.categorical_hinge }

/**
 * 'sum_over_batch_size' of the per-sample losses; with a mask, Keras' total/valid
 * scaling, which makes it the mean over the rows kept.
 */
function reduced(workload, yt, yp, mask) {
  const perSample = LOSS[workload.loss](yt, yp)
  return mask === undefined ? tf.mean(perSample) : tf.div(tf.sum(tf.mul(perSample, mask)), tf.sum(mask))
}

/** The loss' value as a number; for a gradient workload `{ value, grad }` through `tf.valueAndGrad`. */
function lossValue(workload, data) {
  return tf.tidy(() => {
    const { yt, yp, mask } = tensors(workload, data)
    if (!workload.grad) return reduced(workload, yt, yp, mask).dataSync()[0]
    const labels = keepLabelsOrConvert(yt)
    const { value, grad } = tf.valueAndGrad((p) => tf.mean(tf.mean(tf.maximum(tf.sub(1, tf.mul(labels, p)), 0), -1)))(yp)
    return { value: value.dataSync()[0], grad: grad.dataSync() }
  })
}

const skip = (workload) => {
  if (workload.dtype === 'float64') return 'tfjs has no float64'
  if (workload.half) return 'tfjs has no float16'
  return undefined
}

function tfjsContender(backend, label, plan) {
  let features = ''
  return {
    id: `tfjs-${backend}`,
    label,
    description: () => `@tensorflow/tfjs ${tf.version.tfjs}, ${backend} backend${features}, plain ops (W6: \`tf.valueAndGrad\` of the formula; W8: \`tf.oneHot\` of the ids inside the call)`,
    plan,
    // tfjs' gradient of W6 takes tens of seconds a call on either backend.
    planFor: (workload) => (workload.grad ? 'slowest' : plan),
    skip,
    async prepare(workload, data) {
      await tf.setBackend(backend)
      if (backend === 'wasm') {
        // Read back from tfjs itself, so the report says what actually ran.
        const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
        const threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) ? 'threads' : '1 thread'
        features = ` (${simd ? 'SIMD' : 'no SIMD'}, ${threads})`
      }
      return () => lossValue(workload, data)
    },
  }
}

const tfjsCpu = tfjsContender('cpu', 'tfjs cpu', 'slowest')
const tfjsWasm = tfjsContender('wasm', 'tfjs wasm', 'slow')

/** W6 through `hinge-losses/tfjs`: the package's loss inside tfjs' autodiff, on the cpu backend. */
const tfjsLossCpu = {
  id: 'tfjs-loss',
  label: 'tfjsLoss cpu',
  description: () => `\`tfjsLoss(tf, new Hinge())\` of \`hinge-losses/tfjs\` under \`tf.valueAndGrad\`, tfjs cpu backend (W6 only): tensors built from the typed arrays inside each call, value and gradient from the default entry`,
  plan: 'slow',
  skip: (workload) => (workload.grad ? undefined : 'for W6 only'),
  async prepare(workload, data) {
    await tf.setBackend('cpu')
    const loss = tfjsLoss(tf, new api.Hinge({ dtype: 'float32' }))
    return () =>
      tf.tidy(() => {
        const { yt, yp } = tensors(workload, data)
        const { value, grad } = tf.valueAndGrad((p) => loss(yt, p))(yp)
        return { value: value.dataSync()[0], grad: grad.dataSync() }
      })
  },
}

module.exports = { tfjsCpu, tfjsWasm, tfjsLossCpu }
