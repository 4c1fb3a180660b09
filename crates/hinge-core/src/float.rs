//! The two compute dtypes behind one trait, so every kernel is written once.

use std::fmt::Debug;
use std::ops::{Add, Mul, Sub};

use crate::input::{Element, Input};
use crate::job::Output;

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// A compute dtype: `f32` or `f64`.
///
/// Sealed because the arithmetic contract (no FMA, IEEE rounding, f64 sums)
/// is only verified for these two types.
pub trait Float:
    sealed::Sealed
    + Copy
    + Debug
    + PartialOrd
    + Send
    + Sync
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + 'static
{
    const ZERO: Self;
    const ONE: Self;
    const TWO: Self;
    const NEG_INFINITY: Self;
    const NAN: Self;
    const NEG_ZERO: Self;

    fn to_f64(self) -> f64;
    /// Rounds to nearest, ties to even.
    fn from_f64(v: f64) -> Self;
    /// Rust `as` conversion: round to nearest for every source type.
    fn from_elem<E: Element>(e: E) -> Self;
    fn is_nan(self) -> bool;
    /// `if self > other { self } else { other }`: `other` wins on NaN and
    /// on ties, exactly x86's MAXSS/MAXSD. Unlike `f32::max` it can keep a
    /// NaN, and unlike an `if` it never becomes a data-dependent branch.
    fn max_sse(self, other: Self) -> Self;
    /// Elements `start .. start + dst.len()` of `input` converted into
    /// `dst`, by the conversion of the kernel set chosen for this CPU.
    fn convert(input: &Input<'_>, start: usize, dst: &mut [Self]);
    /// The input as a slice of `Self` when no conversion is needed.
    fn borrow<'a>(input: &Input<'a>) -> Option<&'a [Self]>;
    /// The output slice when its dtype is `Self`.
    fn output(out: Output<'_>) -> Option<&mut [Self]>;
}

impl Float for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const TWO: Self = 2.0;
    const NEG_INFINITY: Self = f32::NEG_INFINITY;
    const NAN: Self = f32::NAN;
    const NEG_ZERO: Self = -0.0;

    #[inline(always)]
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    #[inline(always)]
    fn from_f64(v: f64) -> Self {
        v as f32
    }
    #[inline(always)]
    fn from_elem<E: Element>(e: E) -> Self {
        e.to_f32()
    }
    #[inline(always)]
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
    #[inline(always)]
    fn max_sse(self, other: Self) -> Self {
        max_f32(self, other)
    }
    fn convert(input: &Input<'_>, start: usize, dst: &mut [Self]) {
        crate::simd::select().f32.convert(input, start, dst);
    }
    fn borrow<'a>(input: &Input<'a>) -> Option<&'a [Self]> {
        match *input {
            Input::F32(s) => Some(s),
            _ => None,
        }
    }
    fn output(out: Output<'_>) -> Option<&mut [Self]> {
        match out {
            Output::F32(s) => Some(s),
            Output::F64(_) => None,
        }
    }
}

impl Float for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const TWO: Self = 2.0;
    const NEG_INFINITY: Self = f64::NEG_INFINITY;
    const NAN: Self = f64::NAN;
    const NEG_ZERO: Self = -0.0;

    #[inline(always)]
    fn to_f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn from_f64(v: f64) -> Self {
        v
    }
    #[inline(always)]
    fn from_elem<E: Element>(e: E) -> Self {
        e.to_f64()
    }
    #[inline(always)]
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
    #[inline(always)]
    fn max_sse(self, other: Self) -> Self {
        max_f64(self, other)
    }
    fn convert(input: &Input<'_>, start: usize, dst: &mut [Self]) {
        crate::simd::select().f64.convert(input, start, dst);
    }
    fn borrow<'a>(input: &Input<'a>) -> Option<&'a [Self]> {
        match *input {
            Input::F64(s) => Some(s),
            _ => None,
        }
    }
    fn output(out: Output<'_>) -> Option<&mut [Self]> {
        match out {
            Output::F64(s) => Some(s),
            Output::F32(_) => None,
        }
    }
}

// On random data `if d > 0` mispredicts half the time, and LLVM turns even
// a branch-free select back into a jump inside the summing loops; the SSE
// max instruction cannot be turned into one.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn max_f32(a: f32, b: f32) -> f32 {
    use std::arch::x86_64::{_mm_cvtss_f32, _mm_max_ss, _mm_set_ss};
    // SAFETY: SSE is part of the x86_64 baseline, always available.
    unsafe { _mm_cvtss_f32(_mm_max_ss(_mm_set_ss(a), _mm_set_ss(b))) }
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn max_f64(a: f64, b: f64) -> f64 {
    use std::arch::x86_64::{_mm_cvtsd_f64, _mm_max_sd, _mm_set_sd};
    // SAFETY: SSE2 is part of the x86_64 baseline, always available.
    unsafe { _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(a), _mm_set_sd(b))) }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn max_f32(a: f32, b: f32) -> f32 {
    if a > b {
        a
    } else {
        b
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn max_f64(a: f64, b: f64) -> f64 {
    if a > b {
        a
    } else {
        b
    }
}

#[cfg(test)]
mod tests {
    use super::Float;

    #[test]
    fn max_sse_semantics() {
        assert!(0.0_f32.max_sse(f32::NAN).is_nan());
        assert_eq!(f32::NAN.max_sse(1.0), 1.0);
        assert!(0.0_f64.max_sse(f64::NAN).is_nan());
        assert_eq!(0.0_f32.max_sse(-2.5), 0.0);
        assert_eq!(0.0_f64.max_sse(f64::NEG_INFINITY), 0.0);
        assert_eq!(0.0_f32.max_sse(f32::INFINITY), f32::INFINITY);
        assert_eq!(2.0_f64.max_sse(3.0), 3.0);
        assert_eq!(3.0_f64.max_sse(2.0), 3.0);
    }
}
