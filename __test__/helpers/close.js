// Tolerances of the package contract: relative to max(1, |expected|); NaN and infinities must match exactly.
const TOLERANCE = { float32: 1e-6, float64: 1e-12 }

function closeTo(actual, expected, tolerance) {
  if (Number.isNaN(expected) || !Number.isFinite(expected)) return Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected))
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected))
}

/** Asserts a number, or every element of a tensor/array, is within `tolerance` of `expected`. */
function assertClose(t, actual, expected, tolerance = 1e-6, label = '') {
  if (typeof expected === 'number') {
    t.true(closeTo(actual, expected, tolerance), `${label} ${actual} vs ${expected}`)
    return
  }
  const a = Array.from(actual)
  const e = Array.from(expected)
  t.is(a.length, e.length, `${label} length`)
  const bad = a.findIndex((v, i) => !closeTo(v, e[i], tolerance))
  t.is(bad, -1, bad === -1 ? label : `${label} element ${bad}: ${a[bad]} vs ${e[bad]}`)
}

module.exports = { TOLERANCE, closeTo, assertClose }
