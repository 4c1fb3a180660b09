//! Rows of categorical hinge. Tails are padded with `t = p = 0`: `t * p` is
//! +0, and the padded lanes of `(1 - t) * p` are replaced by -inf.

use std::mem::size_of;

use crate::float::Float;
use crate::simd::scalar::{categorical_value, row_sum};
use crate::simd::vector::{Lanes, Sums, Vector};

use super::{Ahead, Fold};

/// See `RowsFn`.
///
/// # Safety
/// As `RowsFn`, and `L`'s instruction set is enabled in the caller.
#[inline(always)]
pub(in crate::simd) unsafe fn rows<L: Lanes>(
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
    let mut r = 0;
    if cols == 1 {
        while r + s <= rows {
            ahead.past::<L::V>(r * size);
            let v = elements(L::V::load(t0.add(r)), L::V::load(p0.add(r)));
            v.store(v0.add(r));
            fold.wide(v);
            r += s;
        }
        if r < rows {
            let n = rows - r;
            let t = L::V::load_tail(t0.add(r), n, L::F::ZERO);
            let p = L::V::load_tail(p0.add(r), n, L::F::ZERO);
            elements(t, p).store_tail(v0.add(r), n);
        }
    } else {
        let (zero, one) = (L::V::splat(L::F::ZERO), L::V::splat(L::F::ONE));
        while r + 4 <= rows {
            ahead.past::<L::V>(r * cols * size);
            let (t, p) = (t0.add(r * cols), p0.add(r * cols));
            let Parts { pos, neg, nan } = parts::<L, 4>(t, p, cols);
            // Lanes 0-3 are the four rows: `max(neg - pos + 1, 0)` with pos
            // rounded to the compute dtype, as the reference.
            let neg4 = L::V::hmax4(neg[0], neg[1], neg[2], neg[3]);
            let pos4 = L::round4(L::Acc::reduce4(pos[0], pos[1], pos[2], pos[3]));
            let v = zero.max(neg4.sub(pos4).add(one));
            let widened = L::store4(v0.add(r), v);
            if nan[0].or(nan[1]).or(nan[2].or(nan[3])).any() {
                // Rare: a NaN dropped by the max makes its row NaN.
                let mut four = widened.lanes();
                for (k, x) in four.iter_mut().enumerate() {
                    if nan[k].any() {
                        v0.add(r + k).write(L::F::NAN);
                        *x = f64::NAN;
                    }
                }
                fold.four(L::Acc::from_lanes(four));
            } else {
                fold.four(widened);
            }
            r += 4;
        }
        for i in r..rows {
            let (t, p) = (t0.add(i * cols), p0.add(i * cols));
            let Parts {
                pos: [pos],
                neg: [neg],
                nan: [nan],
            } = parts::<L, 1>(t, p, cols);
            let neg = if nan.any() { L::F::NAN } else { neg.hmax() };
            v0.add(i)
                .write(categorical_value(row_sum(pos.lanes()), neg));
        }
    }
    fold.rest(r, &vals[r..]);
    true
}

/// Categorical hinge of one-class rows: `pos = t * p` exactly (its sign of
/// zero cannot matter), so the whole formula runs element-wise in the
/// compute dtype.
#[inline(always)]
unsafe fn elements<V: Vector>(t: V, p: V) -> V {
    let one = V::splat(V::F::ONE);
    let (pos, neg) = (t.mul(p), one.sub(t).mul(p));
    // MAX(0, x) keeps a NaN x.
    V::splat(V::F::ZERO).max(neg.sub(pos).add(one))
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
unsafe fn parts<L: Lanes, const R: usize>(
    t0: *const L::F,
    p0: *const L::F,
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
            let (t, p) = (L::V::load(t0.add(o)), L::V::load(p0.add(o)));
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
            let t = L::V::load_tail(t0.add(o), tail, L::F::ZERO);
            let p = L::V::load_tail(p0.add(o), tail, L::F::ZERO);
            pos[k] = L::widen_add(pos[k], t.mul(p));
            let n = L::V::select(keep, one.sub(t).mul(p), lowest);
            nan[k] = n.unordered(nan[k]);
            neg[k] = n.max(neg[k]);
        }
    }
    Parts { pos, neg, nan }
}
