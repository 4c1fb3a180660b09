//! Rows of hinge and squared hinge. Tails are padded with `t = p = 1`,
//! whose term is exactly +0 and whose label is binary.

use crate::float::Float;
use crate::simd::scalar::row_sum;
use crate::simd::vector::{Lanes, Sums, Vector};

use super::load::Load;
use super::{Kernel, Mean};

/// `CONVERT` applies Keras' label conversion; `CHECK` also checks that
/// every label is 0 or 1.
pub(in crate::simd) struct Hinge<
    L: Lanes,
    const SQUARED: bool,
    const CONVERT: bool,
    const CHECK: bool,
> {
    /// True in every lane while the labels seen are 0 or 1.
    ok: L::V,
    cols: usize,
    mean: Mean,
}

impl<L: Lanes, const SQUARED: bool, const CONVERT: bool, const CHECK: bool>
    Hinge<L, SQUARED, CONVERT, CHECK>
{
    /// The hinge terms `max(1 - c * p, 0)`, squared for squared hinge,
    /// where `c` is the label, converted to `2 * t - 1` when `CONVERT`.
    #[inline(always)]
    unsafe fn terms(&mut self, t: L::V, p: L::V) -> L::V {
        let one = L::V::splat(L::F::ONE);
        let cp = if CHECK {
            let zero = t.equal(L::V::splat(L::F::ZERO));
            self.ok = self.ok.and(zero.or(t.equal(one)));
            // The pass only counts when every label is 0 or 1, so `c` is -1
            // or 1 and `c * p` is `p` with its sign flipped where `t` is 0.
            p.xor(zero.and(L::V::splat(L::F::NEG_ZERO)))
        } else if CONVERT {
            L::V::splat(L::F::TWO).mul(t).sub(one).mul(p)
        } else {
            t.mul(p)
        };
        // MAX(0, d) returns d when d is NaN, as the reference's `relu`.
        let m = L::V::splat(L::F::ZERO).max(one.sub(cp));
        if SQUARED {
            m.mul(m)
        } else {
            m
        }
    }

    /// The terms of the `n <= S` elements at `t`, `p`.
    #[inline(always)]
    unsafe fn step<T: Load<L::V>, P: Load<L::V>>(
        &mut self,
        t: *const T,
        p: *const P,
        n: usize,
    ) -> L::V {
        if n == L::V::S {
            self.terms(T::load(t), P::load(p))
        } else {
            let pad = L::F::ONE;
            self.terms(T::load_tail(t, n, pad), P::load_tail(p, n, pad))
        }
    }

    /// The lane sums of `R` consecutive rows starting at `t0`, `p0`, their
    /// steps interleaved so the rows' dependency chains overlap.
    #[inline(always)]
    unsafe fn lane_sums<const R: usize, T: Load<L::V>, P: Load<L::V>>(
        &mut self,
        t0: *const T,
        p0: *const P,
    ) -> [L::Acc; R] {
        let (s, cols) = (L::V::S, self.cols);
        let tail = cols % s;
        if tail == 0 {
            return self.whole_sums::<R, T, P>(t0, p0);
        }
        let full = cols - tail;
        // The first step sets the lanes: 0 + term is the term, never being -0.
        let first = if full > 0 { s } else { tail };
        let mut acc = [L::Acc::splat(0.0); R];
        for (k, a) in acc.iter_mut().enumerate() {
            *a = L::widen(self.step(t0.add(k * cols), p0.add(k * cols), first));
        }
        let mut j = first;
        while j < full {
            for (k, a) in acc.iter_mut().enumerate() {
                let (t, p) = (t0.add(k * cols + j), p0.add(k * cols + j));
                *a = L::widen_add(*a, self.step(t, p, s));
            }
            j += s;
        }
        if full > 0 {
            for (k, a) in acc.iter_mut().enumerate() {
                let (t, p) = (t0.add(k * cols + full), p0.add(k * cols + full));
                *a = L::widen_add(*a, self.step(t, p, tail));
            }
        }
        acc
    }

    /// [`lane_sums`](Self::lane_sums) of rows of whole vectors: without
    /// the tail's loads in the loop, the compiler unrolls the rows and
    /// keeps their sums in registers (rows of 8 ran 1.3x faster).
    #[inline(always)]
    unsafe fn whole_sums<const R: usize, T: Load<L::V>, P: Load<L::V>>(
        &mut self,
        t0: *const T,
        p0: *const P,
    ) -> [L::Acc; R] {
        let (s, cols) = (L::V::S, self.cols);
        let mut acc = [L::Acc::splat(0.0); R];
        for (k, a) in acc.iter_mut().enumerate() {
            let (t, p) = (T::load(t0.add(k * cols)), P::load(p0.add(k * cols)));
            *a = L::widen(self.terms(t, p));
        }
        let mut j = s;
        while j < cols {
            for (k, a) in acc.iter_mut().enumerate() {
                let o = k * cols + j;
                let (t, p) = (T::load(t0.add(o)), P::load(p0.add(o)));
                *a = L::widen_add(*a, self.terms(t, p));
            }
            j += s;
        }
        acc
    }
}

impl<L: Lanes, const SQUARED: bool, const CONVERT: bool, const CHECK: bool> Kernel<L>
    for Hinge<L, SQUARED, CONVERT, CHECK>
{
    const PAD: L::F = L::F::ONE;

    #[inline(always)]
    unsafe fn new(cols: usize) -> Self {
        let one = L::V::splat(L::F::ONE);
        Self {
            // All true: 1 == 1.
            ok: one.equal(one),
            cols,
            mean: Mean::new(cols),
        }
    }

    /// A row's mean is its one term: 0 + term, widened and rounded back,
    /// is the term itself (it is never -0).
    #[inline(always)]
    unsafe fn elements(&mut self, t: L::V, p: L::V) -> L::V {
        self.terms(t, p)
    }

    #[inline(always)]
    unsafe fn four<T: Load<L::V>, P: Load<L::V>>(
        &mut self,
        t: *const T,
        p: *const P,
        out: *mut L::F,
    ) -> L::Acc {
        let [a, b, c, d] = self.lane_sums::<4, T, P>(t, p);
        let means = self.mean.of4(L::Acc::reduce4(a, b, c, d));
        L::store4(out, L::round4(means))
    }

    #[inline(always)]
    unsafe fn one<T: Load<L::V>, P: Load<L::V>>(&mut self, t: *const T, p: *const P) -> L::F {
        let [a] = self.lane_sums::<1, T, P>(t, p);
        L::F::from_f64(self.mean.of(row_sum(a.lanes())))
    }

    #[inline(always)]
    unsafe fn ok(&self) -> bool {
        !CHECK || self.ok.all()
    }
}
