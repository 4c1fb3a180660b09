//! What the generic row kernels need from an instruction set: `S` lanes of
//! the compute dtype, masks in the same shape, and the four f64 lanes of a
//! row sum.

use crate::float::Float;

/// One instruction set at one compute dtype.
///
/// Every method is `unsafe`: it may only run on a CPU with the
/// implementor's instruction set, and pointers must be valid for the
/// elements it reads or writes. Masks are vectors whose lanes are all ones
/// (true) or all zeros (false).
pub(super) trait Lanes {
    type F: Float;
    /// `S` lanes of `F`.
    type V: Copy;
    /// Four f64 lanes.
    type Acc: Copy;
    /// Lanes per vector, a multiple of four.
    const S: usize;

    /// Reads `S` elements.
    unsafe fn load(p: *const Self::F) -> Self::V;
    /// Reads `n < S` elements; the other lanes hold `pad`.
    unsafe fn load_tail(p: *const Self::F, n: usize, pad: Self::F) -> Self::V;
    /// Writes `S` elements.
    unsafe fn store(p: *mut Self::F, v: Self::V);
    /// Writes the first `n < S` lanes.
    unsafe fn store_tail(p: *mut Self::F, n: usize, v: Self::V);
    unsafe fn splat(x: Self::F) -> Self::V;

    unsafe fn add(a: Self::V, b: Self::V) -> Self::V;
    unsafe fn sub(a: Self::V, b: Self::V) -> Self::V;
    unsafe fn mul(a: Self::V, b: Self::V) -> Self::V;
    /// `a > b ? a : b` per lane, as MAXPS: `b` whenever either is NaN.
    unsafe fn max(a: Self::V, b: Self::V) -> Self::V;
    /// The largest lane, NaN lanes excluded.
    unsafe fn hmax(v: Self::V) -> Self::F;
    /// `hmax` of `a`, `b`, `c` and `d` in lanes 0 to 3 (other lanes
    /// unspecified), with shared shuffles.
    unsafe fn hmax4(a: Self::V, b: Self::V, c: Self::V, d: Self::V) -> Self::V;

    unsafe fn eq(a: Self::V, b: Self::V) -> Self::V;
    /// True where `a` or `b` is NaN.
    unsafe fn unordered(a: Self::V, b: Self::V) -> Self::V;
    unsafe fn and(a: Self::V, b: Self::V) -> Self::V;
    unsafe fn or(a: Self::V, b: Self::V) -> Self::V;
    unsafe fn xor(a: Self::V, b: Self::V) -> Self::V;
    /// `m ? a : b` per lane.
    unsafe fn select(m: Self::V, a: Self::V, b: Self::V) -> Self::V;
    /// True in the first `n < S` lanes.
    unsafe fn first(n: usize) -> Self::V;
    unsafe fn all(m: Self::V) -> bool;
    unsafe fn any(m: Self::V) -> bool;

    unsafe fn acc_zero() -> Self::Acc;
    unsafe fn acc_set(lanes: [f64; 4]) -> Self::Acc;
    /// `acc_add(acc_zero(), v)` for a `v` without -0, which needs no
    /// additions: the first step of a row.
    unsafe fn acc_first(v: Self::V) -> Self::Acc;
    /// Adds lane `k` of `v` to row lane `k % 4`, lanes 0..4 first, then
    /// 4..8: the column order of the reference.
    unsafe fn acc_add(acc: Self::Acc, v: Self::V) -> Self::Acc;
    /// Adds four f64 lanes to four lanes.
    unsafe fn acc_add_f64(acc: Self::Acc, v: Self::Acc) -> Self::Acc;
    /// `(r0 + r1) + (r2 + r3)` of each of four rows, in row order.
    unsafe fn reduce4(a: Self::Acc, b: Self::Acc, c: Self::Acc, d: Self::Acc) -> Self::Acc;
    unsafe fn acc_mul(acc: Self::Acc, x: f64) -> Self::Acc;
    unsafe fn acc_div(acc: Self::Acc, x: f64) -> Self::Acc;
    unsafe fn acc_lanes(acc: Self::Acc) -> [f64; 4];
    /// The four lanes rounded to `F`, in lanes 0 to 3 (other lanes
    /// unspecified).
    unsafe fn round4(acc: Self::Acc) -> Self::V;
    /// Writes lanes 0 to 3 and returns them widened to f64.
    unsafe fn store4(p: *mut Self::F, v: Self::V) -> Self::Acc;
}
