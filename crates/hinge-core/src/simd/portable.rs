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

macro_rules! bits {
    ($($f:ty: $u:ty),*) => {$(
        impl Bits for $f {
            type U = $u;
            const TRUE: $u = <$u>::MAX;
            fn bits(self) -> $u {
                self.to_bits()
            }
            fn of_bits(u: $u) -> $f {
                <$f>::from_bits(u)
            }
        }
    )*};
}

bits!(f32: u32, f64: u64);

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

/// Vector methods computed lane by lane, `name(x, y) => lane`.
macro_rules! per_lane {
    ($($name:ident($x:ident, $y:ident) => $lane:expr),* $(,)?) => {$(
        #[inline(always)]
        unsafe fn $name(self, b: Self) -> Self {
            array::from_fn(|i| {
                let ($x, $y) = (self[i], b[i]);
                $lane
            })
        }
    )*};
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
    per_lane! {
        add(x, y) => x + y,
        sub(x, y) => x - y,
        mul(x, y) => x * y,
        max(x, y) => max(x, y),
        equal(x, y) => mask(x == y),
        // `|`, not `||`: a branch per lane keeps the loops from vectorising.
        unordered(x, y) => mask(x.is_nan() | y.is_nan()),
        and(x, y) => F::of_bits(x.bits() & y.bits()),
        and_not(x, y) => F::of_bits((x.bits() ^ F::TRUE) & y.bits()),
        or(x, y) => F::of_bits(x.bits() | y.bits()),
        xor(x, y) => F::of_bits(x.bits() ^ y.bits()),
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
    per_lane! { div(x, y) => x / y }
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
