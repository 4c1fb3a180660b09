// The package's own API as a contender: one loss object per workload, inputs passed as
// {data, shape} tensor-likes over the workload's typed arrays (read in place).
const CLASSES = { hinge: 'Hinge', squared_hinge: 'SquaredHinge', categorical_hinge: 'CategoricalHinge' }

/** `compute` and `computeAsync` of `api` (an entry point's exports) on one workload. */
function facadeCalls(api, workload, { yTrue, yPred, shape }) {
  const loss = new api[CLASSES[workload.loss]]({ dtype: workload.dtype })
  const labels = { data: yTrue, shape }
  const predictions = { data: yPred, shape }
  return {
    compute: () => loss.compute(labels, predictions),
    computeAsync: () => loss.computeAsync(labels, predictions),
  }
}

module.exports = { facadeCalls }
