//! AVX2: eight f32 or four f64 lanes in one register; the four f64 lanes of
//! a row sum in one register.

use std::arch::x86_64::*;

use super::lanes::Lanes;
use super::rows::kernel_set;
use super::{MASK32, MASK64};

pub(super) struct F32x8;
pub(super) struct F64x4;

impl Lanes for F32x8 {
    type F = f32;
    type V = __m256;
    type Acc = __m256d;
    const S: usize = 8;

    #[inline(always)]
    unsafe fn load(p: *const f32) -> __m256 {
        _mm256_loadu_ps(p)
    }
    #[inline(always)]
    unsafe fn load_tail(p: *const f32, n: usize, pad: f32) -> __m256 {
        // Masked-off lanes are neither read nor able to fault.
        let m = mask32(n);
        let v = _mm256_maskload_ps(p, m);
        _mm256_blendv_ps(_mm256_set1_ps(pad), v, _mm256_castsi256_ps(m))
    }
    #[inline(always)]
    unsafe fn store(p: *mut f32, v: __m256) {
        _mm256_storeu_ps(p, v)
    }
    #[inline(always)]
    unsafe fn store_tail(p: *mut f32, n: usize, v: __m256) {
        _mm256_maskstore_ps(p, mask32(n), v)
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> __m256 {
        _mm256_set1_ps(x)
    }
    #[inline(always)]
    unsafe fn add(a: __m256, b: __m256) -> __m256 {
        _mm256_add_ps(a, b)
    }
    #[inline(always)]
    unsafe fn sub(a: __m256, b: __m256) -> __m256 {
        _mm256_sub_ps(a, b)
    }
    #[inline(always)]
    unsafe fn mul(a: __m256, b: __m256) -> __m256 {
        _mm256_mul_ps(a, b)
    }
    #[inline(always)]
    unsafe fn max(a: __m256, b: __m256) -> __m256 {
        _mm256_max_ps(a, b)
    }
    #[inline(always)]
    unsafe fn hmax(v: __m256) -> f32 {
        let m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v));
        let m = _mm_max_ps(m, _mm_movehl_ps(m, m));
        _mm_cvtss_f32(_mm_max_ss(m, _mm_shuffle_ps::<1>(m, m)))
    }
    #[inline(always)]
    unsafe fn hmax4(a: __m256, b: __m256, c: __m256, d: __m256) -> __m256 {
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
    unsafe fn eq(a: __m256, b: __m256) -> __m256 {
        _mm256_cmp_ps::<_CMP_EQ_OQ>(a, b)
    }
    #[inline(always)]
    unsafe fn unordered(a: __m256, b: __m256) -> __m256 {
        _mm256_cmp_ps::<_CMP_UNORD_Q>(a, b)
    }
    #[inline(always)]
    unsafe fn and(a: __m256, b: __m256) -> __m256 {
        _mm256_and_ps(a, b)
    }
    #[inline(always)]
    unsafe fn or(a: __m256, b: __m256) -> __m256 {
        _mm256_or_ps(a, b)
    }
    #[inline(always)]
    unsafe fn xor(a: __m256, b: __m256) -> __m256 {
        _mm256_xor_ps(a, b)
    }
    #[inline(always)]
    unsafe fn select(m: __m256, a: __m256, b: __m256) -> __m256 {
        _mm256_blendv_ps(b, a, m)
    }
    #[inline(always)]
    unsafe fn first(n: usize) -> __m256 {
        _mm256_castsi256_ps(mask32(n))
    }
    #[inline(always)]
    unsafe fn all(m: __m256) -> bool {
        _mm256_movemask_ps(m) == 0xff
    }
    #[inline(always)]
    unsafe fn any(m: __m256) -> bool {
        _mm256_movemask_ps(m) != 0
    }
    #[inline(always)]
    unsafe fn acc_zero() -> __m256d {
        _mm256_setzero_pd()
    }
    #[inline(always)]
    unsafe fn acc_set(lanes: [f64; 4]) -> __m256d {
        _mm256_loadu_pd(lanes.as_ptr())
    }
    #[inline(always)]
    unsafe fn acc_first(v: __m256) -> __m256d {
        let lo = _mm256_cvtps_pd(_mm256_castps256_ps128(v));
        _mm256_add_pd(lo, _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(v)))
    }
    #[inline(always)]
    unsafe fn acc_add(acc: __m256d, v: __m256) -> __m256d {
        let lo = _mm256_cvtps_pd(_mm256_castps256_ps128(v));
        let hi = _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(v));
        _mm256_add_pd(_mm256_add_pd(acc, lo), hi)
    }
    #[inline(always)]
    unsafe fn acc_add_f64(acc: __m256d, v: __m256d) -> __m256d {
        _mm256_add_pd(acc, v)
    }
    #[inline(always)]
    unsafe fn reduce4(a: __m256d, b: __m256d, c: __m256d, d: __m256d) -> __m256d {
        reduce4(a, b, c, d)
    }
    #[inline(always)]
    unsafe fn acc_mul(acc: __m256d, x: f64) -> __m256d {
        _mm256_mul_pd(acc, _mm256_set1_pd(x))
    }
    #[inline(always)]
    unsafe fn acc_div(acc: __m256d, x: f64) -> __m256d {
        _mm256_div_pd(acc, _mm256_set1_pd(x))
    }
    #[inline(always)]
    unsafe fn acc_lanes(acc: __m256d) -> [f64; 4] {
        acc_lanes(acc)
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

impl Lanes for F64x4 {
    type F = f64;
    type V = __m256d;
    type Acc = __m256d;
    const S: usize = 4;

    #[inline(always)]
    unsafe fn load(p: *const f64) -> __m256d {
        _mm256_loadu_pd(p)
    }
    #[inline(always)]
    unsafe fn load_tail(p: *const f64, n: usize, pad: f64) -> __m256d {
        // Masked-off lanes are neither read nor able to fault.
        let m = mask64(n);
        let v = _mm256_maskload_pd(p, m);
        _mm256_blendv_pd(_mm256_set1_pd(pad), v, _mm256_castsi256_pd(m))
    }
    #[inline(always)]
    unsafe fn store(p: *mut f64, v: __m256d) {
        _mm256_storeu_pd(p, v)
    }
    #[inline(always)]
    unsafe fn store_tail(p: *mut f64, n: usize, v: __m256d) {
        _mm256_maskstore_pd(p, mask64(n), v)
    }
    #[inline(always)]
    unsafe fn splat(x: f64) -> __m256d {
        _mm256_set1_pd(x)
    }
    #[inline(always)]
    unsafe fn add(a: __m256d, b: __m256d) -> __m256d {
        _mm256_add_pd(a, b)
    }
    #[inline(always)]
    unsafe fn sub(a: __m256d, b: __m256d) -> __m256d {
        _mm256_sub_pd(a, b)
    }
    #[inline(always)]
    unsafe fn mul(a: __m256d, b: __m256d) -> __m256d {
        _mm256_mul_pd(a, b)
    }
    #[inline(always)]
    unsafe fn max(a: __m256d, b: __m256d) -> __m256d {
        _mm256_max_pd(a, b)
    }
    #[inline(always)]
    unsafe fn hmax(v: __m256d) -> f64 {
        let m = _mm_max_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd::<1>(v));
        _mm_cvtsd_f64(_mm_max_sd(m, _mm_unpackhi_pd(m, m)))
    }
    #[inline(always)]
    unsafe fn hmax4(a: __m256d, b: __m256d, c: __m256d, d: __m256d) -> __m256d {
        // [a0|a1, b0|b1, a2|a3, b2|b3], x|y = max(x, y); then the halves.
        let ab = _mm256_max_pd(_mm256_unpacklo_pd(a, b), _mm256_unpackhi_pd(a, b));
        let cd = _mm256_max_pd(_mm256_unpacklo_pd(c, d), _mm256_unpackhi_pd(c, d));
        _mm256_max_pd(
            _mm256_permute2f128_pd::<0x20>(ab, cd),
            _mm256_permute2f128_pd::<0x31>(ab, cd),
        )
    }
    #[inline(always)]
    unsafe fn eq(a: __m256d, b: __m256d) -> __m256d {
        _mm256_cmp_pd::<_CMP_EQ_OQ>(a, b)
    }
    #[inline(always)]
    unsafe fn unordered(a: __m256d, b: __m256d) -> __m256d {
        _mm256_cmp_pd::<_CMP_UNORD_Q>(a, b)
    }
    #[inline(always)]
    unsafe fn and(a: __m256d, b: __m256d) -> __m256d {
        _mm256_and_pd(a, b)
    }
    #[inline(always)]
    unsafe fn or(a: __m256d, b: __m256d) -> __m256d {
        _mm256_or_pd(a, b)
    }
    #[inline(always)]
    unsafe fn xor(a: __m256d, b: __m256d) -> __m256d {
        _mm256_xor_pd(a, b)
    }
    #[inline(always)]
    unsafe fn select(m: __m256d, a: __m256d, b: __m256d) -> __m256d {
        _mm256_blendv_pd(b, a, m)
    }
    #[inline(always)]
    unsafe fn first(n: usize) -> __m256d {
        _mm256_castsi256_pd(mask64(n))
    }
    #[inline(always)]
    unsafe fn all(m: __m256d) -> bool {
        _mm256_movemask_pd(m) == 0xf
    }
    #[inline(always)]
    unsafe fn any(m: __m256d) -> bool {
        _mm256_movemask_pd(m) != 0
    }
    #[inline(always)]
    unsafe fn acc_zero() -> __m256d {
        _mm256_setzero_pd()
    }
    #[inline(always)]
    unsafe fn acc_set(lanes: [f64; 4]) -> __m256d {
        _mm256_loadu_pd(lanes.as_ptr())
    }
    #[inline(always)]
    unsafe fn acc_first(v: __m256d) -> __m256d {
        v
    }
    #[inline(always)]
    unsafe fn acc_add(acc: __m256d, v: __m256d) -> __m256d {
        _mm256_add_pd(acc, v)
    }
    #[inline(always)]
    unsafe fn acc_add_f64(acc: __m256d, v: __m256d) -> __m256d {
        _mm256_add_pd(acc, v)
    }
    #[inline(always)]
    unsafe fn reduce4(a: __m256d, b: __m256d, c: __m256d, d: __m256d) -> __m256d {
        reduce4(a, b, c, d)
    }
    #[inline(always)]
    unsafe fn acc_mul(acc: __m256d, x: f64) -> __m256d {
        _mm256_mul_pd(acc, _mm256_set1_pd(x))
    }
    #[inline(always)]
    unsafe fn acc_div(acc: __m256d, x: f64) -> __m256d {
        _mm256_div_pd(acc, _mm256_set1_pd(x))
    }
    #[inline(always)]
    unsafe fn acc_lanes(acc: __m256d) -> [f64; 4] {
        acc_lanes(acc)
    }
    #[inline(always)]
    unsafe fn round4(acc: __m256d) -> __m256d {
        acc
    }
    #[inline(always)]
    unsafe fn store4(p: *mut f64, v: __m256d) -> __m256d {
        _mm256_storeu_pd(p, v);
        v
    }
}

#[inline(always)]
unsafe fn mask32(n: usize) -> __m256i {
    _mm256_loadu_si256(MASK32.as_ptr().add(8 - n).cast())
}

#[inline(always)]
unsafe fn mask64(n: usize) -> __m256i {
    _mm256_loadu_si256(MASK64.as_ptr().add(4 - n).cast())
}

/// `[a0 + a1, b0 + b1, a2 + a3, b2 + b3]` twice, then the halves swapped
/// into row order and added: `(r0 + r1) + (r2 + r3)` per row.
#[inline(always)]
unsafe fn reduce4(a: __m256d, b: __m256d, c: __m256d, d: __m256d) -> __m256d {
    let ab = _mm256_hadd_pd(a, b);
    let cd = _mm256_hadd_pd(c, d);
    let lo = _mm256_permute2f128_pd::<0x20>(ab, cd);
    let hi = _mm256_permute2f128_pd::<0x31>(ab, cd);
    _mm256_add_pd(lo, hi)
}

#[inline(always)]
unsafe fn acc_lanes(acc: __m256d) -> [f64; 4] {
    let mut out = [0.0; 4];
    _mm256_storeu_pd(out.as_mut_ptr(), acc);
    out
}

kernel_set!("avx2", "avx2", F32x8, F64x4);
