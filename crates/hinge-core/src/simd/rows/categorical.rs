//! Rows of categorical hinge. Tails are padded with `t = p = 0`: `t * p` is
//! +0, and the padded lanes of `(1 - t) * p` are replaced by -inf.

use std::marker::PhantomData;

use crate::float::Float;
use crate::simd::scalar::{categorical_value, row_sum};
use crate::simd::vector::{Lanes, Sums, Vector};

use super::load::Load;
use super::Kernel;

pub(in crate::simd) struct Categorical<L> {
    cols: usize,
    lanes: PhantomData<L>,
}

impl<L: Lanes> Kernel<L> for Categorical<L> {
    const PAD: L::F = L::F::ZERO;

    #[inline(always)]
    unsafe fn new(cols: usize) -> Self {
        let lanes = PhantomData;
        Self { cols, lanes }
    }

    /// `pos = t * p` exactly (its sign of zero cannot matter), so the whole
    /// formula runs element-wise in the compute dtype.
    #[inline(always)]
    unsafe fn elements(&mut self, t: L::V, p: L::V) -> L::V {
        let one = L::V::splat(L::F::ONE);
        let (pos, neg) = (t.mul(p), one.sub(t).mul(p));
        // MAX(0, x) keeps a NaN x.
        L::V::splat(L::F::ZERO).max(neg.sub(pos).add(one))
    }

    #[inline(always)]
    unsafe fn four<T: Load<L::V>, P: Load<L::V>>(
        &mut self,
        t: *const T,
        p: *const P,
        out: *mut L::F,
    ) -> L::Acc {
        let Parts { pos, neg, nan } = parts::<L, 4, T, P>(t, p, self.cols);
        // Lanes 0-3 are the four rows: `max(neg - pos + 1, 0)` with pos
        // rounded to the compute dtype, as the reference.
        let neg4 = L::V::hmax4(neg[0], neg[1], neg[2], neg[3]);
        let pos4 = L::round4(L::Acc::reduce4(pos[0], pos[1], pos[2], pos[3]));
        let (zero, one) = (L::V::splat(L::F::ZERO), L::V::splat(L::F::ONE));
        let widened = L::store4(out, zero.max(neg4.sub(pos4).add(one)));
        if !nan[0].or(nan[1]).or(nan[2].or(nan[3])).any() {
            return widened;
        }
        // Rare: a NaN dropped by the max makes its row NaN.
        let mut four = widened.lanes();
        for (k, x) in four.iter_mut().enumerate() {
            if nan[k].any() {
                out.add(k).write(L::F::NAN);
                *x = f64::NAN;
            }
        }
        L::Acc::from_lanes(four)
    }

    #[inline(always)]
    unsafe fn one<T: Load<L::V>, P: Load<L::V>>(&mut self, t: *const T, p: *const P) -> L::F {
        let Parts {
            pos: [pos],
            neg: [neg],
            nan: [nan],
        } = parts::<L, 1, T, P>(t, p, self.cols);
        let neg = if nan.any() { L::F::NAN } else { neg.hmax() };
        categorical_value(row_sum(pos.lanes()), neg)
    }

    #[inline(always)]
    unsafe fn ok(&self) -> bool {
        true
    }
}

/// Per row of a group of `R`: the lane sums of `t * p`, the lane maxima of
/// `(1 - t) * p` without NaNs, and the lanes that met a NaN there.
struct Parts<L: Lanes, const R: usize> {
    pos: [L::Acc; R],
    neg: [L::V; R],
    nan: [L::V; R],
}

/// The [`Parts`] of `R` consecutive rows starting at `t0`, `p0`.
#[inline(always)]
unsafe fn parts<L: Lanes, const R: usize, T: Load<L::V>, P: Load<L::V>>(
    t0: *const T,
    p0: *const P,
    cols: usize,
) -> Parts<L, R> {
    let s = L::V::S;
    let one = L::V::splat(L::F::ONE);
    let lowest = L::V::splat(L::F::NEG_INFINITY);
    let tail = cols % s;
    let full = cols - tail;
    let mut pos = [L::Acc::splat(0.0); R];
    let mut neg = [lowest; R];
    let mut nan = [L::V::splat(L::F::ZERO); R];
    let mut j = 0;
    while j < full {
        for k in 0..R {
            let o = k * cols + j;
            let (t, p) = (T::load(t0.add(o)), P::load(p0.add(o)));
            pos[k] = L::widen_add(pos[k], t.mul(p));
            let n = one.sub(t).mul(p);
            // Once a lane of `nan` is true its bits are a NaN, which keeps
            // it true: one instruction per step records every NaN `n`.
            nan[k] = n.unordered(nan[k]);
            // MAX(n, neg) drops a NaN n, which `nan` has recorded.
            neg[k] = n.max(neg[k]);
        }
        j += s;
    }
    if tail > 0 {
        let keep = L::V::first(tail);
        for k in 0..R {
            let o = k * cols + full;
            let t = T::load_tail(t0.add(o), tail, L::F::ZERO);
            let p = P::load_tail(p0.add(o), tail, L::F::ZERO);
            pos[k] = L::widen_add(pos[k], t.mul(p));
            let n = L::V::select(keep, one.sub(t).mul(p), lowest);
            nan[k] = n.unordered(nan[k]);
            neg[k] = n.max(neg[k]);
        }
    }
    Parts { pos, neg, nan }
}
