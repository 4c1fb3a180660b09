//! SSE2, the x86_64 baseline: four f32 lanes in one register, four f64
//! lanes in two.

use std::arch::x86_64::*;

use super::{one_instruction, MASK32, MASK64};
use crate::simd::rows::kernel_set;
use crate::simd::vector::{Lanes, Sums, Vector};

/// Two registers holding lanes 0-1 and 2-3.
#[derive(Clone, Copy)]
pub(crate) struct Pd2(__m128d, __m128d);

impl Vector for __m128 {
    type F = f32;
    const S: usize = 4;

    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        _mm_loadu_ps(p)
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        _mm_storeu_ps(p, self)
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> Self {
        _mm_set1_ps(x)
    }
    #[inline(always)]
    unsafe fn load_u8(p: *const u8) -> Self {
        _mm_cvtepi32_ps(bytes4(p))
    }
    one_instruction! {
        add: _mm_add_ps,
        sub: _mm_sub_ps,
        mul: _mm_mul_ps,
        max: _mm_max_ps,
        equal: _mm_cmpeq_ps,
        unordered: _mm_cmpunord_ps,
        and: _mm_and_ps,
        and_not: _mm_andnot_ps,
        or: _mm_or_ps,
        xor: _mm_xor_ps,
    }
    #[inline(always)]
    unsafe fn hmax(self) -> f32 {
        let m = _mm_max_ps(self, _mm_movehl_ps(self, self));
        _mm_cvtss_f32(_mm_max_ss(m, _mm_shuffle_ps::<1>(m, m)))
    }
    #[inline(always)]
    unsafe fn hmax4(a: Self, b: Self, c: Self, d: Self) -> Self {
        // [a0|a2, b0|b2, a1|a3, b1|b3], x|y = max(x, y); then the halves.
        let ab = _mm_max_ps(_mm_unpacklo_ps(a, b), _mm_unpackhi_ps(a, b));
        let cd = _mm_max_ps(_mm_unpacklo_ps(c, d), _mm_unpackhi_ps(c, d));
        _mm_max_ps(_mm_movelh_ps(ab, cd), _mm_movehl_ps(cd, ab))
    }
    #[inline(always)]
    unsafe fn select(m: Self, a: Self, b: Self) -> Self {
        _mm_or_ps(_mm_and_ps(m, a), _mm_andnot_ps(m, b))
    }
    #[inline(always)]
    unsafe fn first(n: usize) -> Self {
        _mm_loadu_ps(MASK32.as_ptr().add(8 - n).cast())
    }
    #[inline(always)]
    unsafe fn all(self) -> bool {
        _mm_movemask_ps(self) == 0xf
    }
    #[inline(always)]
    unsafe fn any(self) -> bool {
        _mm_movemask_ps(self) != 0
    }
    #[inline(always)]
    unsafe fn prefetch(p: *const u8) {
        _mm_prefetch::<_MM_HINT_T0>(p.cast())
    }
}

/// The same intrinsic on both halves.
macro_rules! halves {
    ($($name:ident: $op:ident),* $(,)?) => {$(
        #[inline(always)]
        unsafe fn $name(self, b: Self) -> Self {
            Pd2($op(self.0, b.0), $op(self.1, b.1))
        }
    )*};
}

impl Vector for Pd2 {
    type F = f64;
    const S: usize = 4;

    #[inline(always)]
    unsafe fn load(p: *const f64) -> Self {
        Pd2(_mm_loadu_pd(p), _mm_loadu_pd(p.add(2)))
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f64) {
        _mm_storeu_pd(p, self.0);
        _mm_storeu_pd(p.add(2), self.1);
    }
    #[inline(always)]
    unsafe fn splat(x: f64) -> Self {
        Pd2(_mm_set1_pd(x), _mm_set1_pd(x))
    }
    #[inline(always)]
    unsafe fn load_u8(p: *const u8) -> Self {
        let i = bytes4(p);
        Pd2(
            _mm_cvtepi32_pd(i),
            _mm_cvtepi32_pd(_mm_shuffle_epi32::<0xee>(i)),
        )
    }
    halves! {
        add: _mm_add_pd,
        sub: _mm_sub_pd,
        mul: _mm_mul_pd,
        max: _mm_max_pd,
        equal: _mm_cmpeq_pd,
        unordered: _mm_cmpunord_pd,
        and: _mm_and_pd,
        and_not: _mm_andnot_pd,
        or: _mm_or_pd,
        xor: _mm_xor_pd,
    }
    #[inline(always)]
    unsafe fn hmax(self) -> f64 {
        let m = _mm_max_pd(self.0, self.1);
        _mm_cvtsd_f64(_mm_max_sd(m, _mm_unpackhi_pd(m, m)))
    }
    #[inline(always)]
    unsafe fn hmax4(a: Self, b: Self, c: Self, d: Self) -> Self {
        Pd2(max_pair(a, b), max_pair(c, d))
    }
    #[inline(always)]
    unsafe fn select(m: Self, a: Self, b: Self) -> Self {
        let pick = |m, a, b| _mm_or_pd(_mm_and_pd(m, a), _mm_andnot_pd(m, b));
        Pd2(pick(m.0, a.0, b.0), pick(m.1, a.1, b.1))
    }
    #[inline(always)]
    unsafe fn first(n: usize) -> Self {
        Self::load(MASK64.as_ptr().add(4 - n).cast())
    }
    #[inline(always)]
    unsafe fn all(self) -> bool {
        _mm_movemask_pd(self.0) & _mm_movemask_pd(self.1) == 0x3
    }
    #[inline(always)]
    unsafe fn any(self) -> bool {
        _mm_movemask_pd(self.0) | _mm_movemask_pd(self.1) != 0
    }
    #[inline(always)]
    unsafe fn prefetch(p: *const u8) {
        __m128::prefetch(p)
    }
}

impl Sums for Pd2 {
    halves! { div: _mm_div_pd }
    #[inline(always)]
    unsafe fn reduce4(a: Self, b: Self, c: Self, d: Self) -> Self {
        Pd2(
            _mm_add_pd(pair_sums(a.0, b.0), pair_sums(a.1, b.1)),
            _mm_add_pd(pair_sums(c.0, d.0), pair_sums(c.1, d.1)),
        )
    }
}

impl Lanes for __m128 {
    type F = f32;
    type V = __m128;
    type Acc = Pd2;

    #[inline(always)]
    unsafe fn widen(v: __m128) -> Pd2 {
        Pd2(_mm_cvtps_pd(v), _mm_cvtps_pd(_mm_movehl_ps(v, v)))
    }
    #[inline(always)]
    unsafe fn widen_add(acc: Pd2, v: __m128) -> Pd2 {
        acc.add(Self::widen(v))
    }
    #[inline(always)]
    unsafe fn round4(acc: Pd2) -> __m128 {
        _mm_movelh_ps(_mm_cvtpd_ps(acc.0), _mm_cvtpd_ps(acc.1))
    }
    #[inline(always)]
    unsafe fn store4(p: *mut f32, v: __m128) -> Pd2 {
        v.store(p);
        Self::widen(v)
    }
}

/// Four bytes zero-extended to four i32 lanes (SSE2 has no PMOVZXBD).
#[inline(always)]
unsafe fn bytes4(p: *const u8) -> __m128i {
    let z = _mm_setzero_si128();
    let x = _mm_cvtsi32_si128(p.cast::<i32>().read_unaligned());
    _mm_unpacklo_epi16(_mm_unpacklo_epi8(x, z), z)
}

/// `[hmax(a), hmax(b)]` of two four-lane vectors.
#[inline(always)]
unsafe fn max_pair(a: Pd2, b: Pd2) -> __m128d {
    let (a, b) = (_mm_max_pd(a.0, a.1), _mm_max_pd(b.0, b.1));
    _mm_max_pd(_mm_unpacklo_pd(a, b), _mm_unpackhi_pd(a, b))
}

/// Rows `a`, `b` from lanes 0-1 and 2-3: `[a0 + a1, b0 + b1]`.
#[inline(always)]
unsafe fn pair_sums(a: __m128d, b: __m128d) -> __m128d {
    _mm_add_pd(_mm_unpacklo_pd(a, b), _mm_unpackhi_pd(a, b))
}

kernel_set!("sse2", __m128, Pd2, "sse2");
