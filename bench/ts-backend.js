// The pure-TS backend (`require('hinge-losses/js')`) against tuned JS loops of its own,
// in one process over the same buffers, interleaved round by round; each figure is the
// median of the rounds, with the spread (min–max) beside it.
//
//   node bench/ts-backend.js [W1 W6 W3m W8 W7 ...] [--rounds=N]
//
// W1 hinge float32 [2^21, 8] {-1,1}; W6 its valueAndGrad into `out`; W3m categorical
// hinge float32 [2^20, 16] one-hot with a uint8 mask; W8 sparse categorical hinge float32
// [2^21, 16] int32 ids; W7 hinge on float16 yPred [2^22, 8], uint8 {0,1} labels.
// Targets: W1 ≤ 1.2× its tuned loop, the others ≤ 1.5×.
//
// Before its rounds, each workload runs many times on a few rows, then a few times at 1/256
// of its size, so that V8 has compiled every loop of both contenders whole, with type
// feedback for what follows the loop, before the first large call: a loop first compiled
// while a large call runs (on the stack) can deoptimize at its exit on every later call
// (the tuned gradient loop did, on each of its calls), and the figures then depend on the run.
const { mulberry32 } = require('../dist/random.js')
const ts = require('../js')
const tuned = require('./ts-tuned')
const { interleaved, report } = require('./ts-rounds')

const QUICK = process.env.BENCH_QUICK === '1' ? 64 : 1
/** Size divisors of the warm-up instances: a few rows, then 1/256 of the workload. */
const TINY = 2 ** 18
const WARM = 256

function uniform(n, seed, Type = Float32Array) {
  const next = mulberry32(seed)
  const a = new Type(n)
  for (let i = 0; i < n; i++) a[i] = next() * 4 - 2
  return a
}

function signs(n, seed, Type = Float32Array) {
  const next = mulberry32(seed)
  const a = new Type(n)
  for (let i = 0; i < n; i++) a[i] = next() < 0.5 ? -1 : 1
  return a
}

/** float16 bits of uniform values in [-2, 2), rounded down to 10 fraction bits. */
function halfBits(n, seed) {
  const next = mulberry32(seed)
  const f = new Float32Array(1)
  const u = new Uint32Array(f.buffer)
  const bits = new Uint16Array(n)
  for (let i = 0; i < n; i++) {
    f[0] = next() * 4 - 2
    const x = u[0]
    const e = ((x >> 23) & 0xff) - 112
    bits[i] = e <= 0 ? (x >> 16) & 0x8000 : ((x >> 16) & 0x8000) | (e << 10) | ((x >> 13) & 0x3ff)
  }
  return bits
}

const WORKLOADS = {
  W1(scale) {
    const rows = 2097152 / scale
    const cols = 8
    const yTrue = signs(rows * cols, 1)
    const yPred = uniform(rows * cols, 2)
    const shape = [rows, cols]
    const loss = new ts.Hinge()
    const t = { data: yTrue, shape }
    const p = { data: yPred, shape }
    return { target: 1.2, tuned: () => tuned.hinge(yTrue, yPred, rows, cols), ts: () => loss.compute(t, p) }
  },
  W6(scale) {
    const rows = 2097152 / scale
    const cols = 8
    const yTrue = signs(rows * cols, 1)
    const yPred = uniform(rows * cols, 2)
    const shape = [rows, cols]
    const loss = new ts.Hinge()
    const t = { data: yTrue, shape }
    const p = { data: yPred, shape }
    const out = new Float32Array(rows * cols)
    const mine = new Float32Array(rows * cols)
    return {
      target: 1.5,
      tuned: () => tuned.hingeGrad(yTrue, yPred, rows, cols, mine),
      ts: () => loss.valueAndGrad(t, p, undefined, { out }).value,
    }
  },
  W3m(scale) {
    const rows = 1048576 / scale
    const cols = 16
    const next = mulberry32(3)
    const yTrue = new Float32Array(rows * cols)
    for (let r = 0; r < rows; r++) yTrue[r * cols + Math.floor(next() * cols)] = 1
    const yPred = uniform(rows * cols, 4)
    const mask = new Uint8Array(rows)
    for (let r = 0; r < rows; r++) mask[r] = next() < 0.75 ? 1 : 0
    const loss = new ts.CategoricalHinge()
    const t = { data: yTrue, shape: [rows, cols] }
    const p = { data: yPred, shape: [rows, cols] }
    const m = { data: mask, shape: [rows] }
    return {
      target: 1.5,
      tuned: () => tuned.categoricalMasked(yTrue, yPred, rows, cols, mask),
      ts: () => loss.compute(t, p, undefined, { mask: m }),
    }
  },
  W8(scale) {
    const rows = 2097152 / scale
    const cols = 16
    const next = mulberry32(8)
    const ids = new Int32Array(rows)
    for (let r = 0; r < rows; r++) ids[r] = Math.floor(next() * cols)
    const yPred = uniform(rows * cols, 9)
    const loss = new ts.SparseCategoricalHinge()
    const t = { data: ids, shape: [rows] }
    const p = { data: yPred, shape: [rows, cols] }
    return { target: 1.5, tuned: () => tuned.sparse(ids, yPred, rows, cols), ts: () => loss.compute(t, p) }
  },
  W7(scale) {
    const rows = 4194304 / scale
    const cols = 8
    const yTrue = signs(rows * cols, 7, Uint8Array).map((s) => (s === 1 ? 1 : 0))
    const bits = halfBits(rows * cols, 8)
    const loss = new ts.Hinge()
    const t = { data: yTrue, shape: [rows, cols] }
    const p = { data: bits, shape: [rows, cols], dtype: 'float16' }
    return { target: 1.5, tuned: () => tuned.hingeHalf(yTrue, bits, rows, cols), ts: () => loss.compute(t, p) }
  },
}

const args = process.argv.slice(2)
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 9)
const ids = args.filter((a) => !a.startsWith('--'))
for (const id of ids.length > 0 ? ids : Object.keys(WORKLOADS)) {
  // Tiny calls first, so that every operation has run before a loop is compiled at all.
  for (const [scale, calls] of [[TINY, 200], [WARM, 20]]) {
    const small = WORKLOADS[id](Math.max(QUICK, scale))
    for (let i = 0; i < calls; i++) {
      small.tuned()
      small.ts()
    }
  }
  const w = WORKLOADS[id](QUICK)
  const a = w.tuned()
  const b = w.ts()
  const rel = Math.abs(a - b) / Math.abs(a)
  if (!(rel < 1e-5)) throw new Error(`${id}: pure TS gives ${b}, the tuned loop ${a}`)
  const figures = interleaved({ tuned: w.tuned, ts: w.ts }, { rounds, calls: 1 })
  console.log(report(id, figures, 'tuned', 'ts', w.target, 'ms'))
}
