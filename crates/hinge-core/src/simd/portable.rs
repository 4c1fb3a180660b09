//! The portable kernels: lanes as plain arrays, eight f32 or four f64, whose
//! fixed-length loops the compiler turns into the target's own vector
//! instructions (NEON on arm64, SSE2 on x86_64). Chosen on CPUs without a
//! set of their own, and by the `force-scalar` feature; reported as
//! "scalar", since no code here is written for one instruction set.
//!
//! The lanes follow the arithmetic of the x86_64 sets exactly (MAXPS
//! semantics, masks as all-ones lanes), so the same generic kernels give
//! the same bits.

use std::array;
use std::ops::{BitAnd, BitOr, BitXor};
use std::ptr;

use crate::float::Float;

use super::rows::kernel_set;
use super::scalar::row_sum;
use super::vector::{Lanes, Sums, Vector};

/// A compute dtype's bits, for masks.
trait Bits: Float {
    type U: Copy
        + PartialEq
        + BitAnd<Output = Self::U>
        + BitOr<Output = Self::U>
        + BitXor<Output = Self::U>;
    /// All ones: a true lane.
    const TRUE: Self::U;
    fn bits(self) -> Self::U;
    fn of_bits(u: Self::U) -> Self;
}

impl Bits for f32 {
    type U = u32;
    const TRUE: u32 = u32::MAX;
    fn bits(self) -> u32 {
        self.to_bits()
    }
    fn of_bits(u: u32) -> f32 {
        f32::from_bits(u)
    }
}

impl Bits for f64 {
    type U = u64;
    const TRUE: u64 = u64::MAX;
    fn bits(self) -> u64 {
        self.to_bits()
    }
    fn of_bits(u: u64) -> f64 {
        f64::from_bits(u)
    }
}

#[inline(always)]
fn mask<F: Bits>(b: bool) -> F {
    if b {
        F::of_bits(F::TRUE)
    } else {
        F::ZERO
    }
}

/// Whether a mask lane is true; mask lanes are all ones or all zeros.
#[inline(always)]
fn truth<F: Bits>(m: F) -> bool {
    m.bits() != F::ZERO.bits()
}

/// MAXPS on one lane. Not `Float::max_sse`: on x86_64 that is MAXSS, one
/// lane at a time, which would keep the loops from vectorising.
#[inline(always)]
fn max<F: Float>(a: F, b: F) -> F {
    if a > b {
        a
    } else {
        b
    }
}

#[inline(always)]
fn lanewise<F: Copy, const S: usize>(a: [F; S], b: [F; S], f: impl Fn(F, F) -> F) -> [F; S] {
    array::from_fn(|i| f(a[i], b[i]))
}

#[inline(always)]
fn bitwise<F: Bits, const S: usize>(
    a: [F; S],
    b: [F; S],
    f: impl Fn(F::U, F::U) -> F::U,
) -> [F; S] {
    lanewise(a, b, |x, y| F::of_bits(f(x.bits(), y.bits())))
}

impl<F: Bits, const S: usize> Vector for [F; S] {
    type F = F;
    const S: usize = S;

    #[inline(always)]
    unsafe fn load(p: *const F) -> Self {
        ptr::read_unaligned(p.cast())
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut F) {
        ptr::write_unaligned(p.cast(), self)
    }
    #[inline(always)]
    unsafe fn splat(x: F) -> Self {
        [x; S]
    }
    #[inline(always)]
    unsafe fn add(self, b: Self) -> Self {
        lanewise(self, b, |x, y| x + y)
    }
    #[inline(always)]
    unsafe fn sub(self, b: Self) -> Self {
        lanewise(self, b, |x, y| x - y)
    }
    #[inline(always)]
    unsafe fn mul(self, b: Self) -> Self {
        lanewise(self, b, |x, y| x * y)
    }
    #[inline(always)]
    unsafe fn max(self, b: Self) -> Self {
        lanewise(self, b, max)
    }
    #[inline(always)]
    unsafe fn hmax(self) -> F {
        self.into_iter().fold(F::NEG_INFINITY, max)
    }
    #[inline(always)]
    unsafe fn hmax4(a: Self, b: Self, c: Self, d: Self) -> Self {
        let mut m = [F::ZERO; S];
        for (x, v) in m.iter_mut().zip([a, b, c, d]) {
            *x = v.hmax();
        }
        m
    }
    #[inline(always)]
    unsafe fn equal(self, b: Self) -> Self {
        array::from_fn(|i| mask(self[i] == b[i]))
    }
    #[inline(always)]
    unsafe fn unordered(self, b: Self) -> Self {
        // `|`, not `||`: a branch per lane keeps the loops from vectorising.
        array::from_fn(|i| mask(self[i].is_nan() | b[i].is_nan()))
    }
    #[inline(always)]
    unsafe fn and(self, b: Self) -> Self {
        bitwise(self, b, |x, y| x & y)
    }
    #[inline(always)]
    unsafe fn or(self, b: Self) -> Self {
        bitwise(self, b, |x, y| x | y)
    }
    #[inline(always)]
    unsafe fn xor(self, b: Self) -> Self {
        bitwise(self, b, |x, y| x ^ y)
    }
    #[inline(always)]
    unsafe fn select(m: Self, a: Self, b: Self) -> Self {
        array::from_fn(|i| if truth(m[i]) { a[i] } else { b[i] })
    }
    #[inline(always)]
    unsafe fn first(n: usize) -> Self {
        array::from_fn(|i| mask(i < n))
    }
    #[inline(always)]
    unsafe fn all(self) -> bool {
        self.into_iter().all(truth)
    }
    #[inline(always)]
    unsafe fn any(self) -> bool {
        self.into_iter().any(truth)
    }
    /// Stable Rust has no portable prefetch: the hardware prefetcher alone
    /// serves here.
    #[inline(always)]
    unsafe fn prefetch(_: *const u8) {}
}

impl Sums for [f64; 4] {
    #[inline(always)]
    unsafe fn div(self, b: Self) -> Self {
        lanewise(self, b, |x, y| x / y)
    }
    #[inline(always)]
    unsafe fn reduce4(a: Self, b: Self, c: Self, d: Self) -> Self {
        [row_sum(a), row_sum(b), row_sum(c), row_sum(d)]
    }
}

impl Lanes for [f32; 8] {
    type F = f32;
    type V = [f32; 8];
    type Acc = [f64; 4];

    #[inline(always)]
    unsafe fn widen(v: [f32; 8]) -> [f64; 4] {
        array::from_fn(|k| f64::from(v[k]) + f64::from(v[k + 4]))
    }
    #[inline(always)]
    unsafe fn widen_add(acc: [f64; 4], v: [f32; 8]) -> [f64; 4] {
        array::from_fn(|k| (acc[k] + f64::from(v[k])) + f64::from(v[k + 4]))
    }
    #[inline(always)]
    unsafe fn round4(acc: [f64; 4]) -> [f32; 8] {
        array::from_fn(|i| if i < 4 { acc[i] as f32 } else { 0.0 })
    }
    #[inline(always)]
    unsafe fn store4(p: *mut f32, v: [f32; 8]) -> [f64; 4] {
        ptr::copy_nonoverlapping(v.as_ptr(), p, 4);
        array::from_fn(|k| f64::from(v[k]))
    }
}

kernel_set!("scalar", [f32; 8], [f64; 4]);
