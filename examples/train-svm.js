// Trains a multiclass linear SVM (scores = x·W + b, W [64, 10], b [10]) on the UCI optical
// digits with Keras' categorical hinge, the Crammer-Singer loss, and prints its test accuracy
// next to scikit-learn's LinearSVC(multi_class='crammer_singer') on the same split.
// Run: node examples/train-svm.js   (fixtures: scripts/digits/export.py)
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { CategoricalHinge } = require('..')

const DATA = path.join(__dirname, 'fixtures', 'digits')
const FEATURES = 64
const CLASSES = 10
const EPOCHS = 80
const BATCH = 32
const LEARNING_RATE = 0.01
const MOMENTUM = 0.9

/**
 * The data of one .npy file as export.py writes them (format 1.0, C order, little-endian
 * float32 or int32), refusing anything else; `rowShape` is its shape after the first axis.
 */
function readNpy(name, rowShape) {
  const bytes = fs.readFileSync(path.join(DATA, `${name}.npy`))
  const headerLength = bytes.readUInt16LE(8)
  const header = bytes.toString('latin1', 10, 10 + headerLength)
  const descr = /'descr': '([^']+)'/.exec(header)?.[1]
  const Kind = { '<f4': Float32Array, '<i4': Int32Array }[descr]
  const valid = bytes.toString('latin1', 0, 8) === '\x93NUMPY\x01\x00' && Kind && header.includes("'fortran_order': False")
  // Typed arrays use the host's byte order, so a big-endian host would misread the data.
  if (!valid || os.endianness() !== 'LE') throw new Error(`${name}.npy: not a format 1.0, C-order <f4 or <i4 file on a little-endian host`)
  const shape = /'shape': \(([^)]*)\)/.exec(header)?.[1].split(',').filter((d) => d.trim()).map(Number)
  if (shape?.slice(1).join() !== rowShape.join()) throw new Error(`${name}.npy: rows of shape [${rowShape}] expected`)
  // A copy, so the typed array starts on a buffer of its own, aligned for its element size.
  return new Kind(bytes.buffer.slice(bytes.byteOffset + 10 + headerLength, bytes.byteOffset + bytes.length))
}

/** The same fixed-seed generator (mulberry32) as demo.js: every run shuffles alike. */
function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** scores[r, :] = x[rows[r], :]·W + b for the rows listed. */
function forward(x, rows, W, b, scores) {
  for (let r = 0; r < rows.length; r++) {
    const xi = rows[r] * FEATURES
    const s = r * CLASSES
    scores.set(b, s)
    for (let f = 0; f < FEATURES; f++) {
      const v = x[xi + f]
      if (v === 0) continue // about half the pixels of a digit are blank
      for (let c = 0; c < CLASSES; c++) scores[s + c] += v * W[f * CLASSES + c]
    }
  }
}

function accuracy(x, y, W, b) {
  const rows = Int32Array.from(y, (_, i) => i)
  const scores = new Float32Array(y.length * CLASSES)
  forward(x, rows, W, b, scores)
  let right = 0
  for (let i = 0; i < y.length; i++) {
    const row = scores.subarray(i * CLASSES, (i + 1) * CLASSES)
    right += Number(row.indexOf(Math.max(...row)) === y[i])
  }
  return right / y.length
}

const xTrain = readNpy('x_train', [FEATURES])
const yTrain = readNpy('y_train', [])
const xTest = readNpy('x_test', [FEATURES])
const yTest = readNpy('y_test', [])
const sklearn = JSON.parse(fs.readFileSync(path.join(DATA, 'sklearn.json'), 'utf8'))

// LinearSVC minimises ½‖W‖² + C·Σ loss_i; divided by C·N that is mean(loss) + (λ/2)‖W‖²
// with λ = 1/(C·N): the same C, as weight decay (sklearn also decays its intercept; b is not here).
const N = yTrain.length
const WEIGHT_DECAY = 1 / (sklearn.C * N)

// The parameters, their momenta and every batch buffer, allocated once: the loop allocates no arrays.
const W = new Float32Array(FEATURES * CLASSES)
const b = new Float32Array(CLASSES)
const vW = new Float32Array(W.length)
const vb = new Float32Array(b.length)
const order = Int32Array.from({ length: N }, (_, i) => i)
const rows = new Int32Array(BATCH)
const labels = new Float32Array(BATCH * CLASSES)
const scores = new Float32Array(BATCH * CLASSES)
const grad = new Float32Array(BATCH * CLASSES)
const dW = new Float32Array(W.length)
const db = new Float32Array(b.length)
const shape = [BATCH, CLASSES]
const yTrue = { data: labels, shape }
const yPred = { data: scores, shape }
const loss = new CategoricalHinge()
const next = random(2026)

/** SGD with momentum: v = μ·v + g; p -= lr·v. */
function step(params, velocity, gradient) {
  for (let i = 0; i < params.length; i++) {
    velocity[i] = MOMENTUM * velocity[i] + gradient[i]
    params[i] -= LEARNING_RATE * velocity[i]
  }
}

const start = process.hrtime.bigint()
let epochLoss = 0
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  for (let i = N - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    const swap = order[i]
    order[i] = order[j]
    order[j] = swap
  }
  epochLoss = 0
  // Whole batches only: the N mod BATCH rows left over are in other epochs' batches.
  const batches = Math.floor(N / BATCH)
  for (let k = 0; k < batches; k++) {
    labels.fill(0)
    for (let r = 0; r < BATCH; r++) {
      rows[r] = order[k * BATCH + r]
      labels[r * CLASSES + yTrain[rows[r]]] = 1 // one-hot rows, as categorical hinge takes them
    }
    forward(xTrain, rows, W, b, scores)
    // grad = d mean(loss) / d scores, [BATCH, CLASSES], written into `grad`.
    const { value } = loss.valueAndGrad(yTrue, yPred, undefined, { out: grad })
    epochLoss += value / batches
    // Back through scores = x·W + b: dW = xᵀ·grad + λ·W, db = the column sums of grad.
    for (let i = 0; i < dW.length; i++) dW[i] = WEIGHT_DECAY * W[i]
    db.fill(0)
    for (let r = 0; r < BATCH; r++) {
      const xi = rows[r] * FEATURES
      const g = r * CLASSES
      for (let c = 0; c < CLASSES; c++) db[c] += grad[g + c]
      for (let f = 0; f < FEATURES; f++) {
        const v = xTrain[xi + f]
        if (v === 0) continue
        for (let c = 0; c < CLASSES; c++) dW[f * CLASSES + c] += v * grad[g + c]
      }
    }
    step(W, vW, dW)
    step(b, vb, db)
  }
}
const msPerEpoch = Number(process.hrtime.bigint() - start) / 1e6 / EPOCHS

const percent = (fraction) => `${(100 * fraction).toFixed(2)} %`
console.log(`digits: ${N} train / ${yTest.length} test rows, ${FEATURES} features, ${CLASSES} classes`)
console.log(`${EPOCHS} epochs, batch ${BATCH}, SGD lr ${LEARNING_RATE} momentum ${MOMENTUM}, weight decay 1/(C·N), C = ${sklearn.C}`)
console.log(`last epoch's mean categorical hinge ${epochLoss.toFixed(4)}, train accuracy ${percent(accuracy(xTrain, yTrain, W, b))}`)
console.log(`test accuracy: ${percent(accuracy(xTest, yTest, W, b))}   (${msPerEpoch.toFixed(2)} ms per epoch)`)
console.log(`LinearSVC(multi_class='crammer_singer', C=${sklearn.C}), scikit-learn ${sklearn.sklearn_version}: ${percent(sklearn.accuracy)}`)
