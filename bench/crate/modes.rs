//! The `sets` and `scaling` modes of the throughput bench.

use std::hint::black_box;
use std::time::Duration;

use hinge_core::{
    f16, read_sum, DType, Floats, Grad, Group, Input, Job, Kink, Labels, Loss, Mask, Output,
    WeightMap, Weights,
};
use rayon::prelude::*;
use rayon::ThreadPool;

use super::{median, pool, Rng};

/// The buffers of every workload for `n` elements of float32 predictions
/// (float16 and sparse workloads take `2 n`, as in `BENCH.md`).
struct Data {
    yp: Vec<f32>,
    signs: Vec<f32>,
    binary: Vec<f32>,
    onehot16: Vec<f32>,
    onehot32: Vec<f32>,
    yp64: Vec<f64>,
    signs64: Vec<f64>,
    yp16: Vec<f16>,
    labels8: Vec<u8>,
    ids: Vec<i32>,
    mask: Vec<u8>,
}

impl Data {
    fn new(n: usize) -> Self {
        let mut rng = Rng(42);
        let yp: Vec<f32> = (0..2 * n)
            .map(|_| (rng.next() * 4.0 - 2.0) as f32)
            .collect();
        let signs: Vec<f32> = (0..n)
            .map(|_| if rng.next() < 0.5 { -1.0 } else { 1.0 })
            .collect();
        let onehot = |k: usize| -> Vec<f32> {
            (0..n)
                .map(|i| f32::from(u8::from(i % k == (i / k * 7) % k)))
                .collect()
        };
        Self {
            binary: signs.iter().map(|&t| (t + 1.0) / 2.0).collect(),
            onehot16: onehot(16),
            onehot32: onehot(32),
            yp64: yp[..n / 2].iter().map(|&x| f64::from(x)).collect(),
            signs64: signs[..n / 2].iter().map(|&x| f64::from(x)).collect(),
            yp16: yp.iter().map(|&x| f16::from_f32(x)).collect(),
            labels8: (0..2 * n).map(|_| u8::from(rng.next() < 0.5)).collect(),
            ids: (0..2 * n / 16).map(|i| (i * 7 % 16) as i32).collect(),
            mask: (0..n / 16).map(|_| u8::from(rng.next() < 0.9)).collect(),
            yp,
            signs,
        }
    }
}

/// One workload: a job over borrowed buffers.
#[derive(Clone, Copy)]
struct Work<'a> {
    name: &'static str,
    loss: Loss,
    dtype: DType,
    cols: usize,
    yt: Input<'a>,
    yp: Input<'a>,
    mask: Option<Input<'a>>,
    /// `valueAndGrad` with `out`: per-row values and the gradient written.
    grad: bool,
}

impl Work<'_> {
    fn rows(&self) -> usize {
        self.yp.len() / self.cols
    }

    /// Bytes read, and written for the gradient.
    fn bytes(&self) -> usize {
        let written = if self.grad {
            4 * (self.yp.len() + self.rows())
        } else {
            0
        };
        self.inputs().iter().map(|i| byte_len(*i)).sum::<usize>() + written
    }

    fn inputs(&self) -> Vec<Input<'_>> {
        [Some(self.yt), Some(self.yp), self.mask]
            .into_iter()
            .flatten()
            .collect()
    }
}

fn byte_len(input: Input<'_>) -> usize {
    let size = match input {
        Input::F64(_) | Input::I64(_) | Input::U64(_) => 8,
        Input::F32(_) | Input::I32(_) | Input::U32(_) => 4,
        Input::F16(_) | Input::BF16(_) | Input::I16(_) | Input::U16(_) => 2,
        Input::I8(_) | Input::U8(_) => 1,
    };
    size * input.len()
}

/// The bytes of an input seen as float32, for the read roofline: its sum
/// is meaningless, its reads are the point.
fn as_f32(input: Input<'_>) -> &[f32] {
    fn cast<T>(s: &[T]) -> &[f32] {
        // SAFETY: every bit pattern is an f32; `align_to` keeps the
        // middle aligned and in bounds.
        unsafe { s.align_to::<f32>().1 }
    }
    match input {
        Input::F32(s) => s,
        Input::F64(s) => cast(s),
        Input::I8(s) => cast(s),
        Input::U8(s) => cast(s),
        Input::I16(s) => cast(s),
        Input::U16(s) => cast(s),
        Input::I32(s) => cast(s),
        Input::U32(s) => cast(s),
        Input::I64(s) => cast(s),
        Input::U64(s) => cast(s),
        Input::F16(s) => cast(s),
        Input::BF16(s) => cast(s),
    }
}

fn workloads(d: &Data) -> Vec<Work<'_>> {
    let n = d.signs.len();
    let w = |name, loss, dtype, cols, yt, yp| Work {
        name,
        loss,
        dtype,
        cols,
        yt,
        yp,
        mask: None,
        grad: false,
    };
    let (f32s, yp) = (DType::F32, Input::F32(&d.yp[..n]));
    let w3 = w(
        "W3",
        Loss::CategoricalHinge,
        f32s,
        16,
        Input::F32(&d.onehot16),
        yp,
    );
    vec![
        w("W1", Loss::Hinge, f32s, 8, Input::F32(&d.signs), yp),
        w("W2", Loss::Hinge, f32s, 8, Input::F32(&d.binary), yp),
        w3,
        w(
            "C32",
            Loss::CategoricalHinge,
            f32s,
            32,
            Input::F32(&d.onehot32),
            yp,
        ),
        w(
            "W5",
            Loss::SquaredHinge,
            DType::F64,
            8,
            Input::F64(&d.signs64),
            Input::F64(&d.yp64),
        ),
        Work {
            grad: true,
            ..w("W6", Loss::Hinge, f32s, 8, Input::F32(&d.signs), yp)
        },
        w(
            "W7",
            Loss::Hinge,
            f32s,
            8,
            Input::U8(&d.labels8),
            Input::F16(&d.yp16),
        ),
        w(
            "W8",
            Loss::SparseCategoricalHinge,
            f32s,
            16,
            Input::I32(&d.ids),
            Input::F32(&d.yp),
        ),
        Work {
            name: "W3m",
            mask: Some(Input::U8(&d.mask)),
            ..w3
        },
    ]
}

/// Per-row values and gradient buffers, large enough for every workload.
struct Scratch {
    vals: Vec<f32>,
    grad: Vec<f32>,
}

fn call(w: &Work<'_>, pool: &ThreadPool, s: &mut Scratch) {
    let rows = w.rows();
    let vals = &mut s.vals[..rows];
    let grad = &mut s.grad[..rows * w.cols];
    let job = Job {
        loss: w.loss,
        dtype: w.dtype,
        labels: Labels::Auto,
        rows,
        cols: w.cols,
        y_true: w.yt.into(),
        y_pred: w.yp.into(),
        weights: None,
        mask: w.mask.map(|data| Mask {
            values: Weights {
                data: data.into(),
                map: WeightMap::new(vec![Group {
                    inner: 1,
                    extent: rows,
                    stride: 1,
                }]),
            },
            scale: 1.0,
        }),
        out: w.grad.then_some(Output::F32(vals)),
        grad: w.grad.then(|| Grad {
            out: Output::F32(grad),
            kink: Kink::Full,
            factor: 1.0 / rows as f64,
            scale: None,
        }),
    };
    black_box(hinge_core::run(job.validate().unwrap(), pool).unwrap());
}

fn roofline(w: &Work<'_>, threads: usize, pool: &ThreadPool) {
    for input in w.inputs() {
        black_box(read_sum(Floats::F32(as_f32(input)), threads, pool));
    }
}

/// Median, minimum and maximum.
fn stats(mut xs: Vec<f64>) -> (f64, f64, f64) {
    xs.sort_by(f64::total_cmp);
    (xs[xs.len() / 2], xs[0], xs[xs.len() - 1])
}

/// One line per workload, size and pool: `set name elems threads µs GB/s`,
/// for a script that interleaves processes of different sets or builds.
pub(super) fn sets() {
    let budget = Duration::from_millis(250);
    let set = hinge_core::instruction_set();
    let pools = [pool(1), pool(2)];
    for (n, runs) in [(1 << 16, [1].as_slice()), (1 << 24, [1, 2].as_slice())] {
        let data = Data::new(n);
        let mut scratch = Scratch {
            vals: vec![0.0; 2 * n],
            grad: vec![0.0; 2 * n],
        };
        for w in workloads(&data) {
            for &threads in runs {
                let p = &pools[threads - 1];
                let t = median(|| call(&w, p, &mut scratch), budget).as_secs_f64();
                println!(
                    "{set} {} {n} {threads} {:.2} {:.2}",
                    w.name,
                    t * 1e6,
                    w.bytes() as f64 / t / 1e9
                );
            }
        }
    }
}

/// W2, W3, W7, W8 and W3m in cache (2^16 float32 elements) on one thread,
/// 9 rounds interleaved: median ns per row and the rounds' range.
pub(super) fn focus() {
    let (rounds, budget) = (9, Duration::from_millis(100));
    let one = pool(1);
    let n = 1 << 16;
    let data = Data::new(n);
    let mut scratch = Scratch {
        vals: vec![0.0; 2 * n],
        grad: vec![0.0; 2 * n],
    };
    let works: Vec<Work<'_>> = workloads(&data)
        .into_iter()
        .filter(|w| ["W2", "W3", "W7", "W8", "W3m"].contains(&w.name))
        .collect();
    let mut times = vec![Vec::new(); works.len()];
    for _ in 0..rounds {
        for (w, t) in works.iter().zip(&mut times) {
            let s = median(|| call(w, &one, &mut scratch), budget).as_secs_f64();
            t.push(s * 1e9 / w.rows() as f64);
        }
    }
    println!(
        "{}: ns per row, one thread, in cache",
        hinge_core::instruction_set()
    );
    for (w, t) in works.iter().zip(times) {
        let (m, lo, hi) = stats(t);
        println!("{:<4} {m:>6.2} [{lo:.2}-{hi:.2}]", w.name);
    }
}

/// Every workload on 1 and 2 threads with its read roofline, interleaved
/// round by round (`WORKS=W8,W3`: only those); then the fixed costs the
/// scaling model needs.
pub(super) fn scaling() {
    let (rounds, budget) = (5, Duration::from_millis(200));
    let pools = [pool(1), pool(2)];
    let n = 1 << 24;
    let data = Data::new(n);
    let mut scratch = Scratch {
        vals: vec![0.0; 2 * n],
        grad: vec![0.0; 2 * n],
    };
    let only = std::env::var("WORKS").ok();
    let works: Vec<Work<'_>> = workloads(&data)
        .into_iter()
        .filter(|w| {
            only.as_deref()
                .is_none_or(|o| o.split(',').any(|n| n == w.name))
        })
        .collect();
    // [workload][threads - 1] -> (call ms, roofline ms) per round.
    let mut times = vec![[(Vec::new(), Vec::new()), (Vec::new(), Vec::new())]; works.len()];
    for _ in 0..rounds {
        for (w, slots) in works.iter().zip(&mut times) {
            for threads in [1, 2] {
                let p = &pools[threads - 1];
                let roof = median(|| roofline(w, threads, p), budget);
                let t = median(|| call(w, p, &mut scratch), budget);
                slots[threads - 1].0.push(t.as_secs_f64() * 1e3);
                slots[threads - 1].1.push(roof.as_secs_f64() * 1e3);
            }
        }
    }
    println!("instruction set: {}", hinge_core::instruction_set());
    println!(
        "median of {rounds} interleaved rounds [min-max]; roofline = read of the same buffers"
    );
    println!("work   MB | 1 thread ms       | 2 threads ms      | speed-up | roof 1t GB/s | roof 2t GB/s | 2t share");
    for (w, slots) in works.iter().zip(times) {
        let mb = w.bytes() as f64 / 1e6;
        let [(t1, r1), (t2, r2)] = slots;
        let ((t1, a1, b1), (t2, a2, b2)) = (stats(t1), stats(t2));
        let ((r1, _, _), (r2, _, _)) = (stats(r1), stats(r2));
        println!(
            "{:<4} {mb:>5.0} | {t1:>6.2} [{a1:.2}-{b1:.2}] | {t2:>6.2} [{a2:.2}-{b2:.2}] | {:>7.2}x | {:>12.1} | {:>12.1} | {:>5.0} %",
            w.name,
            t1 / t2,
            mb / r1,
            mb / r2,
            100.0 * r2 / t2
        );
    }
    if only.is_none() {
        fixed_costs(&data, &pools);
    }
}

/// Only the fixed costs of [`scaling`].
pub(super) fn blocks() {
    fixed_costs(&Data::new(1 << 20), &[pool(1), pool(2)]);
}

/// A call's fixed cost from one-block calls of growing size, and a pool
/// task's from empty tasks.
fn fixed_costs(data: &Data, pools: &[ThreadPool; 2]) {
    let budget = Duration::from_millis(150);
    let mut scratch = Scratch {
        vals: vec![0.0; 1 << 20],
        grad: vec![0.0; 1 << 20],
    };
    println!("hinge float32 [n/8, 8] on 1 thread, median µs (one block up to 2^16):");
    let mut pts = Vec::new();
    for k in (6..=20).step_by(2) {
        let size = 1 << k;
        let w = Work {
            name: "",
            loss: Loss::Hinge,
            dtype: DType::F32,
            cols: 8,
            yt: Input::F32(&data.signs[..size]),
            yp: Input::F32(&data.yp[..size]),
            mask: None,
            grad: false,
        };
        let t = median(|| call(&w, &pools[0], &mut scratch), budget).as_secs_f64() * 1e6;
        println!(
            "  n = 2^{k:<2} {t:>9.2} µs  {:>6.2} ns/element",
            t * 1e3 / size as f64
        );
        if k <= 16 {
            pts.push((size as f64, t));
        }
    }
    // Least squares t = a + b n over the one-block sizes.
    let m = pts.len() as f64;
    let (sx, sy) = pts.iter().fold((0.0, 0.0), |(x, y), p| (x + p.0, y + p.1));
    let sxx: f64 = pts.iter().map(|p| p.0 * p.0).sum();
    let sxy: f64 = pts.iter().map(|p| p.0 * p.1).sum();
    let b = (m * sxy - sx * sy) / (m * sxx - sx * sx);
    let a = (sy - b * sx) / m;
    println!("  fit: {a:.2} µs + {:.3} ns/element", b * 1e3);
    for (threads, p) in [1, 2].into_iter().zip(pools) {
        for tasks in [2, 256] {
            let t = median(
                || {
                    let v: Vec<usize> =
                        p.install(|| (0..tasks).into_par_iter().map(black_box).collect());
                    black_box(v);
                },
                budget,
            );
            println!(
                "pool of {threads}, {tasks:>3} empty tasks: {:>7.2} µs, {:.3} µs per task",
                t.as_secs_f64() * 1e6,
                t.as_secs_f64() * 1e6 / tasks as f64
            );
        }
    }
}
