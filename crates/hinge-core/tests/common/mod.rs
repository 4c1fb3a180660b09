#![allow(dead_code)]

use hinge_core::{DType, Float, Input, Job, Labels, Loss, Output, Totals};
use rayon::{ThreadPool, ThreadPoolBuilder};

pub fn pool(threads: usize) -> ThreadPool {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// xorshift64*: reproducible data without extra dependencies.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * u
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// The crate's documented order for a row's f64 sum: element `j` goes to
/// lane `j % 4`, lanes combined as `(l0 + l1) + (l2 + l3)`.
pub fn lane_sum(terms: impl IntoIterator<Item = f64>) -> f64 {
    let mut l = [0.0; 4];
    for (j, x) in terms.into_iter().enumerate() {
        l[j % 4] += x;
    }
    (l[0] + l[1]) + (l[2] + l[3])
}

/// The formulas of the package contract with Keras' label rule, written independently of
/// the crate's kernels.
pub fn reference<F: Float>(loss: Loss, yt: &[F], yp: &[F], cols: usize) -> Vec<F> {
    let binary = yt.iter().all(|&t| t == F::ZERO || t == F::ONE);
    reference_with(loss, yt, yp, cols, binary)
}

/// [`reference`] with the label conversion decided by the caller.
pub fn reference_with<F: Float>(
    loss: Loss,
    yt: &[F],
    yp: &[F],
    cols: usize,
    convert: bool,
) -> Vec<F> {
    let relu = |d: F| {
        if d.is_nan() || d > F::ZERO {
            d
        } else {
            F::ZERO
        }
    };
    yt.chunks(cols)
        .zip(yp.chunks(cols))
        .map(|(t, p)| match loss {
            Loss::Hinge | Loss::SquaredHinge => {
                let terms = t.iter().zip(p).map(|(&t, &p)| {
                    let t = if convert { F::TWO * t - F::ONE } else { t };
                    let m = relu(F::ONE - t * p);
                    let m = if loss == Loss::SquaredHinge { m * m } else { m };
                    m.to_f64()
                });
                F::from_f64(lane_sum(terms) / cols as f64)
            }
            Loss::SparseCategoricalHinge => unreachable!("the dense reference takes one-hot rows"),
            Loss::CategoricalHinge => {
                let pos = lane_sum(t.iter().zip(p).map(|(&t, &p)| (t * p).to_f64()));
                let negs: Vec<F> = t.iter().zip(p).map(|(&t, &p)| (F::ONE - t) * p).collect();
                let neg = if negs.iter().any(|v| v.is_nan()) {
                    negs.iter().copied().find(|v| v.is_nan()).unwrap()
                } else {
                    negs.iter()
                        .copied()
                        .fold(F::NEG_INFINITY, |a, b| if b > a { b } else { a })
                };
                relu((neg - F::from_f64(pos)) + F::ONE)
            }
        })
        .collect()
}

pub fn job<'a>(
    loss: Loss,
    dtype: DType,
    rows: usize,
    cols: usize,
    y_true: Input<'a>,
    y_pred: Input<'a>,
) -> Job<'a> {
    Job {
        loss,
        dtype,
        labels: Labels::Auto,
        rows,
        cols,
        y_true: y_true.into(),
        y_pred: y_pred.into(),
        weights: None,
        out: None,
        mask: None,
        grad: None,
    }
}

/// Runs an f32 job on one thread with an output; returns (per-row, totals).
pub fn run_f32(job: Job<'_>) -> (Vec<f32>, Totals) {
    let mut out = vec![f32::NAN; job.rows];
    let job = Job {
        out: Some(Output::F32(&mut out)),
        ..job
    };
    let totals = hinge_core::run(job.validate().unwrap(), &pool(1)).unwrap();
    (out, totals)
}

/// As [`run_f32`] for f64.
pub fn run_f64(job: Job<'_>) -> (Vec<f64>, Totals) {
    let mut out = vec![f64::NAN; job.rows];
    let job = Job {
        out: Some(Output::F64(&mut out)),
        ..job
    };
    let totals = hinge_core::run(job.validate().unwrap(), &pool(1)).unwrap();
    (out, totals)
}

pub fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}
