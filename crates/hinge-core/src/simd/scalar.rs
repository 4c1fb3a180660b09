//! The reference arithmetic, one element at a time, in the order every
//! instruction set reproduces (see the `simd` module): the running row
//! states for rows too long to convert in one piece, from which the tests
//! also build their reference kernels.

use crate::float::Float;

/// Lanes of a row sum.
const LANES: usize = 4;

/// `max(d, 0)` that keeps NaN, as NumPy's `maximum` does (`f32::max` would
/// drop it). It would keep a `d` of `-0`, but `1 - x` and `x + 1`, the only
/// arguments it gets, are never `-0`.
#[inline(always)]
pub(crate) fn relu<F: Float>(d: F) -> F {
    F::ZERO.max_sse(d)
}

/// NaN-propagating max, as NumPy's `max` reduction.
#[inline(always)]
fn max_nan<F: Float>(a: F, b: F) -> F {
    // `max_sse` already returns a NaN `b`; a NaN `a` must survive a later
    // non-NaN `b`. NaNs are rare, so this branch predicts well.
    if a.is_nan() {
        a
    } else {
        a.max_sse(b)
    }
}

/// Keras' `{0,1} -> {-1,1}` conversion, `2 * t - 1`.
#[inline(always)]
fn label<F: Float, const CONVERT: bool>(t: F) -> F {
    if CONVERT {
        F::TWO * t - F::ONE
    } else {
        t
    }
}

/// One row's running state, fed the row in segments.
pub(crate) trait RowState<F: Float>: Copy {
    fn new() -> Self;
    /// The next elements of the row. Every segment but the last must hold
    /// a multiple of four elements, so each element keeps its lane.
    fn update(&mut self, yt: &[F], yp: &[F]);
    fn finish(self, cols: usize) -> F;
}

/// Hinge (`SQUARED = false`) or squared hinge; `CONVERT` applies Keras'
/// label conversion.
#[derive(Clone, Copy)]
pub(crate) struct HingeRow<const SQUARED: bool, const CONVERT: bool> {
    lanes: [f64; LANES],
}

impl<F: Float, const SQUARED: bool, const CONVERT: bool> RowState<F>
    for HingeRow<SQUARED, CONVERT>
{
    #[inline(always)]
    fn new() -> Self {
        Self {
            lanes: [0.0; LANES],
        }
    }

    #[inline]
    fn update(&mut self, yt: &[F], yp: &[F]) {
        for (t4, p4) in yt.chunks(LANES).zip(yp.chunks(LANES)) {
            for ((lane, &t), &p) in self.lanes.iter_mut().zip(t4).zip(p4) {
                let term = relu(F::ONE - label::<F, CONVERT>(t) * p);
                let term = if SQUARED { term * term } else { term };
                *lane += term.to_f64();
            }
        }
    }

    #[inline]
    fn finish(self, cols: usize) -> F {
        F::from_f64(row_sum(self.lanes) / cols as f64)
    }
}

/// Categorical hinge: `pos` sums `t * p` in lanes, `neg` is the running
/// maximum of `(1 - t) * p` over every class, the true one included.
#[derive(Clone, Copy)]
pub(crate) struct CategoricalRow<F> {
    pos: [f64; LANES],
    neg: F,
}

impl<F: Float> RowState<F> for CategoricalRow<F> {
    #[inline(always)]
    fn new() -> Self {
        Self {
            pos: [0.0; LANES],
            neg: F::NEG_INFINITY,
        }
    }

    #[inline]
    fn update(&mut self, yt: &[F], yp: &[F]) {
        for (t4, p4) in yt.chunks(LANES).zip(yp.chunks(LANES)) {
            for ((lane, &t), &p) in self.pos.iter_mut().zip(t4).zip(p4) {
                *lane += (t * p).to_f64();
                self.neg = max_nan(self.neg, (F::ONE - t) * p);
            }
        }
    }

    #[inline]
    fn finish(self, _cols: usize) -> F {
        categorical_value(row_sum(self.pos), self.neg)
    }
}

/// `max(neg - pos + 1, 0)`, with `pos` rounded to the compute dtype first.
#[inline(always)]
pub(crate) fn categorical_value<F: Float>(pos: f64, neg: F) -> F {
    relu((neg - F::from_f64(pos)) + F::ONE)
}

/// Sparse categorical hinge: the categorical hinge of the one-hot row of
/// class `id`, read by element: `pos` is `1·p[id]` plus the
/// others' `0·p` (0, or NaN for an infinite or NaN score), `neg` the max of
/// the others' `1·p` and `0·p[id]`: exactly the terms the dense kernels add
/// and compare, so the same value, without the one-hot row.
pub(crate) fn sparse_value<F: Float>(cols: usize, id: usize, score: impl Fn(usize) -> F) -> F {
    let mut pos = 0.0_f64;
    let mut neg = F::NEG_INFINITY;
    let mut nan = false;
    for j in 0..cols {
        let p = score(j);
        let (t, v) = if j == id {
            (p, F::ZERO * p)
        } else {
            (F::ZERO * p, p)
        };
        pos += t.to_f64();
        nan |= v.is_nan();
        if v > neg {
            neg = v;
        }
    }
    if nan {
        return F::NAN;
    }
    F::ZERO.max_sse((neg - F::from_f64(pos)) + F::ONE)
}

/// The fixed combination of a row's lanes.
#[inline(always)]
pub(crate) fn row_sum(l: [f64; LANES]) -> f64 {
    (l[0] + l[1]) + (l[2] + l[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<R: RowState<f32>>(yt: &[f32], yp: &[f32]) -> f32 {
        let mut st = R::new();
        // Split the row to exercise the running state.
        let mid = yt.len() / 2 / LANES * LANES;
        st.update(&yt[..mid], &yp[..mid]);
        st.update(&yt[mid..], &yp[mid..]);
        st.finish(yt.len())
    }

    #[test]
    fn nan_helpers() {
        assert!(relu(f32::NAN).is_nan());
        assert_eq!(relu(-3.0_f32), 0.0);
        assert_eq!(relu(f32::INFINITY), f32::INFINITY);
        assert!(max_nan(f32::NAN, 1.0).is_nan());
        assert!(max_nan(1.0, f32::NAN).is_nan());
        assert_eq!(max_nan(1.0_f32, 2.0), 2.0);
    }

    #[test]
    fn keras_rows() {
        let yt = [0.0, 1.0];
        let yp = [0.6, 0.4];
        assert_eq!(row::<HingeRow<false, true>>(&yt, &yp), 1.1);
        assert_eq!(row::<HingeRow<true, true>>(&yt, &yp), 1.46);
        assert_eq!(row::<CategoricalRow<f32>>(&yt, &yp), 1.2);
    }

    #[test]
    fn lanes_fix_the_order() {
        // In lanes: (1e16 + 1) + (-1e16 + 1) rounds to 1e16 + -1e16 = 0;
        // a sequential sum would give (1e16 + 1 - 1e16) + 1 = 1.
        let yp = [1e16, 1.0, -1e16, 1.0];
        let mut st = <CategoricalRow<f64> as RowState<f64>>::new();
        st.update(&[1.0; 4], &yp);
        assert_eq!(row_sum(st.pos), 0.0);
        assert_eq!(st.finish(4), 1.0);
    }

    #[test]
    fn squared_overflows_in_f32() {
        let v = row::<HingeRow<true, false>>(&[1.0, 1.0], &[-1e20, 0.0]);
        assert_eq!(v, f32::INFINITY);
    }
}
