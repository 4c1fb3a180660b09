// Fixed-seed inputs, so every run and every machine measures the same numbers.

/** mulberry32: a tiny generator of uniform doubles in [0, 1) from a 32-bit seed. */
function generator(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

module.exports = { generator }
