// TensorFlow.js computing Keras' formulas with plain ops. `tf.losses.hingeLoss` is not
// Keras' hinge (it maps every label set with 2y - 1, {-1, 1} labels included), and
// tfjs has no squared or categorical hinge loss, so all three are written as Keras
// writes them. Building the tensors from the typed arrays is part of each call, as it
// is for a user holding typed arrays.
const tf = require('@tensorflow/tfjs')
require('@tensorflow/tfjs-backend-wasm')

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

/** 'sum_over_batch_size' of the per-sample losses: the loss' value as a number. */
function lossValue(workload, { yTrue, yPred, shape }) {
  return tf.tidy(() => {
    const perSample = PER_SAMPLE[workload.loss](tf.tensor(yTrue, shape, 'float32'), tf.tensor(yPred, shape, 'float32'))
    return tf.mean(perSample).dataSync()[0]
  })
}

function tfjsContender(backend, label, plan) {
  let features = ''
  return {
    id: `tfjs-${backend}`,
    label,
    description: () => `@tensorflow/tfjs ${tf.version.tfjs}, ${backend} backend${features}, plain ops`,
    plan,
    skip: (workload) => (workload.dtype === 'float64' ? 'tfjs has no float64' : undefined),
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

module.exports = { tfjsCpu, tfjsWasm }
