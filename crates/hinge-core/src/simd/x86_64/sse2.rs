//! SSE2, the x86_64 baseline: four f32 lanes in one register, four f64
//! lanes in two.

use std::arch::x86_64::*;
use std::ptr;

use super::lanes::Lanes;
use super::rows::kernel_set;
use super::{MASK32, MASK64};

pub(super) struct F32x4;
pub(super) struct F64x4;

/// Two registers holding lanes 0-1 and 2-3.
#[derive(Clone, Copy)]
pub(super) struct Pd2(__m128d, __m128d);

impl Lanes for F32x4 {
    type F = f32;
    type V = __m128;
    type Acc = Pd2;
    const S: usize = 4;

    #[inline(always)]
    unsafe fn load(p: *const f32) -> __m128 {
        _mm_loadu_ps(p)
    }
    #[inline(always)]
    unsafe fn load_tail(p: *const f32, n: usize, pad: f32) -> __m128 {
        let mut buf = [pad; 4];
        ptr::copy_nonoverlapping(p, buf.as_mut_ptr(), n);
        _mm_loadu_ps(buf.as_ptr())
    }
    #[inline(always)]
    unsafe fn store(p: *mut f32, v: __m128) {
        _mm_storeu_ps(p, v)
    }
    #[inline(always)]
    unsafe fn store_tail(p: *mut f32, n: usize, v: __m128) {
        let mut buf = [0.0; 4];
        _mm_storeu_ps(buf.as_mut_ptr(), v);
        ptr::copy_nonoverlapping(buf.as_ptr(), p, n);
    }
    #[inline(always)]
    unsafe fn splat(x: f32) -> __m128 {
        _mm_set1_ps(x)
    }
    #[inline(always)]
    unsafe fn add(a: __m128, b: __m128) -> __m128 {
        _mm_add_ps(a, b)
    }
    #[inline(always)]
    unsafe fn sub(a: __m128, b: __m128) -> __m128 {
        _mm_sub_ps(a, b)
    }
    #[inline(always)]
    unsafe fn mul(a: __m128, b: __m128) -> __m128 {
        _mm_mul_ps(a, b)
    }
    #[inline(always)]
    unsafe fn max(a: __m128, b: __m128) -> __m128 {
        _mm_max_ps(a, b)
    }
    #[inline(always)]
    unsafe fn hmax(v: __m128) -> f32 {
        let m = _mm_max_ps(v, _mm_movehl_ps(v, v));
        _mm_cvtss_f32(_mm_max_ss(m, _mm_shuffle_ps::<1>(m, m)))
    }
    #[inline(always)]
    unsafe fn hmax4(a: __m128, b: __m128, c: __m128, d: __m128) -> __m128 {
        // [a0|a2, b0|b2, a1|a3, b1|b3], x|y = max(x, y); then the halves.
        let ab = _mm_max_ps(_mm_unpacklo_ps(a, b), _mm_unpackhi_ps(a, b));
        let cd = _mm_max_ps(_mm_unpacklo_ps(c, d), _mm_unpackhi_ps(c, d));
        _mm_max_ps(_mm_movelh_ps(ab, cd), _mm_movehl_ps(cd, ab))
    }
    #[inline(always)]
    unsafe fn eq(a: __m128, b: __m128) -> __m128 {
        _mm_cmpeq_ps(a, b)
    }
    #[inline(always)]
    unsafe fn unordered(a: __m128, b: __m128) -> __m128 {
        _mm_cmpunord_ps(a, b)
    }
    #[inline(always)]
    unsafe fn and(a: __m128, b: __m128) -> __m128 {
        _mm_and_ps(a, b)
    }
    #[inline(always)]
    unsafe fn or(a: __m128, b: __m128) -> __m128 {
        _mm_or_ps(a, b)
    }
    #[inline(always)]
    unsafe fn xor(a: __m128, b: __m128) -> __m128 {
        _mm_xor_ps(a, b)
    }
    #[inline(always)]
    unsafe fn select(m: __m128, a: __m128, b: __m128) -> __m128 {
        _mm_or_ps(_mm_and_ps(m, a), _mm_andnot_ps(m, b))
    }
    #[inline(always)]
    unsafe fn first(n: usize) -> __m128 {
        _mm_loadu_ps(MASK32.as_ptr().add(8 - n).cast())
    }
    #[inline(always)]
    unsafe fn all(m: __m128) -> bool {
        _mm_movemask_ps(m) == 0xf
    }
    #[inline(always)]
    unsafe fn any(m: __m128) -> bool {
        _mm_movemask_ps(m) != 0
    }
    #[inline(always)]
    unsafe fn acc_zero() -> Pd2 {
        Pd2(_mm_setzero_pd(), _mm_setzero_pd())
    }
    #[inline(always)]
    unsafe fn acc_set(lanes: [f64; 4]) -> Pd2 {
        F64x4::load(lanes.as_ptr())
    }
    #[inline(always)]
    unsafe fn acc_first(v: __m128) -> Pd2 {
        Pd2(_mm_cvtps_pd(v), _mm_cvtps_pd(_mm_movehl_ps(v, v)))
    }
    #[inline(always)]
    unsafe fn acc_add(acc: Pd2, v: __m128) -> Pd2 {
        Pd2(
            _mm_add_pd(acc.0, _mm_cvtps_pd(v)),
            _mm_add_pd(acc.1, _mm_cvtps_pd(_mm_movehl_ps(v, v))),
        )
    }
    #[inline(always)]
    unsafe fn acc_add_f64(acc: Pd2, v: Pd2) -> Pd2 {
        Pd2(_mm_add_pd(acc.0, v.0), _mm_add_pd(acc.1, v.1))
    }
    #[inline(always)]
    unsafe fn reduce4(a: Pd2, b: Pd2, c: Pd2, d: Pd2) -> Pd2 {
        reduce4(a, b, c, d)
    }
    #[inline(always)]
    unsafe fn acc_mul(acc: Pd2, x: f64) -> Pd2 {
        let x = _mm_set1_pd(x);
        Pd2(_mm_mul_pd(acc.0, x), _mm_mul_pd(acc.1, x))
    }
    #[inline(always)]
    unsafe fn acc_div(acc: Pd2, x: f64) -> Pd2 {
        let x = _mm_set1_pd(x);
        Pd2(_mm_div_pd(acc.0, x), _mm_div_pd(acc.1, x))
    }
    #[inline(always)]
    unsafe fn acc_lanes(acc: Pd2) -> [f64; 4] {
        acc_lanes(acc)
    }
    #[inline(always)]
    unsafe fn round4(acc: Pd2) -> __m128 {
        _mm_movelh_ps(_mm_cvtpd_ps(acc.0), _mm_cvtpd_ps(acc.1))
    }
    #[inline(always)]
    unsafe fn store4(p: *mut f32, v: __m128) -> Pd2 {
        _mm_storeu_ps(p, v);
        Pd2(_mm_cvtps_pd(v), _mm_cvtps_pd(_mm_movehl_ps(v, v)))
    }
}

impl Lanes for F64x4 {
    type F = f64;
    type V = Pd2;
    type Acc = Pd2;
    const S: usize = 4;

    #[inline(always)]
    unsafe fn load(p: *const f64) -> Pd2 {
        Pd2(_mm_loadu_pd(p), _mm_loadu_pd(p.add(2)))
    }
    #[inline(always)]
    unsafe fn load_tail(p: *const f64, n: usize, pad: f64) -> Pd2 {
        let mut buf = [pad; 4];
        ptr::copy_nonoverlapping(p, buf.as_mut_ptr(), n);
        Self::load(buf.as_ptr())
    }
    #[inline(always)]
    unsafe fn store(p: *mut f64, v: Pd2) {
        _mm_storeu_pd(p, v.0);
        _mm_storeu_pd(p.add(2), v.1);
    }
    #[inline(always)]
    unsafe fn store_tail(p: *mut f64, n: usize, v: Pd2) {
        let mut buf = [0.0; 4];
        Self::store(buf.as_mut_ptr(), v);
        ptr::copy_nonoverlapping(buf.as_ptr(), p, n);
    }
    #[inline(always)]
    unsafe fn splat(x: f64) -> Pd2 {
        Pd2(_mm_set1_pd(x), _mm_set1_pd(x))
    }
    #[inline(always)]
    unsafe fn add(a: Pd2, b: Pd2) -> Pd2 {
        Pd2(_mm_add_pd(a.0, b.0), _mm_add_pd(a.1, b.1))
    }
    #[inline(always)]
    unsafe fn sub(a: Pd2, b: Pd2) -> Pd2 {
        Pd2(_mm_sub_pd(a.0, b.0), _mm_sub_pd(a.1, b.1))
    }
    #[inline(always)]
    unsafe fn mul(a: Pd2, b: Pd2) -> Pd2 {
        Pd2(_mm_mul_pd(a.0, b.0), _mm_mul_pd(a.1, b.1))
    }
    #[inline(always)]
    unsafe fn max(a: Pd2, b: Pd2) -> Pd2 {
        Pd2(_mm_max_pd(a.0, b.0), _mm_max_pd(a.1, b.1))
    }
    #[inline(always)]
    unsafe fn hmax(v: Pd2) -> f64 {
        let m = _mm_max_pd(v.0, v.1);
        _mm_cvtsd_f64(_mm_max_sd(m, _mm_unpackhi_pd(m, m)))
    }
    #[inline(always)]
    unsafe fn hmax4(a: Pd2, b: Pd2, c: Pd2, d: Pd2) -> Pd2 {
        Pd2(max_pair(a, b), max_pair(c, d))
    }
    #[inline(always)]
    unsafe fn eq(a: Pd2, b: Pd2) -> Pd2 {
        Pd2(_mm_cmpeq_pd(a.0, b.0), _mm_cmpeq_pd(a.1, b.1))
    }
    #[inline(always)]
    unsafe fn unordered(a: Pd2, b: Pd2) -> Pd2 {
        Pd2(_mm_cmpunord_pd(a.0, b.0), _mm_cmpunord_pd(a.1, b.1))
    }
    #[inline(always)]
    unsafe fn and(a: Pd2, b: Pd2) -> Pd2 {
        Pd2(_mm_and_pd(a.0, b.0), _mm_and_pd(a.1, b.1))
    }
    #[inline(always)]
    unsafe fn or(a: Pd2, b: Pd2) -> Pd2 {
        Pd2(_mm_or_pd(a.0, b.0), _mm_or_pd(a.1, b.1))
    }
    #[inline(always)]
    unsafe fn xor(a: Pd2, b: Pd2) -> Pd2 {
        Pd2(_mm_xor_pd(a.0, b.0), _mm_xor_pd(a.1, b.1))
    }
    #[inline(always)]
    unsafe fn select(m: Pd2, a: Pd2, b: Pd2) -> Pd2 {
        let pick = |m, a, b| _mm_or_pd(_mm_and_pd(m, a), _mm_andnot_pd(m, b));
        Pd2(pick(m.0, a.0, b.0), pick(m.1, a.1, b.1))
    }
    #[inline(always)]
    unsafe fn first(n: usize) -> Pd2 {
        Self::load(MASK64.as_ptr().add(4 - n).cast())
    }
    #[inline(always)]
    unsafe fn all(m: Pd2) -> bool {
        _mm_movemask_pd(m.0) & _mm_movemask_pd(m.1) == 0x3
    }
    #[inline(always)]
    unsafe fn any(m: Pd2) -> bool {
        _mm_movemask_pd(m.0) | _mm_movemask_pd(m.1) != 0
    }
    #[inline(always)]
    unsafe fn acc_zero() -> Pd2 {
        Pd2(_mm_setzero_pd(), _mm_setzero_pd())
    }
    #[inline(always)]
    unsafe fn acc_set(lanes: [f64; 4]) -> Pd2 {
        Self::load(lanes.as_ptr())
    }
    #[inline(always)]
    unsafe fn acc_first(v: Pd2) -> Pd2 {
        v
    }
    #[inline(always)]
    unsafe fn acc_add(acc: Pd2, v: Pd2) -> Pd2 {
        Self::add(acc, v)
    }
    #[inline(always)]
    unsafe fn acc_add_f64(acc: Pd2, v: Pd2) -> Pd2 {
        Pd2(_mm_add_pd(acc.0, v.0), _mm_add_pd(acc.1, v.1))
    }
    #[inline(always)]
    unsafe fn reduce4(a: Pd2, b: Pd2, c: Pd2, d: Pd2) -> Pd2 {
        reduce4(a, b, c, d)
    }
    #[inline(always)]
    unsafe fn acc_mul(acc: Pd2, x: f64) -> Pd2 {
        Self::mul(acc, Self::splat(x))
    }
    #[inline(always)]
    unsafe fn acc_div(acc: Pd2, x: f64) -> Pd2 {
        let x = _mm_set1_pd(x);
        Pd2(_mm_div_pd(acc.0, x), _mm_div_pd(acc.1, x))
    }
    #[inline(always)]
    unsafe fn acc_lanes(acc: Pd2) -> [f64; 4] {
        acc_lanes(acc)
    }
    #[inline(always)]
    unsafe fn round4(acc: Pd2) -> Pd2 {
        acc
    }
    #[inline(always)]
    unsafe fn store4(p: *mut f64, v: Pd2) -> Pd2 {
        Self::store(p, v);
        v
    }
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

#[inline(always)]
unsafe fn reduce4(a: Pd2, b: Pd2, c: Pd2, d: Pd2) -> Pd2 {
    Pd2(
        _mm_add_pd(pair_sums(a.0, b.0), pair_sums(a.1, b.1)),
        _mm_add_pd(pair_sums(c.0, d.0), pair_sums(c.1, d.1)),
    )
}

#[inline(always)]
unsafe fn acc_lanes(acc: Pd2) -> [f64; 4] {
    let mut out = [0.0; 4];
    _mm_storeu_pd(out.as_mut_ptr(), acc.0);
    _mm_storeu_pd(out.as_mut_ptr().add(2), acc.1);
    out
}

kernel_set!("sse2", "sse2", F32x4, F64x4);
