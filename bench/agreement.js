// A timing is only worth reporting if the contender computed the same loss: every
// contender's value must match the default entry's, and a gradient its gradient. tfjs
// sums in float32, ~1e-5 off at 2^24 elements, hence the value tolerance.
const TOLERANCE = 1e-4
/**
 * Gradient elements may differ only at the kink (1 - y·p = 0 exactly, where tfjs and the
 * tuned loop's conventions can differ from the 'full' default) and by rounding: at most
 * this many elements beyond 1e-6 of the largest |g|.
 */
const KINK_ELEMENTS = 64

/** How far `grad` is from `reference`: elements beyond 1e-6·max|g|, and the largest gap. */
function gradientMismatch(reference, grad) {
  let largest = 0
  for (let i = 0; i < reference.length; i++) largest = Math.max(largest, Math.abs(reference[i]))
  const tolerance = 1e-6 * largest
  let elements = grad.length === reference.length ? 0 : Infinity
  let gap = 0
  for (let i = 0; i < Math.min(grad.length, reference.length); i++) {
    const d = Math.abs(grad[i] - reference[i])
    if (!(d <= tolerance)) elements++
    if (d > gap) gap = d
  }
  return { elements, relativeGap: largest === 0 ? gap : gap / largest }
}

/** Throws when a contender's value or gradient on this workload differs from the default entry's. */
function checkAgreement(workload, results, rows) {
  const expected = results.find((r) => r.id === 'default').value
  for (const row of rows) {
    const r = results.find((x) => x.id === row.id)
    if (row.roofline || r.skipped !== undefined) continue
    if (!(Math.abs(r.value - expected) <= TOLERANCE * Math.abs(expected))) {
      throw new Error(`${workload.id}: ${row.label} computed ${r.value}, the default entry ${expected}`)
    }
    if (r.grad !== undefined && r.grad.elements > KINK_ELEMENTS) {
      throw new Error(`${workload.id}: ${row.label}'s gradient differs from the default entry's in ${r.grad.elements} elements`)
    }
  }
}

module.exports = { checkAgreement, gradientMismatch }
