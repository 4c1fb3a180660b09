//! What the row kernels need from an instruction set: a vector of `S` lanes
//! of one float type, four f64 lanes to sum rows in, and the conversions
//! between the two. The kernels in `rows` are written once over these
//! traits; each instruction set implements them on its own registers.

use std::ptr;

use crate::float::Float;

use super::binary16;

/// `S` lanes of one float type: one register, or a fixed group of them.
///
/// Every method is `unsafe`: it may only run on a CPU with the
/// implementor's instruction set, and pointers must be valid for the
/// elements it reads or writes. Masks are vectors whose lanes are all ones
/// (true) or all zeros (false).
pub(crate) trait Vector: Copy {
    type F: Float;
    /// Lanes per vector, a multiple of four and at most eight.
    const S: usize;

    /// Reads `S` elements.
    unsafe fn load(p: *const Self::F) -> Self;
    /// Reads `n < S` elements; the other lanes hold `pad`.
    unsafe fn load_tail(p: *const Self::F, n: usize, pad: Self::F) -> Self {
        let mut buf = [pad; 8];
        ptr::copy_nonoverlapping(p, buf.as_mut_ptr(), n);
        Self::load(buf.as_ptr())
    }
    /// Writes `S` elements.
    unsafe fn store(self, p: *mut Self::F);
    /// Writes the first `n < S` lanes.
    unsafe fn store_tail(self, p: *mut Self::F, n: usize) {
        let mut buf = [Self::F::ZERO; 8];
        self.store(buf.as_mut_ptr());
        ptr::copy_nonoverlapping(buf.as_ptr(), p, n);
    }
    unsafe fn splat(x: Self::F) -> Self;
    /// Reads `S` binary16 values (as bits), each widened exactly; NaNs come
    /// back quiet, as the F16C instruction makes them.
    unsafe fn load_f16(p: *const u16) -> Self {
        let mut buf = [Self::F::ZERO; 8];
        for (k, x) in buf[..Self::S].iter_mut().enumerate() {
            *x = Self::F::from_elem(binary16::to_f32(p.add(k).read_unaligned()));
        }
        Self::load(buf.as_ptr())
    }

    /// Reads `S` bytes, each widened exactly.
    unsafe fn load_u8(p: *const u8) -> Self {
        let mut buf = [Self::F::ZERO; 8];
        for (k, x) in buf[..Self::S].iter_mut().enumerate() {
            *x = Self::F::from_elem(p.add(k).read());
        }
        Self::load(buf.as_ptr())
    }

    unsafe fn add(self, b: Self) -> Self;
    unsafe fn sub(self, b: Self) -> Self;
    unsafe fn mul(self, b: Self) -> Self;
    /// `self > b ? self : b` per lane, as MAXPS: `b` whenever either is NaN.
    unsafe fn max(self, b: Self) -> Self;
    /// The largest lane of a vector without NaN lanes.
    unsafe fn hmax(self) -> Self::F;
    /// `hmax` of `a`, `b`, `c` and `d` in lanes 0 to 3 (other lanes
    /// unspecified), with shared shuffles.
    unsafe fn hmax4(a: Self, b: Self, c: Self, d: Self) -> Self;

    unsafe fn equal(self, b: Self) -> Self;
    /// True where `self` or `b` is NaN.
    unsafe fn unordered(self, b: Self) -> Self;
    unsafe fn and(self, b: Self) -> Self;
    /// `b` where `self` is false, +0 where it is true.
    unsafe fn and_not(self, b: Self) -> Self;
    unsafe fn or(self, b: Self) -> Self;
    unsafe fn xor(self, b: Self) -> Self;
    /// `m ? a : b` per lane.
    unsafe fn select(m: Self, a: Self, b: Self) -> Self;
    /// True in the first `n < S` lanes.
    unsafe fn first(n: usize) -> Self;
    unsafe fn all(self) -> bool;
    unsafe fn any(self) -> bool;

    /// A hint to fetch the cache line at `p` (never dereferenced, so any
    /// address will do).
    unsafe fn prefetch(p: *const u8);
}

/// Four f64 lanes: the lane sums of a row, or the values of four rows.
pub(crate) trait Sums: Vector<F = f64> {
    unsafe fn div(self, b: Self) -> Self;
    /// `(r0 + r1) + (r2 + r3)` of each of four rows, in row order.
    unsafe fn reduce4(a: Self, b: Self, c: Self, d: Self) -> Self;

    #[inline(always)]
    unsafe fn from_lanes(lanes: [f64; 4]) -> Self {
        Self::load(lanes.as_ptr())
    }
    #[inline(always)]
    unsafe fn lanes(self) -> [f64; 4] {
        let mut out = [0.0; 4];
        self.store(out.as_mut_ptr());
        out
    }
}

/// One instruction set at one compute dtype: its vector `V`, the four f64
/// lanes `Acc` of a row sum, and the conversions between them.
pub(crate) trait Lanes {
    type F: Float;
    type V: Vector<F = Self::F>;
    type Acc: Sums;

    /// `widen_add(zero, v)` for a `v` without -0, which needs no additions: the
    /// first step of a row.
    unsafe fn widen(v: Self::V) -> Self::Acc;
    /// Adds lane `k` of `v` to row lane `k % 4`, lanes 0..4 first, then
    /// 4..8: the column order of the reference.
    unsafe fn widen_add(acc: Self::Acc, v: Self::V) -> Self::Acc;
    /// The four lanes rounded to `F`, in lanes 0 to 3 (other lanes
    /// unspecified).
    unsafe fn round4(acc: Self::Acc) -> Self::V;
    /// Writes lanes 0 to 3 and returns them widened to f64.
    unsafe fn store4(p: *mut Self::F, v: Self::V) -> Self::Acc;
}

/// In f64 the vector is its own accumulator: widening and rounding are the
/// identity.
impl<A: Sums> Lanes for A {
    type F = f64;
    type V = A;
    type Acc = A;

    #[inline(always)]
    unsafe fn widen(v: A) -> A {
        v
    }
    #[inline(always)]
    unsafe fn widen_add(acc: A, v: A) -> A {
        acc.add(v)
    }
    #[inline(always)]
    unsafe fn round4(acc: A) -> A {
        acc
    }
    #[inline(always)]
    unsafe fn store4(p: *mut f64, v: A) -> A {
        v.store(p);
        v
    }
}
