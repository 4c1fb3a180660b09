// The best single-threaded JavaScript loops we could write, one per workload: the bar
// the pure-TS backend is held to. What they share: branch-free max(d, 0) = 0.5·(d + |d|);
// Keras' {0,1} label rule as one pass that guesses from the first label that is not 1,
// checking the guess on the way, with a second pass only when it was wrong; float64
// accumulators; hinge and squared hinge in functions of their own (V8 compiles each loop
// for the one shape it sees). They validate nothing and keep none of the exactness rules
// (float32 rounding of the terms, NaN and overflow fix-ups): a bar, not a product.

/** True when the first label that is not 1 is 0 (or every label is 1). */
function guessBinary(t) {
  for (let i = 0; i < t.length; i++) if (t[i] !== 1) return t[i] === 0
  return true
}

// Sums of 2·max(1 - y·p, 0); the converting forms return -1 when a label is not in {0, 1}.
function hingeKeep(t, p, n) {
  let sum = 0
  for (let i = 0; i < n; i++) {
    const d = 1 - t[i] * p[i]
    sum += d + Math.abs(d)
  }
  return sum
}

function hingeConvert(t, p, n) {
  let sum = 0
  let other = 0
  for (let i = 0; i < n; i++) {
    const y = t[i]
    other |= (y !== 0) & (y !== 1)
    const d = 1 - (2 * y - 1) * p[i]
    sum += d + Math.abs(d)
  }
  return other ? -1 : sum
}

// Sums of 4·max(1 - y·p, 0)².
function squaredKeep(t, p, n) {
  let sum = 0
  for (let i = 0; i < n; i++) {
    const d = 1 - t[i] * p[i]
    const m = d + Math.abs(d)
    sum += m * m
  }
  return sum
}

function squaredConvert(t, p, n) {
  let sum = 0
  let other = 0
  for (let i = 0; i < n; i++) {
    const y = t[i]
    other |= (y !== 0) & (y !== 1)
    const d = 1 - (2 * y - 1) * p[i]
    const m = d + Math.abs(d)
    sum += m * m
  }
  return other ? -1 : sum
}

// float16 predictions through a table of all 65,536 values (256 KiB, in L2).
let halfTable
function float16Table() {
  if (halfTable !== undefined) return halfTable
  halfTable = new Float32Array(65536)
  for (let bits = 0; bits < 65536; bits++) {
    const sign = bits & 0x8000 ? -1 : 1
    const exponent = (bits >> 10) & 0x1f
    const fraction = bits & 0x3ff
    if (exponent === 0) halfTable[bits] = sign * fraction * 2 ** -24
    else if (exponent === 31) halfTable[bits] = fraction === 0 ? sign * Infinity : NaN
    else halfTable[bits] = sign * (1024 + fraction) * 2 ** (exponent - 25)
  }
  return halfTable
}

function hingeKeepHalf(t, bits, table, n) {
  let sum = 0
  for (let i = 0; i < n; i++) {
    const d = 1 - t[i] * table[bits[i]]
    sum += d + Math.abs(d)
  }
  return sum
}

function hingeConvertHalf(t, bits, table, n) {
  let sum = 0
  let other = 0
  for (let i = 0; i < n; i++) {
    const y = t[i]
    other |= (y !== 0) & (y !== 1)
    const d = 1 - (2 * y - 1) * table[bits[i]]
    sum += d + Math.abs(d)
  }
  return other ? -1 : sum
}

/** 'sum_over_batch_size' of a (squared) hinge: the mean of equal-length row means. */
function guessed(t, n, convert, keep, scale) {
  if (guessBinary(t)) {
    const sum = convert()
    if (sum >= 0) return (scale * sum) / n
  }
  return (scale * keep()) / n
}

// The hinge gradient of 'sum_over_batch_size', 'full' kink: g = -y/(rows·cols) where
// 1 - y·p >= 0, else 0. +(d >= 0) is that indicator without a branch; it ran faster here
// than a ternary (mispredicted on random data), Math.sign forms or Math.max.
function hingeGradKeep(t, p, out, n, scale) {
  let sum = 0
  for (let i = 0; i < n; i++) {
    const y = t[i]
    const d = 1 - y * p[i]
    sum += d + Math.abs(d)
    out[i] = +(d >= 0) * y * scale
  }
  return sum
}

function hingeGradConvert(t, p, out, n, scale) {
  let sum = 0
  let other = 0
  for (let i = 0; i < n; i++) {
    const x = t[i]
    other |= (x !== 0) & (x !== 1)
    const y = 2 * x - 1
    const d = 1 - y * p[i]
    sum += d + Math.abs(d)
    out[i] = +(d >= 0) * y * scale
  }
  return other ? -1 : sum
}

function categorical(t, p, rows, cols) {
  let sum = 0
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    let pos = 0
    let neg = -Infinity
    for (let j = o; j < o + cols; j++) {
      const y = t[j]
      const q = p[j]
      pos += y * q
      const m = (1 - y) * q
      neg = m > neg ? m : neg
    }
    const d = neg - pos + 1
    sum += d + Math.abs(d)
  }
  return (0.5 * sum) / rows
}

/** Masked 'sum_over_batch_size': Keras scales by total/valid, so the mean over kept rows. */
function categoricalMasked(t, p, mask, rows, cols) {
  let sum = 0
  let valid = 0
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    if (mask[r] === 0) continue
    valid++
    let pos = 0
    let neg = -Infinity
    for (let j = o; j < o + cols; j++) {
      const y = t[j]
      const q = p[j]
      pos += y * q
      const m = (1 - y) * q
      neg = m > neg ? m : neg
    }
    const d = neg - pos + 1
    sum += d + Math.abs(d)
  }
  return valid === 0 ? 0 : (0.5 * sum) / valid
}

/** One-hot semantics without the rows: the true class' slot counts as 0 in the max. */
function sparseCategorical(ids, p, rows, cols) {
  let sum = 0
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    const id = o + ids[r]
    let neg = 0
    for (let j = o; j < o + cols; j++) {
      const q = j === id ? 0 : p[j]
      neg = q > neg ? q : neg
    }
    const d = neg - p[id] + 1
    sum += d + Math.abs(d)
  }
  return (0.5 * sum) / rows
}

function tunedCall(workload, { yTrue: t, yPred: p, mask, out, shape: [rows, cols] }) {
  const n = rows * cols
  if (workload.grad) {
    const scale = -1 / n
    return () => {
      const value = guessed(t, n, () => hingeGradConvert(t, p, out, n, scale), () => hingeGradKeep(t, p, out, n, scale), 0.5)
      return { value, grad: out }
    }
  }
  if (workload.half) {
    const table = float16Table()
    return () => guessed(t, n, () => hingeConvertHalf(t, p, table, n), () => hingeKeepHalf(t, p, table, n), 0.5)
  }
  switch (workload.loss) {
    case 'hinge':
      return () => guessed(t, n, () => hingeConvert(t, p, n), () => hingeKeep(t, p, n), 0.5)
    case 'squared_hinge':
      return () => guessed(t, n, () => squaredConvert(t, p, n), () => squaredKeep(t, p, n), 0.25)
    case 'sparse_categorical_hinge':
      return () => sparseCategorical(t, p, rows, cols)
    default:
      return mask === undefined ? () => categorical(t, p, rows, cols) : () => categoricalMasked(t, p, mask, rows, cols)
  }
}

module.exports = {
  id: 'tuned',
  label: 'tuned JS',
  description: () =>
    'the best single-threaded JavaScript loop we could write for each workload (bench/contenders/tuned.js: branch-free max, a one-pass {0,1} label guess, float64 sums, a float16 table, no validation)',
  plan: 'fast',
  prepare: (workload, data) => tunedCall(workload, data),
}
