//! A plain sum for the read roofline of the benchmarks.

use std::mem::size_of;

use crate::float::Float;
use crate::simd::scalar::row_sum;
use crate::simd::vector::{Lanes, Sums, Vector};

use super::Ahead;

/// Plain sum, as fast as the data arrive: the two halves are read side by
/// side (two streams, as the losses read their two inputs), each into two
/// vector accumulators.
///
/// # Safety
/// `L`'s instruction set is enabled in the caller.
#[inline(always)]
pub(in crate::simd) unsafe fn sum<L: Lanes>(data: &[L::F]) -> f64 {
    let s = L::V::S;
    let half = data.len() / 2 / (2 * s) * (2 * s);
    let (a, b) = (data.as_ptr(), data.as_ptr().add(half));
    let mut ahead = Ahead::new(a, b);
    let mut acc = [L::V::splat(L::F::ZERO); 4];
    let mut i = 0;
    while i < half {
        ahead.past::<L::V>(i * size_of::<L::F>());
        acc[0] = acc[0].add(L::V::load(a.add(i)));
        acc[1] = acc[1].add(L::V::load(a.add(i + s)));
        acc[2] = acc[2].add(L::V::load(b.add(i)));
        acc[3] = acc[3].add(L::V::load(b.add(i + s)));
        i += 2 * s;
    }
    // The rest of the second half.
    let rest = &data[2 * half..];
    let mut j = 0;
    while j < rest.len() {
        let n = s.min(rest.len() - j);
        acc[0] = acc[0].add(L::V::load_tail(rest.as_ptr().add(j), n, L::F::ZERO));
        j += n;
    }
    let v = acc[0].add(acc[1]).add(acc[2].add(acc[3]));
    row_sum(L::widen_add(L::Acc::splat(0.0), v).lanes())
}
