//! Hinge over rows of eight binary16 scores with uint8 labels in {0, 1},
//! sixteen rows at a time, summed exactly in int32 fixed point with
//! AVX512-FP16 and AVX512-VNNI: W7 on CPUs that have both.
//!
//! `split_eights` widens every score to f32 and splits every term in two,
//! some six operations for sixteen elements; here binary16 and int16
//! operations take 32 elements each. A term is `1 + u`, `u = max(-1, s)`
//! for the score `s` with the label's sign applied, exact in binary16.
//! When `2^-13 <= |u| < 8` (which takes every `s <= -1`):
//! - `1 + u` is exact in f32, as the reference rounds it (its bits lie
//!   within 24 of each other);
//! - `u * 2^23` is the integer `m * 2^(e + 13)` for `u`'s significand `m`
//!   (1024 to 2047, read off the bits) and exponent `e` (-13 to 2), and
//!   `-sign * 2^(e + 13)`, -2^15 to 2^13, is `vcvtph2w` of that binary16
//!   value, whose bits are `u`'s sign and exponent bits plus a constant;
//! - so `vpdpwssd` sums `-u * 2^23` exactly, two columns at a time, into
//!   int32 lanes (negated, so that the scale of 4 fits int16).
//!
//! A row's eight terms are below 9, so its sum is below 2^30 units: exact.
//! Its conversion to f32 rounds it once, as the reference's conversion of
//! its f64 sum. Any other `u` (0, below 2^-13, where `1 + s` may round in
//! f32, 8 or more, or not finite) fails one test of bit 14 of
//! `u - 2^-13`, and its block goes to `split_eights`, as do other shapes
//! and the last rows.

use std::arch::asm;
use std::arch::x86_64::*;

use super::split_eights::{self, by_blocks, columns};

/// Every word of `u` minus 2^-13 (0x0800) has bit 14 clear exactly when
/// `2^-13 <= |u| < 8`, whatever the sign: the range is 0x4000 wide and
/// starts at a multiple of 0x4000 for either sign.
const LOWEST: i16 = 0x0800;
const OUT_OF_RANGE: i16 = 0x4000;

/// binary16 -1.
const FLOOR: i16 = -0x4400;
/// The bits of `u`'s sign and exponent, and what makes them those of
/// `-sign * 2^(e + 13)`: 13 more in the exponent, the sign flipped.
const SIGN_EXPONENT: i16 = -0x0400;
const TO_SCALE: i16 = -0x4c00;
/// The significand's fraction bits and its implicit one.
const FRACTION: i16 = 0x03ff;
const ONE: i16 = 0x0400;

/// One AVX512-FP16 instruction on 512-bit registers (here `vmaxph` and
/// `vcvtph2w`), whose intrinsics are not stable.
macro_rules! fp16 {
    ($op:literal, $a:expr) => {{
        let a: __m512i = $a;
        let out: __m512i;
        // SAFETY: a register-only arithmetic instruction of AVX512-FP16,
        // which the enclosing function enables.
        unsafe {
            asm!(concat!($op, " {o}, {a}"), o = lateout(zmm_reg) out, a = in(zmm_reg) a,
                options(pure, nomem, nostack, preserves_flags))
        };
        out
    }};
    ($op:literal, $a:expr, $b:expr) => {{
        let (a, b): (__m512i, __m512i) = ($a, $b);
        let out: __m512i;
        // SAFETY: as above.
        unsafe {
            asm!(concat!($op, " {o}, {a}, {b}"), o = lateout(zmm_reg) out,
                a = in(zmm_reg) a, b = in(zmm_reg) b, options(pure, nomem, nostack, preserves_flags))
        };
        out
    }};
}

/// Adds to `acc` the `-u * 2^23` of the 32 flipped scores `s`, two
/// columns a lane, and ors `u - 2^-13` into `bad`.
#[target_feature(enable = "avx512f,avx512bw,avx512fp16,avx512vnni")]
#[inline]
unsafe fn terms(acc: __m512i, s: __m512i, bad: &mut __m512i) -> __m512i {
    // With -1 first, a NaN `s` stays NaN, and fails the test.
    let u = fp16!("vmaxph", _mm512_set1_epi16(FLOOR), s);
    *bad = _mm512_or_si512(*bad, _mm512_sub_epi16(u, _mm512_set1_epi16(LOWEST)));
    let m =
        _mm512_ternarylogic_epi32::<0xea>(u, _mm512_set1_epi16(FRACTION), _mm512_set1_epi16(ONE));
    let scale = _mm512_add_epi16(
        _mm512_and_si512(u, _mm512_set1_epi16(SIGN_EXPONENT)),
        _mm512_set1_epi16(TO_SCALE),
    );
    dot(acc, m, fp16!("vcvtph2w", scale))
}

/// `vpdpwssd`: `acc` plus the products of `a` and `b`'s int16 pairs, as
/// one instruction. Through the intrinsic LLVM reassociates a chain of
/// them into `vpmaddwd` and `vpaddd`, two operations for one.
#[target_feature(enable = "avx512f,avx512vnni")]
#[inline]
unsafe fn dot(acc: __m512i, a: __m512i, b: __m512i) -> __m512i {
    let (mut acc, a, b) = (acc, a, b);
    // SAFETY: a register-only instruction of AVX512-VNNI, which every
    // caller enables.
    unsafe {
        asm!("vpdpwssd {acc}, {a}, {b}", acc = inout(zmm_reg) acc, a = in(zmm_reg) a,
            b = in(zmm_reg) b, options(pure, nomem, nostack, preserves_flags))
    };
    acc
}

/// The negated sums of eight rows in units of 2^-23: lane `j` is row
/// `j`'s columns 0, 1, 4 and 5 and lane `8 + j` its columns 2, 3, 6 and
/// 7, each starting at -4 for the four `+ 1` of its terms.
#[inline(always)]
unsafe fn half_block(
    t: *const u8,
    p: *const half::f16,
    sign: __m512i,
    (any, bad): (&mut __m512i, &mut __m512i),
) -> __m512i {
    let (a, b) = columns(t, p, sign, any);
    let acc = terms(_mm512_set1_epi32(-4 << 23), a, bad);
    terms(acc, b, bad)
}

/// The means of the sixteen rows at `t`, `p`, in row order (their negated
/// sums in units of 2^-23 rounded to f32, by -2^-26), unless a `u` is out
/// of range.
#[inline(always)]
unsafe fn block(
    t: *const u8,
    p: *const half::f16,
    sign: __m512i,
    any: &mut __m512i,
) -> Option<__m512> {
    let mut bad = _mm512_setzero_si512();
    let a = half_block(t, p, sign, (any, &mut bad));
    let b = half_block(t.add(64), p.add(64), sign, (any, &mut bad));
    if _mm512_test_epi16_mask(bad, _mm512_set1_epi16(OUT_OF_RANGE)) != 0 {
        return None;
    }
    // Lanes `j` and `8 + j` of `a` are row `j`, of `b` row `8 + j`.
    let swap = _mm512_setr_epi32(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
    let other = _mm512_permutex2var_epi32(a, swap, b);
    let rows = _mm512_add_epi32(_mm512_mask_blend_epi32(0xff00, a, b), other);
    // `-x + 0` is +0 where `x` is 0.
    Some(_mm512_fnmadd_ps(
        _mm512_cvtepi32_ps(rows),
        _mm512_set1_ps(1.0 / (1 << 26) as f32),
        _mm512_setzero_ps(),
    ))
}

/// A `RowsFn` for hinge with the label check: rows of eight in blocks of
/// sixteen rows here, everything else by `split_eights`.
///
/// # Safety
/// As `RowsFn`.
#[target_feature(enable = "avx2,f16c,avx512f,avx512vl,avx512bw,avx512dq,avx512fp16,avx512vnni")]
pub(super) unsafe fn hinge(
    yt: &[u8],
    yp: &[half::f16],
    cols: usize,
    vals: &mut [f32],
    sums: Option<&mut [f64; 4]>,
) -> bool {
    // SAFETY: `by_blocks` hands `block` blocks of 128 valid elements.
    let block = |t, p, sign, any: &mut _| unsafe { block(t, p, sign, any) };
    // SAFETY: forwarded from `RowsFn`; the features are enabled.
    unsafe { by_blocks((yt, yp, cols), vals, sums, block, split_eights::hinge) }
}
