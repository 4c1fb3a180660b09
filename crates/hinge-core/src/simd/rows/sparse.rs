//! Rows of sparse categorical hinge: each row's label is a class id, and its
//! value is the categorical hinge of the one-hot row, computed without it.
//!
//! With every score of a row finite, the one-hot form's `pos` sums `p[id]`
//! and the others' `0·p`, zeros, so it is `p[id]` up to the sign of a zero;
//! its `neg` is the maximum of the others' `1·p = p` and of `0·p[id]`. A
//! zero's sign cannot change `max(neg - pos + 1, 0)`, so these give the
//! one-hot form's bits. A row with a score that is not finite takes the
//! one-hot form's own operations ([`sparse_value`]) for its very NaN.

use std::mem::size_of;

use crate::float::Float;
use crate::simd::scalar::sparse_value;
use crate::simd::vector::{Lanes, Vector};

use super::AHEAD;

/// Writes the value of row `i` of `yp` (rows of `cols` elements) with
/// class id `ids[i]` to `vals[i]`, for every `i < vals.len()`.
///
/// # Safety
/// `cols >= 1`, `ids` and `yp` hold at least `vals.len()` ids and rows,
/// every id is below `cols`, and `L`'s instruction set is enabled in the
/// caller.
#[inline(always)]
pub(in crate::simd) unsafe fn sparse<L: Lanes>(
    ids: &[usize],
    yp: &[L::F],
    cols: usize,
    vals: &mut [L::F],
) {
    let (s, rows) = (L::V::S, vals.len());
    let p0 = yp.as_ptr();
    let row = |i: usize| p0.add(i * cols);
    // Lane indices are compared as floats, exact below 2^24 (f32) or 2^53
    // (f64); longer rows (never met in practice) go element by element.
    let exact = if size_of::<L::F>() == 4 {
        1 << 24
    } else {
        1 << 53
    };
    if cols + s > exact {
        for (i, v) in vals.iter_mut().enumerate() {
            let p = row(i);
            *v = sparse_value(cols, ids[i], |j| *p.add(j));
        }
        return;
    }
    let lanes = Shape::<L>::new(cols);
    let (i0, v0) = (ids.as_ptr(), vals.as_mut_ptr());
    let mut fetched = 0;
    let mut r = 0;
    while r + 4 <= rows {
        let end = (r + 4) * cols * size_of::<L::F>();
        while fetched < end + AHEAD {
            // Never dereferenced: any address will do.
            L::V::prefetch(p0.cast::<u8>().wrapping_add(fetched));
            fetched += 64;
        }
        let (p, id) = (row(r), [0, 1, 2, 3].map(|k| *i0.add(r + k)));
        let Parts { neg, bad } = lanes.parts::<4>(p, id);
        let mut pos = [L::F::ZERO; 8];
        for k in 0..4 {
            pos[k] = *p.add(k * cols + id[k]);
        }
        let neg = L::V::hmax4(neg[0], neg[1], neg[2], neg[3]);
        let (zero, one) = (L::V::splat(L::F::ZERO), L::V::splat(L::F::ONE));
        // Lanes 0-3: `max(neg - pos + 1, 0)` of the four rows.
        let four = zero.max(neg.sub(L::V::load(pos.as_ptr())).add(one));
        L::store4(v0.add(r), four);
        if bad[0].or(bad[1]).or(bad[2].or(bad[3])).any() {
            for k in 0..4 {
                if bad[k].any() {
                    let p = row(r + k);
                    *v0.add(r + k) = sparse_value(cols, id[k], |j| *p.add(j));
                }
            }
        }
        r += 4;
    }
    for i in r..rows {
        let (p, id) = (row(i), *i0.add(i));
        let Parts {
            neg: [neg],
            bad: [bad],
        } = lanes.parts::<1>(p, [id]);
        *v0.add(i) = if bad.any() {
            sparse_value(cols, id, |j| *p.add(j))
        } else {
            value(neg.hmax(), *p.add(id))
        };
    }
}

/// `max(neg - pos + 1, 0)`, as the categorical kernels finish a row.
#[inline(always)]
fn value<F: Float>(neg: F, pos: F) -> F {
    F::ZERO.max_sse((neg - pos) + F::ONE)
}

/// Per row of a group: the lane maxima of the one-hot form's `(1 - t)·p`,
/// and the lanes that met a score that is not finite.
struct Parts<V, const R: usize> {
    neg: [V; R],
    bad: [V; R],
}

/// What every row of a call shares: its length and the lane indices.
struct Shape<L: Lanes> {
    cols: usize,
    /// `0, 1, …, S - 1`.
    iota: L::V,
    /// True in the lanes of a last, partial vector of a row.
    keep: L::V,
}

impl<L: Lanes> Shape<L> {
    #[inline(always)]
    unsafe fn new(cols: usize) -> Self {
        let mut iota = [L::F::ZERO; 8];
        for (k, x) in iota.iter_mut().enumerate() {
            *x = L::F::from_elem(k as i32);
        }
        Self {
            cols,
            iota: L::V::load(iota.as_ptr()),
            keep: L::V::first(cols % L::V::S),
        }
    }

    /// The [`Parts`] of `R` consecutive rows from `p0`, of classes `id`.
    #[inline(always)]
    unsafe fn parts<const R: usize>(&self, p0: *const L::F, id: [usize; R]) -> Parts<L::V, R> {
        let (s, cols) = (L::V::S, self.cols);
        let zero = L::V::splat(L::F::ZERO);
        let lowest = L::V::splat(L::F::NEG_INFINITY);
        let step = L::V::splat(L::F::from_elem(s as i32));
        let tail = cols % s;
        let full = cols - tail;
        // Exact: ids are below `cols`, below 2^24.
        let id: [L::V; R] = id.map(|i| L::V::splat(L::F::from_elem(i as i32)));
        let mut neg = [lowest; R];
        let mut bad = [zero; R];
        let mut lane = self.iota;
        let mut j = 0;
        while j < full {
            for k in 0..R {
                let p = L::V::load(p0.add(k * cols + j));
                // 0·p is NaN exactly where p is not finite, and a NaN lane
                // of `bad` stays true (see `categorical::parts`).
                bad[k] = p.mul(zero).unordered(bad[k]);
                // +0 for the class's own `0·p`, a zero of either sign.
                neg[k] = lane.equal(id[k]).and_not(p).max(neg[k]);
            }
            lane = lane.add(step);
            j += s;
        }
        if tail > 0 {
            for k in 0..R {
                let p = L::V::load_tail(p0.add(k * cols + full), tail, L::F::ZERO);
                bad[k] = p.mul(zero).unordered(bad[k]);
                let n = lane.equal(id[k]).and_not(p);
                neg[k] = L::V::select(self.keep, n, lowest).max(neg[k]);
            }
        }
        Parts { neg, bad }
    }
}
