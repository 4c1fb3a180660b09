//! AVX2: eight f32 or four f64 lanes in one register; the four f64 lanes of
//! a row sum in one register; binary16 widened by F16C.

use std::arch::x86_64::*;

use super::{one_instruction, MASK32, MASK64};
use crate::simd::rows::kernel_set;
use crate::simd::vector::{Lanes, Sums, Vector};

impl Vector for __m256 {
    type F = f32;
    const S: usize = 8;

    #[inline(always)]
    unsafe fn load(p: *const f32) -> Self {
        _mm256_loadu_ps(p)
    }
    #[inline(always)]
    unsafe fn load_tail(p: *const f32, n: usize, pad: f32) -> Self {
        // Masked-off lanes are neither read nor able to fault.
        let m = mask32(n);
        let v = _mm256_maskload_ps(p, m);
        _mm256_blendv_ps(_mm256_set1_ps(pad), v, _mm256_castsi256_ps(m))
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f32) {
        _mm256_storeu_ps(p, self)
    }
    #[inline(always)]
    unsafe fn store_tail(self, p: *mut f32, n: usize) {
        _mm256_maskstore_ps(p, mask32(n), self)
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> Self {
        _mm256_set1_ps(x)
    }
    #[inline(always)]
    unsafe fn load_f16(p: *const u16) -> Self {
        _mm256_cvtph_ps(_mm_loadu_si128(p.cast()))
    }
    #[inline(always)]
    unsafe fn load_u8(p: *const u8) -> Self {
        _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(p.cast())))
    }
    one_instruction! {
        add: _mm256_add_ps,
        sub: _mm256_sub_ps,
        mul: _mm256_mul_ps,
        max: _mm256_max_ps,
        equal: _mm256_cmp_ps::<_CMP_EQ_OQ>,
        unordered: _mm256_cmp_ps::<_CMP_UNORD_Q>,
        and: _mm256_and_ps,
        and_not: _mm256_andnot_ps,
        or: _mm256_or_ps,
        xor: _mm256_xor_ps,
    }
    #[inline(always)]
    unsafe fn hmax(self) -> f32 {
        // The SSE2 reduction of the two halves' maxima.
        _mm_max_ps(
            _mm256_castps256_ps128(self),
            _mm256_extractf128_ps::<1>(self),
        )
        .hmax()
    }
    #[inline(always)]
    unsafe fn hmax4(a: Self, b: Self, c: Self, d: Self) -> Self {
        // Per 128-bit half: [a0|a2, b0|b2, a1|a3, b1|b3], x|y = max(x, y),
        // then [a, b, c, d] of the half, then the two halves.
        let ab = _mm256_max_ps(_mm256_unpacklo_ps(a, b), _mm256_unpackhi_ps(a, b));
        let cd = _mm256_max_ps(_mm256_unpacklo_ps(c, d), _mm256_unpackhi_ps(c, d));
        let m = _mm256_max_ps(
            _mm256_shuffle_ps::<0x44>(ab, cd),
            _mm256_shuffle_ps::<0xee>(ab, cd),
        );
        let m = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps::<1>(m));
        _mm256_castps128_ps256(m)
    }
    #[inline(always)]
    unsafe fn select(m: Self, a: Self, b: Self) -> Self {
        _mm256_blendv_ps(b, a, m)
    }
    #[inline(always)]
    unsafe fn first(n: usize) -> Self {
        _mm256_castsi256_ps(mask32(n))
    }
    #[inline(always)]
    unsafe fn all(self) -> bool {
        _mm256_movemask_ps(self) == 0xff
    }
    #[inline(always)]
    unsafe fn any(self) -> bool {
        _mm256_movemask_ps(self) != 0
    }
    #[inline(always)]
    unsafe fn prefetch(p: *const u8) {
        _mm_prefetch::<_MM_HINT_T0>(p.cast())
    }
}

impl Vector for __m256d {
    type F = f64;
    const S: usize = 4;

    #[inline(always)]
    unsafe fn load(p: *const f64) -> Self {
        _mm256_loadu_pd(p)
    }
    #[inline(always)]
    unsafe fn load_tail(p: *const f64, n: usize, pad: f64) -> Self {
        // Masked-off lanes are neither read nor able to fault.
        let m = mask64(n);
        let v = _mm256_maskload_pd(p, m);
        _mm256_blendv_pd(_mm256_set1_pd(pad), v, _mm256_castsi256_pd(m))
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut f64) {
        _mm256_storeu_pd(p, self)
    }
    #[inline(always)]
    unsafe fn store_tail(self, p: *mut f64, n: usize) {
        _mm256_maskstore_pd(p, mask64(n), self)
    }
    #[inline(always)]
    unsafe fn splat(x: f64) -> Self {
        _mm256_set1_pd(x)
    }
    #[inline(always)]
    unsafe fn load_f16(p: *const u16) -> Self {
        // Through f32, where every binary16 value is exact.
        _mm256_cvtps_pd(_mm_cvtph_ps(_mm_loadl_epi64(p.cast())))
    }
    #[inline(always)]
    unsafe fn load_u8(p: *const u8) -> Self {
        let four = _mm_cvtsi32_si128(p.cast::<i32>().read_unaligned());
        _mm256_cvtepi32_pd(_mm_cvtepu8_epi32(four))
    }
    one_instruction! {
        add: _mm256_add_pd,
        sub: _mm256_sub_pd,
        mul: _mm256_mul_pd,
        max: _mm256_max_pd,
        equal: _mm256_cmp_pd::<_CMP_EQ_OQ>,
        unordered: _mm256_cmp_pd::<_CMP_UNORD_Q>,
        and: _mm256_and_pd,
        and_not: _mm256_andnot_pd,
        or: _mm256_or_pd,
        xor: _mm256_xor_pd,
    }
    #[inline(always)]
    unsafe fn hmax(self) -> f64 {
        let m = _mm_max_pd(
            _mm256_castpd256_pd128(self),
            _mm256_extractf128_pd::<1>(self),
        );
        _mm_cvtsd_f64(_mm_max_sd(m, _mm_unpackhi_pd(m, m)))
    }
    #[inline(always)]
    unsafe fn hmax4(a: Self, b: Self, c: Self, d: Self) -> Self {
        // [a0|a1, b0|b1, a2|a3, b2|b3], x|y = max(x, y); then the halves.
        let ab = _mm256_max_pd(_mm256_unpacklo_pd(a, b), _mm256_unpackhi_pd(a, b));
        let cd = _mm256_max_pd(_mm256_unpacklo_pd(c, d), _mm256_unpackhi_pd(c, d));
        _mm256_max_pd(
            _mm256_permute2f128_pd::<0x20>(ab, cd),
            _mm256_permute2f128_pd::<0x31>(ab, cd),
        )
    }
    #[inline(always)]
    unsafe fn select(m: Self, a: Self, b: Self) -> Self {
        _mm256_blendv_pd(b, a, m)
    }
    #[inline(always)]
    unsafe fn first(n: usize) -> Self {
        _mm256_castsi256_pd(mask64(n))
    }
    #[inline(always)]
    unsafe fn all(self) -> bool {
        _mm256_movemask_pd(self) == 0xf
    }
    #[inline(always)]
    unsafe fn any(self) -> bool {
        _mm256_movemask_pd(self) != 0
    }
    #[inline(always)]
    unsafe fn prefetch(p: *const u8) {
        __m256::prefetch(p)
    }
}

impl Sums for __m256d {
    one_instruction! { div: _mm256_div_pd }
    /// `[a0 + a1, b0 + b1, a2 + a3, b2 + b3]` twice, then the halves
    /// swapped into row order and added: `(r0 + r1) + (r2 + r3)` per row.
    #[inline(always)]
    unsafe fn reduce4(a: Self, b: Self, c: Self, d: Self) -> Self {
        let ab = _mm256_hadd_pd(a, b);
        let cd = _mm256_hadd_pd(c, d);
        let lo = _mm256_permute2f128_pd::<0x20>(ab, cd);
        let hi = _mm256_permute2f128_pd::<0x31>(ab, cd);
        _mm256_add_pd(lo, hi)
    }
}

impl Lanes for __m256 {
    type F = f32;
    type V = __m256;
    type Acc = __m256d;

    #[inline(always)]
    unsafe fn widen(v: __m256) -> __m256d {
        let (lo, hi) = widen_halves(v);
        _mm256_add_pd(lo, hi)
    }
    #[inline(always)]
    unsafe fn widen_add(acc: __m256d, v: __m256) -> __m256d {
        let (lo, hi) = widen_halves(v);
        _mm256_add_pd(_mm256_add_pd(acc, lo), hi)
    }
    #[inline(always)]
    unsafe fn round4(acc: __m256d) -> __m256 {
        _mm256_castps128_ps256(_mm256_cvtpd_ps(acc))
    }
    #[inline(always)]
    unsafe fn store4(p: *mut f32, v: __m256) -> __m256d {
        let v = _mm256_castps256_ps128(v);
        _mm_storeu_ps(p, v);
        _mm256_cvtps_pd(v)
    }
}

/// Lanes 0-3 and 4-7 widened to f64.
#[inline(always)]
unsafe fn widen_halves(v: __m256) -> (__m256d, __m256d) {
    let lo = _mm256_cvtps_pd(_mm256_castps256_ps128(v));
    (lo, _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(v)))
}

#[inline(always)]
unsafe fn mask32(n: usize) -> __m256i {
    _mm256_loadu_si256(MASK32.as_ptr().add(8 - n).cast())
}

#[inline(always)]
unsafe fn mask64(n: usize) -> __m256i {
    _mm256_loadu_si256(MASK64.as_ptr().add(4 - n).cast())
}

kernel_set!("avx2", __m256, __m256d, "avx2,f16c");
