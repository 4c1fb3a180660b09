//! The gradient of a job's result with respect to `yPred`, written in the
//! same pass as the values, group of rows by group of rows, while they are
//! in cache.
//!
//! Per element, with `s` the row's scale (the reduction's factor times the
//! row's weight times its per-row scale, formed in f64 and rounded once) and
//! `k(x)` the derivative of `max(x, 0)`: 1 above 0, 0 below, the kink's
//! value at 0, NaN for NaN (a NaN must reach the gradient):
//! - hinge: `k(1 - y·p) · (-y · s/C)`;
//! - squared hinge: `(-y · max(1 - y·p, 0)) · 2s/C`;
//! - categorical hinge: `s·k(neg - pos + 1) · ((1 - y_j)/|A| - y_j)` for the
//!   classes `A` attaining `neg`, `-y_j · s·k(…)` for the others.
//!
//! Every element-wise term is in the compute dtype, without fused
//! multiply-add; a division is made in f64 and rounded once.

use crate::float::Float;
use crate::job::Output;
use crate::simd::Kernels;

/// The subgradient of `max(x, 0)` at `x = 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kink {
    /// 1: what Keras gives on TensorFlow (`tf.maximum` sends a tie to its
    /// first argument).
    Full,
    /// 1/2: Keras on JAX and on PyTorch.
    Half,
    /// 0: the minimum-norm subgradient, relu's.
    Zero,
}

/// The gradient a job writes: `rows · cols` values of the compute dtype.
#[derive(Debug)]
pub struct Grad<'a> {
    pub out: Output<'a>,
    pub kink: Kink,
    /// The reduction's factor on every weighted loss.
    pub factor: f64,
    /// A factor per row (upstream gradients, or weights summed over a
    /// broadcast), or `None` for 1.
    pub scale: Option<&'a [f64]>,
}

/// What the engine needs of a [`Grad`] besides its output.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec<'a> {
    kink: f64,
    factor: f64,
    scale: Option<&'a [f64]>,
}

impl<'a> Spec<'a> {
    pub fn new(grad: &Grad<'a>) -> Self {
        let kink = match grad.kink {
            Kink::Full => 1.0,
            Kink::Half => 0.5,
            Kink::Zero => 0.0,
        };
        Self {
            kink,
            factor: grad.factor,
            scale: grad.scale,
        }
    }

    /// The scales of the rows from `row` on, one per element of `out`,
    /// whose weights are `weights` (1 each without weights).
    #[inline]
    pub fn row_scales<F: Float>(&self, row: usize, weights: Option<&[F]>, out: &mut [f64]) {
        for (i, s) in out.iter_mut().enumerate() {
            let w = weights.map_or(F::ONE, |w| w[i]);
            let unscaled = self.factor * w.to_f64();
            *s = self
                .scale
                .map_or(unscaled, |scale| unscaled * scale[row + i]);
        }
    }

    #[inline]
    fn k<F: Float>(&self, x: F) -> F {
        if x > F::ZERO {
            F::ONE
        } else if x < F::ZERO {
            F::ZERO
        } else if x == F::ZERO {
            F::from_f64(self.kink)
        } else {
            F::NAN
        }
    }
}

/// The (squared) hinge gradient of one pass: the set's kernels, the job's
/// spec and the pass's label decision (`convert`: labels `2t - 1`).
pub(crate) struct HingeGrad<'s, F: 'static> {
    pub kernels: &'static Kernels<F>,
    pub spec: &'s Spec<'s>,
    pub squared: bool,
    pub convert: bool,
}

impl<F: Float> HingeGrad<'_, F> {
    /// Whole rows of `cols`: `scales[i]` is row `i`'s scale.
    pub fn rows(&self, yt: &[F], yp: &[F], cols: usize, scales: &[f64], g: &mut [F]) {
        // Runs of rows of one scale (every row, without weights or upstream
        // gradients) share one factor: one division, and one flat loop.
        let mut start = 0;
        while start < scales.len() {
            let s = scales[start];
            let run = scales[start..]
                .iter()
                .take_while(|x| x.to_bits() == s.to_bits())
                .count();
            let elems = start * cols..(start + run) * cols;
            let (t, p) = (&yt[elems.clone()], &yp[elems.clone()]);
            self.segment(t, p, cols, s, &mut g[elems]);
            start += run;
        }
    }

    /// Consecutive elements of rows of `cols` of scale `s` (the elements
    /// are independent: a long row is done segment by segment).
    pub fn segment(&self, t: &[F], p: &[F], cols: usize, s: f64, g: &mut [F]) {
        let c = if self.squared { 2.0 * s } else { s };
        let (c, kink) = (F::from_f64(c / cols as f64), F::from_f64(self.spec.kink));
        self.kernels
            .hinge_grad(self.squared, self.convert, t, p, c, kink, g);
    }
}

/// A categorical row's sums, kept as the values' kernels keep them: `pos`
/// in f64 over products in the dtype, `neg` the NaN-sticky max.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowMax<F> {
    pos: f64,
    neg: F,
    nan: bool,
}

impl<F: Float> RowMax<F> {
    pub fn new() -> Self {
        Self {
            pos: 0.0,
            neg: F::NEG_INFINITY,
            nan: false,
        }
    }

    /// One class's label `t` and score `p`.
    #[inline]
    pub fn add(&mut self, t: F, p: F) {
        self.pos += (t * p).to_f64();
        let v = (F::ONE - t) * p;
        self.nan |= v.is_nan();
        if v > self.neg {
            self.neg = v;
        }
    }

    fn neg(&self) -> F {
        if self.nan {
            F::NAN
        } else {
            self.neg
        }
    }

    /// The row's factor `s·k(neg - pos + 1)` in the dtype.
    fn factor(&self, spec: &Spec<'_>, s: f64) -> F {
        let x = (self.neg() - F::from_f64(self.pos)) + F::ONE;
        F::from_f64(s * spec.k(x).to_f64())
    }
}

/// A categorical row's gradient from its labels `t` (the one-hot form's,
/// when `t` comes from a class id) and scores `p`.
pub(crate) struct CategoricalRow<'r> {
    pub spec: &'r Spec<'r>,
    pub s: f64,
}

impl CategoricalRow<'_> {
    /// `t(j)` and `p(j)` give the row's elements; they are read three times
    /// (sums, ties, gradient), from cache for rows of a group.
    pub fn write<F: Float>(
        &self,
        cols: usize,
        t: impl Fn(usize) -> F,
        p: impl Fn(usize) -> F,
        g: &mut impl FnMut(usize, F),
    ) {
        let mut row = RowMax::<F>::new();
        for j in 0..cols {
            row.add(t(j), p(j));
        }
        let neg = row.neg();
        let c = row.factor(self.spec, self.s);
        let tied = |j: usize| (F::ONE - t(j)) * p(j) == neg;
        let ties = (0..cols).filter(|&j| tied(j)).count();
        for j in 0..cols {
            let y = t(j);
            let term = if tied(j) {
                F::from_f64((F::ONE - y).to_f64() / ties as f64) - y
            } else {
                F::ZERO - y
            };
            g(j, c * term);
        }
    }
}

/// Categorical hinge over whole rows of `cols`.
pub(crate) fn categorical_rows<F: Float>(
    spec: &Spec<'_>,
    yt: &[F],
    yp: &[F],
    cols: usize,
    scales: &[f64],
    g: &mut [F],
) {
    let rows = yt.chunks_exact(cols).zip(yp.chunks_exact(cols));
    for (((t, p), g), &s) in rows.zip(g.chunks_exact_mut(cols)).zip(scales) {
        let row = CategoricalRow { spec, s };
        row.write(cols, |j| t[j], |j| p[j], &mut |j, v| g[j] = v);
    }
}

/// Sparse categorical hinge: row `i`'s label is the class `ids[i]`.
pub(crate) fn sparse_rows<F: Float>(
    spec: &Spec<'_>,
    ids: &[usize],
    yp: &[F],
    cols: usize,
    scales: &[f64],
    g: &mut [F],
) {
    for (((&id, p), g), &s) in ids
        .iter()
        .zip(yp.chunks_exact(cols))
        .zip(g.chunks_exact_mut(cols))
        .zip(scales)
    {
        let row = CategoricalRow { spec, s };
        let one_hot = |j: usize| if j == id { F::ONE } else { F::ZERO };
        row.write(cols, one_hot, |j| p[j], &mut |j, v| g[j] = v);
    }
}
