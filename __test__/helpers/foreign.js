// Checks that tensors of another library give, through every entry point, exactly the
// results of the equivalent { data, shape }.

/** Numbers of a result, -0 kept: ava's deepEqual on the arrays compares them bit for bit. */
const values = (result) => (typeof result === 'number' ? [result] : Array.from(result.data))

/**
 * `inputs` and `plain` each hold { yTrue, yPred, sampleWeight, mask } (sampleWeight and
 * mask optional); every loss, reduction and dtype, values, gradients and metrics, gives
 * the same numbers for both.
 */
async function sameResults(t, api, inputs, plain, { classes = ['Hinge', 'SquaredHinge', 'CategoricalHinge'], label = '' } = {}) {
  const args = (x) => [x.yTrue, x.yPred, x.sampleWeight, x.mask === undefined ? undefined : { mask: x.mask }]
  const a = args(inputs)
  const b = args(plain)
  for (const name of classes) {
    for (const dtype of ['float32', 'float64']) {
      for (const reduction of ['sum_over_batch_size', 'none']) {
        const loss = new api[name]({ reduction, dtype })
        const what = `${label} ${name} ${dtype} ${reduction}`
        t.deepEqual(values(loss.compute(...a)), values(loss.compute(...b)), `${what} compute`)
        t.deepEqual(values(await loss.computeAsync(...a)), values(await loss.computeAsync(...b)), `${what} computeAsync`)
        const g = loss.valueAndGrad(...a)
        const h = loss.valueAndGrad(...b)
        t.deepEqual(values(g.value), values(h.value), `${what} valueAndGrad value`)
        t.deepEqual(Array.from(g.grad.data), Array.from(h.grad.data), `${what} valueAndGrad grad`)
        t.deepEqual(g.grad.shape, h.grad.shape, `${what} gradient shape`)
      }
      t.deepEqual(values(new api[name]({ dtype }).call(a[0], a[1])), values(new api[name]({ dtype }).call(b[0], b[1])), `${label} ${name} ${dtype} call`)
    }
    const m = new api.metrics[name]()
    const n = new api.metrics[name]()
    m.updateState(...a)
    n.updateState(...b)
    t.is(m.result(), n.result(), `${label} ${name} metric`)
  }
}

/** A refusal: a LossInputError of the code, and its message printed on failure. */
function refuses(t, api, fn, code, label) {
  const error = t.throws(fn, { instanceOf: api.LossInputError }, label)
  t.is(error?.code, code, `${label}: ${error?.message}`)
  return error
}

module.exports = { sameResults, refuses, values }
