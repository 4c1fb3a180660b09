// A timing is only worth reporting if the contender computed the same loss: every
// contender's value must match the default entry's. tfjs sums in float32, ~1e-5 off
// at 2^24 elements, hence the tolerance.
const TOLERANCE = 1e-4

/** Throws when a contender's value on this workload differs from the default entry's. */
function checkAgreement(workload, results, rows) {
  const expected = results.find((r) => r.id === 'default').value
  for (const row of rows) {
    const r = results.find((x) => x.id === row.id)
    if (row.roofline || r.skipped !== undefined) continue
    if (!(Math.abs(r.value - expected) <= TOLERANCE * Math.abs(expected))) {
      throw new Error(`${workload.id}: ${row.label} computed ${r.value}, the default entry ${expected}`)
    }
  }
}

module.exports = { checkAgreement }
