//! The hinge and squared hinge gradient of consecutive elements, `S` at a
//! time: the formulas of `crate::grad`, term by term in the compute dtype,
//! so every set writes the bits the element-by-element form writes.

use crate::float::Float;
use crate::simd::vector::{Lanes, Vector};

use super::AHEAD;

/// Writes `g[i]`, the gradient of element `i` of labels `t` and scores `p`,
/// with `c` the factor of the run (`s/C`, or `2s/C` when `SQUARED`) and
/// `kink` the derivative of `max(x, 0)` at 0. `CONVERT` maps labels to
/// `2t - 1`.
///
/// # Safety
/// `t` and `p` hold at least `g.len()` elements, and `L`'s instruction set
/// is enabled in the caller.
#[inline(always)]
pub(in crate::simd) unsafe fn hinge<L: Lanes, const SQUARED: bool, const CONVERT: bool>(
    t: &[L::F],
    p: &[L::F],
    c: L::F,
    kink: L::F,
    g: &mut [L::F],
) {
    let (s, n) = (L::V::S, g.len());
    let (t0, p0, g0) = (t.as_ptr(), p.as_ptr(), g.as_mut_ptr());
    let mut i = 0;
    while i + s <= n {
        // The gradient's lines fetched ahead, as the rows kernels fetch the
        // inputs': a store to a line not in cache waits for it.
        L::V::prefetch(g0.wrapping_add(i).cast::<u8>().wrapping_add(AHEAD));
        let (t, p) = (L::V::load(t0.add(i)), L::V::load(p0.add(i)));
        step::<L, SQUARED, CONVERT>(t, p, c, kink).store(g0.add(i));
        i += s;
    }
    if i < n {
        let pad = L::F::ONE;
        let (t, p) = (
            L::V::load_tail(t0.add(i), n - i, pad),
            L::V::load_tail(p0.add(i), n - i, pad),
        );
        step::<L, SQUARED, CONVERT>(t, p, c, kink).store_tail(g0.add(i), n - i);
    }
}

/// The gradient of `S` elements. A function, not a closure: a closure is
/// not compiled with the caller's instruction set, and its intrinsics
/// would be calls.
#[inline(always)]
unsafe fn step<L: Lanes, const SQUARED: bool, const CONVERT: bool>(
    t: L::V,
    p: L::V,
    c: L::F,
    kink: L::F,
) -> L::V {
    let (zero, one) = (L::V::splat(L::F::ZERO), L::V::splat(L::F::ONE));
    let y = if CONVERT {
        L::V::splat(L::F::TWO).mul(t).sub(one)
    } else {
        t
    };
    let x = one.sub(y.mul(p));
    let c = L::V::splat(c);
    if SQUARED {
        // MAX(0, x) keeps a NaN x, as the values do.
        zero.sub(y).mul(zero.max(x)).mul(c)
    } else {
        // k(x): 1 above 0 (where MAX(x, 0) is not 0), 0 below, the kink
        // at 0, NaN for NaN.
        let not_above = x.max(zero).equal(zero);
        let at_or_nan = L::V::select(
            x.equal(zero),
            L::V::splat(kink),
            L::V::select(x.unordered(x), L::V::splat(L::F::NAN), zero),
        );
        let k = L::V::select(not_above, at_or_nan, one);
        k.mul(zero.sub(y).mul(c))
    }
}
