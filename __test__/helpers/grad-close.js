// Gradient tolerance of the package contract: each element within `tolerance` times the
// largest finite |expected| of the whole tensor (so an all-zero gradient must be exactly
// zero, of either sign); NaN and infinities must match exactly.

/** Index of the first element of `actual` not within tolerance of `expected`, or -1. */
function gradMismatch(actual, expected, tolerance) {
  let scale = 0
  for (const e of expected) if (Number.isFinite(e)) scale = Math.max(scale, Math.abs(e))
  const bound = tolerance * scale
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]
    const e = expected[i]
    const ok = Number.isFinite(e) ? Math.abs(a - e) <= bound : Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e))
    if (!ok) return i
  }
  return -1
}

/** Asserts a gradient's data matches `expected` element for element within the contract's tolerance. */
function assertGradClose(t, actual, expected, tolerance, label = '') {
  const a = Array.from(actual)
  const e = Array.from(expected)
  t.is(a.length, e.length, `${label} length`)
  const bad = gradMismatch(a, e, tolerance)
  t.is(bad, -1, bad === -1 ? label : `${label} element ${bad}: ${a[bad]} vs ${e[bad]}`)
}

module.exports = { gradMismatch, assertGradClose }
