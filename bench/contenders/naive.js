// A literal JavaScript translation of Keras' formulas, as a first port would read: the
// {0,1} check and label conversion as whole-array steps, per-row max and mean, then the
// batch mean. No tricks: this is the baseline a native backend has to be worth against.

const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length

function convertLabels(yTrue) {
  const binary = yTrue.every((v) => v === 0 || v === 1)
  return binary ? yTrue.map((v) => 2 * v - 1) : yTrue
}

function hinge(yTrue, yPred, rows, cols) {
  const labels = convertLabels(yTrue)
  const losses = new yPred.constructor(rows)
  for (let r = 0; r < rows; r++) {
    let sum = 0
    for (let c = 0; c < cols; c++) sum += Math.max(1 - labels[r * cols + c] * yPred[r * cols + c], 0)
    losses[r] = sum / cols
  }
  return mean(losses)
}

function squaredHinge(yTrue, yPred, rows, cols) {
  const labels = convertLabels(yTrue)
  const losses = new yPred.constructor(rows)
  for (let r = 0; r < rows; r++) {
    let sum = 0
    for (let c = 0; c < cols; c++) sum += Math.max(1 - labels[r * cols + c] * yPred[r * cols + c], 0) ** 2
    losses[r] = sum / cols
  }
  return mean(losses)
}

function categoricalHinge(yTrue, yPred, rows, cols) {
  const losses = new yPred.constructor(rows)
  for (let r = 0; r < rows; r++) {
    let pos = 0
    let neg = -Infinity
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c
      pos += yTrue[i] * yPred[i]
      neg = Math.max(neg, (1 - yTrue[i]) * yPred[i])
    }
    losses[r] = Math.max(neg - pos + 1, 0)
  }
  return mean(losses)
}

const LOSSES = { hinge, squared_hinge: squaredHinge, categorical_hinge: categoricalHinge }

module.exports = {
  id: 'naive',
  label: 'naive JS',
  description: () => 'a literal JavaScript translation of Keras\' formulas (label conversion as a whole-array step, then per-row max and mean)',
  plan: 'slow',
  skip: (workload) => (LOSSES[workload.loss] === undefined || workload.grad || workload.half || workload.mask !== undefined || workload.labelArray ? 'written for W1–W5 only' : undefined),
  prepare: (workload, { yTrue, yPred, shape: [rows, cols] }) => () => LOSSES[workload.loss](yTrue, yPred, rows, cols),
}
