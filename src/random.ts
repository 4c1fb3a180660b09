/**
 * mulberry32: a tiny fixed-seed generator of uniform doubles in [0, 1). The demo data, the
 * benchmarks and the seeded tests use it so every run and machine sees the same numbers.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
