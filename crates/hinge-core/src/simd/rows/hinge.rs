//! Rows of hinge and squared hinge. Tails are padded with `t = p = 1`,
//! whose term is exactly +0 and whose label is binary.

use std::mem::size_of;

use crate::float::Float;
use crate::simd::scalar::row_sum;
use crate::simd::vector::{Lanes, Sums, Vector};

use super::{Ahead, Fold, Mean};

/// The hinge terms of the `n <= S` elements at `t`, `p` (tails padded with
/// `t = p = 1`): `max(1 - c * p, 0)`, squared for squared hinge, where `c`
/// is the label, converted to `2 * t - 1` when `CONVERT`. `CHECK` also
/// records in `ok` whether every label is 0 or 1.
#[inline(always)]
unsafe fn step<V: Vector, const SQUARED: bool, const CONVERT: bool, const CHECK: bool>(
    t: *const V::F,
    p: *const V::F,
    n: usize,
    ok: &mut V,
) -> V {
    let one = V::F::ONE;
    let (t, p) = if n == V::S {
        (V::load(t), V::load(p))
    } else {
        (V::load_tail(t, n, one), V::load_tail(p, n, one))
    };
    let one = V::splat(one);
    let cp = if CHECK {
        let zero = t.equal(V::splat(V::F::ZERO));
        *ok = ok.and(zero.or(t.equal(one)));
        // The pass only counts when every label is 0 or 1, so `c` is -1
        // or 1 and `c * p` is `p` with its sign flipped where `t` is 0.
        p.xor(zero.and(V::splat(V::F::NEG_ZERO)))
    } else if CONVERT {
        V::splat(V::F::TWO).mul(t).sub(one).mul(p)
    } else {
        t.mul(p)
    };
    // MAX(0, d) returns d when d is NaN, as the reference's `relu`.
    let m = V::splat(V::F::ZERO).max(one.sub(cp));
    if SQUARED {
        m.mul(m)
    } else {
        m
    }
}

/// See `RowsFn`.
///
/// # Safety
/// As `RowsFn`, and `L`'s instruction set is enabled in the caller.
#[inline(always)]
pub(in crate::simd) unsafe fn rows<
    L: Lanes,
    const SQUARED: bool,
    const CONVERT: bool,
    const CHECK: bool,
>(
    yt: &[L::F],
    yp: &[L::F],
    cols: usize,
    vals: &mut [L::F],
    sums: Option<&mut [f64; 4]>,
) -> bool {
    let s = L::V::S;
    let rows = vals.len();
    let (t0, p0, v0) = (yt.as_ptr(), yp.as_ptr(), vals.as_mut_ptr());
    let size = size_of::<L::F>();
    let mut ahead = Ahead::new(t0, p0);
    let mut fold = Fold::<L>::new(sums);
    let one = L::V::splat(L::F::ONE);
    // All true: 1 == 1.
    let mut ok = one.equal(one);
    let mut r = 0;
    if cols == 1 {
        // A row's mean is its one term: 0 + term, widened and rounded
        // back, is the term itself (it is never -0).
        while r + s <= rows {
            ahead.past::<L::V>(r * size);
            let v = step::<L::V, SQUARED, CONVERT, CHECK>(t0.add(r), p0.add(r), s, &mut ok);
            v.store(v0.add(r));
            fold.wide(v);
            r += s;
        }
        if r < rows {
            let n = rows - r;
            let v = step::<L::V, SQUARED, CONVERT, CHECK>(t0.add(r), p0.add(r), n, &mut ok);
            v.store_tail(v0.add(r), n);
        }
    } else {
        let mean = Mean::new(cols);
        while r + 4 <= rows {
            ahead.past::<L::V>(r * cols * size);
            let (t, p) = (t0.add(r * cols), p0.add(r * cols));
            let [a, b, c, d] = lane_sums::<L, SQUARED, CONVERT, CHECK, 4>(t, p, cols, &mut ok);
            let mean4 = mean.of4(L::Acc::reduce4(a, b, c, d));
            fold.four(L::store4(v0.add(r), L::round4(mean4)));
            r += 4;
        }
        for i in r..rows {
            let (t, p) = (t0.add(i * cols), p0.add(i * cols));
            let [a] = lane_sums::<L, SQUARED, CONVERT, CHECK, 1>(t, p, cols, &mut ok);
            v0.add(i).write(L::F::from_f64(mean.of(row_sum(a.lanes()))));
        }
    }
    fold.rest(r, &vals[r..]);
    !CHECK || ok.all()
}

/// The lane sums of `R` consecutive rows starting at `t0`, `p0`, their
/// steps interleaved so the rows' dependency chains overlap.
#[inline(always)]
unsafe fn lane_sums<
    L: Lanes,
    const SQUARED: bool,
    const CONVERT: bool,
    const CHECK: bool,
    const R: usize,
>(
    t0: *const L::F,
    p0: *const L::F,
    cols: usize,
    ok: &mut L::V,
) -> [L::Acc; R] {
    let s = L::V::S;
    let step = step::<L::V, SQUARED, CONVERT, CHECK>;
    let tail = cols % s;
    let full = cols - tail;
    // The first step sets the lanes: 0 + term is the term, never being -0.
    let first = if full > 0 { s } else { tail };
    let mut acc = [L::Acc::splat(0.0); R];
    for (k, a) in acc.iter_mut().enumerate() {
        let (t, p) = (t0.add(k * cols), p0.add(k * cols));
        *a = L::widen(step(t, p, first, ok));
    }
    let mut j = first;
    while j < full {
        for (k, a) in acc.iter_mut().enumerate() {
            let (t, p) = (t0.add(k * cols + j), p0.add(k * cols + j));
            *a = L::widen_add(*a, step(t, p, s, ok));
        }
        j += s;
    }
    if tail > 0 && full > 0 {
        for (k, a) in acc.iter_mut().enumerate() {
            let (t, p) = (t0.add(k * cols + full), p0.add(k * cols + full));
            *a = L::widen_add(*a, step(t, p, tail, ok));
        }
    }
    acc
}
