// Tuned single-threaded JavaScript loops, one per pure-TS path the benchmark measures: the
// bar each path is held to. They keep Keras' semantics on ordinary data (the {0,1} rule by
// a guess with a fused label check, float64 accumulators, rounding per sample where Keras
// rounds) and skip what the package adds: validation, NaN/overflow fix-ups, kinks at 0.
// Branch-free max(d, 0) = 0.5·(d + |d|) and step +(d >= 0), one function per loss and array
// type, accumulators that start as local literals (V8 then keeps them unboxed).
const fround = Math.fround

/** The first label that is not 1 decides Keras' {0,1} guess (a 0: binary, checked later). */
function guessBinary(t) {
  for (let i = 0; i < t.length; i++) if (t[i] !== 1) return t[i] === 0
  return true
}

function hingePlain(t, p, rows, cols) {
  let total = 0
  for (let r = 0, i = 0; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const d = 1 - t[i] * p[i]
      s += 0.5 * (d + Math.abs(d))
    }
    total += fround(s / cols)
  }
  return total
}

function hingeConverted(t, p, rows, cols) {
  let total = 0
  let bad = 0
  for (let r = 0, i = 0; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]
      bad += Math.abs(y * (y - 1))
      const d = 1 - (2 * y - 1) * p[i]
      s += 0.5 * (d + Math.abs(d))
    }
    total += fround(s / cols)
  }
  return bad === 0 ? total : NaN
}

/** W1, W2: hinge, 'sum_over_batch_size'. */
function hinge(t, p, rows, cols) {
  const total = guessBinary(t) ? hingeConverted(t, p, rows, cols) : NaN
  return fround((Number.isNaN(total) ? hingePlain(t, p, rows, cols) : total) / rows)
}

/** W6: hinge value and gradient in one pass, labels {-1, 1} (decided before the pass). */
function hingeGrad(t, p, rows, cols, out) {
  const c = fround(1 / rows / cols)
  let total = 0
  for (let r = 0, i = 0; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]
      const d = 1 - y * p[i]
      s += 0.5 * (d + Math.abs(d))
      out[i] = +(d >= 0) * (-y * c)
    }
    total += fround(s / cols)
  }
  return fround(total / rows)
}

/** W3m: categorical hinge, a 0/1 mask per row as Keras' weights n / valid. */
function categoricalMasked(t, p, rows, cols, mask) {
  let valid = 0
  for (let r = 0; r < rows; r++) valid += mask[r]
  const scale = fround(fround(rows) / fround(valid + 1e-7))
  let total = 0
  for (let r = 0, i = 0; r < rows; r++) {
    let pos = 0
    let neg = -Infinity
    for (const end = i + cols; i < end; i++) {
      const y = t[i]
      const x = p[i]
      pos += fround(y * x)
      neg = Math.max(neg, fround(fround(1 - y) * x))
    }
    const v = Math.max(fround(fround(neg - fround(pos)) + 1), 0)
    total += fround(v * fround(mask[r] * scale))
  }
  return fround(total / rows)
}

/** W8: sparse categorical hinge, one int32 id per row. */
function sparse(ids, p, rows, cols) {
  let total = 0
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    const id = ids[r]
    let neg = -Infinity
    for (let j = 0; j < cols; j++) neg = Math.max(neg, j === id ? 0 : p[base + j])
    const pos = p[base + id]
    total += Math.max(fround(fround(neg - pos) + 1), 0)
  }
  return fround(total / rows)
}

let float16 = null
function float16Table() {
  if (float16 !== null) return float16
  float16 = new Float32Array(65536)
  for (let b = 0; b < 65536; b++) {
    const sign = b & 0x8000 ? -1 : 1
    const e = (b >> 10) & 0x1f
    const f = b & 0x3ff
    float16[b] = e === 0 ? sign * f * 2 ** -24 : e === 31 ? (f === 0 ? sign * Infinity : NaN) : sign * (1024 + f) * 2 ** (e - 25)
  }
  return float16
}

/** W7: hinge, uint8 {0,1} labels, float16 predictions widened by a table, float32 compute. */
function hingeHalf(t, bits, rows, cols) {
  const table = float16Table()
  let total = 0
  let bad = 0
  for (let r = 0, i = 0; r < rows; r++) {
    let s = 0
    for (const end = i + cols; i < end; i++) {
      const y = t[i]
      bad += Math.abs(y * (y - 1))
      const d = 1 - (2 * y - 1) * table[bits[i]]
      s += 0.5 * (d + Math.abs(d))
    }
    total += fround(s / cols)
  }
  return bad === 0 ? fround(total / rows) : NaN
}

module.exports = { hinge, hingeGrad, categoricalMasked, sparse, hingeHalf }
