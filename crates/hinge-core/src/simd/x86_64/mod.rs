//! x86_64 kernels: SSE2 (the baseline every x86_64 CPU has), AVX2 with
//! F16C (which every CPU with AVX2 has too), and the AVX2 lanes compiled for
//! AVX-512 (F, VL, BW, DQ) on CPUs that have it.

mod avx2;
mod avx512;
mod eights;
mod fixed_eights;
mod onehot;
mod sixteens;
mod split_eights;
mod sse2;

use std::arch::x86_64::*;

use super::KernelSet;

/// Vector methods that are one instruction each, `name: intrinsic`.
macro_rules! one_instruction {
    ($($name:ident: $op:path),* $(,)?) => {$(
        #[inline(always)]
        unsafe fn $name(self, b: Self) -> Self {
            $op(self, b)
        }
    )*};
}

use one_instruction;

/// `W <= 8` lanes loaded from `MASK32[8 - n..]`, or `W <= 4` from
/// `MASK64[4 - n..]`, are true in the first `n` and false in the others.
static MASK32: [i32; 16] = [-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0];
static MASK64: [i64; 8] = [-1, -1, -1, -1, 0, 0, 0, 0];

/// Adds the values `v` of sixteen rows to `fold`'s lanes, row `i` to lane
/// `i % 4`, in row order, as `RowsFn` sums them (AVX-512F/DQ enabled).
#[inline(always)]
unsafe fn fold16(fold: __m256d, v: __m512) -> __m256d {
    let low = _mm512_cvtps_pd(_mm512_castps512_ps256(v));
    let high = _mm512_cvtps_pd(_mm512_extractf32x8_ps::<1>(v));
    let f = _mm256_add_pd(fold, _mm512_castpd512_pd256(low));
    let f = _mm256_add_pd(f, _mm512_extractf64x4_pd::<1>(low));
    let f = _mm256_add_pd(f, _mm512_castpd512_pd256(high));
    _mm256_add_pd(f, _mm512_extractf64x4_pd::<1>(high))
}

/// Every set this CPU runs, narrowest first.
pub(super) fn available() -> Vec<&'static KernelSet> {
    let mut sets = vec![&sse2::SET];
    if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("f16c") {
        sets.push(&avx2::SET);
        if is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512vl")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512dq")
        {
            sets.push(&avx512::SET);
            if is_x86_feature_detected!("avx512fp16") && is_x86_feature_detected!("avx512vnni") {
                sets.push(&avx512::FP16);
            }
        }
    }
    sets
}
