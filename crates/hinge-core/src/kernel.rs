//! Per-row loss math over compute-dtype slices.
//!
//! A row may arrive in several segments (chunked conversion, huge rows), so
//! each kernel keeps a small running state. This is the seam where explicit
//! SIMD versions of `update` can replace the scalar loops.

use crate::float::Float;

pub(crate) trait RowKernel<F: Float> {
    type State: Copy;

    fn start() -> Self::State;
    fn update(state: &mut Self::State, yt: &[F], yp: &[F]);
    fn finish(state: Self::State, cols: usize) -> F;
}

/// `max(d, 0)` that keeps NaN, as NumPy's `maximum` does (`f32::max` would
/// drop it). It would keep a `d` of `-0`, but `1 - x` and `x + 1`, the only
/// arguments it gets, are never `-0`.
#[inline(always)]
pub(crate) fn relu<F: Float>(d: F) -> F {
    F::ZERO.max_sse(d)
}

/// NaN-propagating max, as NumPy's `max` reduction.
#[inline(always)]
pub(crate) fn max_nan<F: Float>(a: F, b: F) -> F {
    // `max_sse` already returns a NaN `b`; a NaN `a` must survive a later
    // non-NaN `b`. NaNs are rare, so this branch predicts well.
    if a.is_nan() {
        a
    } else {
        a.max_sse(b)
    }
}

/// Hinge (`SQUARED = false`) or squared hinge. `BINARY` applies Keras'
/// `{0,1} -> {-1,1}` label conversion, decided once for the whole tensor.
pub(crate) struct Hinge<const SQUARED: bool, const BINARY: bool>;

impl<F: Float, const SQUARED: bool, const BINARY: bool> RowKernel<F> for Hinge<SQUARED, BINARY> {
    /// Σ of the terms so far, in f64.
    type State = f64;

    #[inline(always)]
    fn start() -> f64 {
        0.0
    }

    #[inline]
    fn update(sum: &mut f64, yt: &[F], yp: &[F]) {
        for (&t, &p) in yt.iter().zip(yp) {
            let t = if BINARY { F::TWO * t - F::ONE } else { t };
            let term = relu(F::ONE - t * p);
            let term = if SQUARED { term * term } else { term };
            *sum += term.to_f64();
        }
    }

    #[inline]
    fn finish(sum: f64, cols: usize) -> F {
        F::from_f64(sum / cols as f64)
    }
}

pub(crate) struct Categorical;

#[derive(Clone, Copy)]
pub(crate) struct CategoricalState<F> {
    pos: f64,
    neg: F,
}

impl<F: Float> RowKernel<F> for Categorical {
    type State = CategoricalState<F>;

    #[inline(always)]
    fn start() -> Self::State {
        CategoricalState {
            pos: 0.0,
            neg: F::NEG_INFINITY,
        }
    }

    #[inline]
    fn update(state: &mut Self::State, yt: &[F], yp: &[F]) {
        for (&t, &p) in yt.iter().zip(yp) {
            state.pos += (t * p).to_f64();
            // Every class takes part, the true one included (its term is 0*p).
            state.neg = max_nan(state.neg, (F::ONE - t) * p);
        }
    }

    #[inline]
    fn finish(state: Self::State, _cols: usize) -> F {
        let pos = F::from_f64(state.pos);
        relu((state.neg - pos) + F::ONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<K: RowKernel<f32>>(yt: &[f32], yp: &[f32]) -> f32 {
        let mut st = K::start();
        // Split the row to exercise the running state.
        let mid = yt.len() / 2;
        K::update(&mut st, &yt[..mid], &yp[..mid]);
        K::update(&mut st, &yt[mid..], &yp[mid..]);
        K::finish(st, yt.len())
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
        assert_eq!(row::<Hinge<false, true>>(&yt, &yp), 1.1);
        assert_eq!(row::<Hinge<true, true>>(&yt, &yp), 1.46);
        assert_eq!(row::<Categorical>(&yt, &yp), 1.2);
    }

    #[test]
    fn squared_overflows_in_f32() {
        let v = row::<Hinge<true, false>>(&[1.0, 1.0], &[-1e20, 0.0]);
        assert_eq!(v, f32::INFINITY);
    }
}
