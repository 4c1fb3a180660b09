// The package's own API as a contender: one loss object per workload, inputs passed as
// {data, shape} tensor-likes over the workload's typed arrays (read in place), the mask
// as options.mask, and gradients written to the workload's `out` buffer.
const CLASSES = {
  hinge: 'Hinge',
  squared_hinge: 'SquaredHinge',
  categorical_hinge: 'CategoricalHinge',
  sparse_categorical_hinge: 'SparseCategoricalHinge',
}

/**
 * `compute` and `computeAsync` of `api` (an entry point's exports) on one workload: for a
 * gradient workload, `valueAndGrad` and `valueAndGradAsync`, returning `{ value, grad }`.
 */
function facadeCalls(api, workload, { labels, predictions, options, out }) {
  const loss = new api[CLASSES[workload.loss]]({ dtype: workload.dtype })
  if (workload.grad) {
    const gradOptions = { ...options, out }
    const unpack = ({ value, grad }) => ({ value, grad: grad.data })
    return {
      compute: () => unpack(loss.valueAndGrad(labels, predictions, undefined, gradOptions)),
      computeAsync: () => loss.valueAndGradAsync(labels, predictions, undefined, gradOptions).then(unpack),
    }
  }
  const callOptions = options.mask === undefined ? undefined : options
  return {
    compute: () => loss.compute(labels, predictions, undefined, callOptions),
    computeAsync: () => loss.computeAsync(labels, predictions, undefined, callOptions),
  }
}

module.exports = { facadeCalls }
