//! Hinge over rows of eight binary16 scores with uint8 labels in {0, 1},
//! sixteen rows at a time in 512-bit registers: the shape of W7.
//!
//! `eights` sums a row's terms in f64, which took 64 widenings a block of
//! eight rows, most of them on the one port that shuffles. These inputs
//! need none. A score `p` is a multiple of 2^-24 below 2^16 in magnitude,
//! so each term `max(0, 1 - c * p)`, with `c` = -1 or 1, is 0 or an f32
//! that is a multiple of 2^-24 below 2^16: f32 spacings are powers of two,
//! so rounding `1 - c * p` to f32 keeps it on that grid. Eight such terms
//! have an exact sum of at most 43 bits, which is the reference's f64 sum
//! in any order. `vreduceps` splits each term exactly into `hi`, on the grid
//! of 2^-3, and `lo`, at most 2^-4 in magnitude. Eight `hi` sum exactly in
//! f32 (multiples of 2^-3 below 2^19) and so do eight `lo` (multiples of
//! 2^-24 below 2^-1), in any order, and `hi + lo` is the exact sum rounded
//! once to f32, as the reference's conversion of its f64 sum. That sum is
//! 0 or at least 2^-11, so its product by 1/8 is exact too.
//!
//! The scores' signs are flipped as binary16 bits, and two dword permutes
//! turn each half-block of eight rows into registers of one pair of
//! columns, so that the row sums are additions between registers. A block
//! with a term that is not finite, where the split does not hold, is
//! computed again by `eights`, as are other shapes and the last rows.

use std::arch::x86_64::*;

use super::{eights, fold16};
use crate::simd::rows::AHEAD;
use crate::simd::RowsFn;

/// `eights`' hinge of these inputs, with the label check: the kernel for
/// whatever this one does not take.
fn exact() -> RowsFn<f32, u8, half::f16> {
    const TABLE: [[RowsFn<f32, u8, half::f16>; 3]; 2] = eights::hinge::<u8, half::f16>();
    TABLE[0][2]
}

/// Every f32 row sum of finite terms is below this.
const FINITE: f32 = 1_048_576.0;

/// How many elements ahead of a block its inputs are prefetched: 8 KiB of
/// scores. A block of sixteen rows takes some 20 ns in cache, so
/// `AHEAD`'s 2 KiB covered about 160 ns: from memory W7 ran 1.1-1.3x
/// slower with it than with this (16 and 32 KiB measured as 8, none
/// 1.3-1.4x slower; see `bench/notes/avx512.md`).
const FAR: usize = 2 * AHEAD;

/// Prefetches the lines `FAR` elements past the block at `t`, `p`: four
/// of scores, two of labels. Prefetches never fault, so running past the
/// end is harmless; `wrapping_add` keeps the address computation defined.
#[inline(always)]
unsafe fn prefetch(t: *const u8, p: *const half::f16) {
    let (t, p) = (
        t.wrapping_add(FAR).cast::<i8>(),
        p.wrapping_add(FAR).cast::<i8>(),
    );
    for line in 0..4 {
        _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(64 * line));
    }
    _mm_prefetch::<_MM_HINT_T0>(t);
    _mm_prefetch::<_MM_HINT_T0>(t.wrapping_add(64));
}

/// The flipped scores of eight rows in two registers of binary16 pairs:
/// dword `j` of the first is row `j`'s columns 0 and 1 and dword `8 + j`
/// its columns 2 and 3; the second holds columns 4 to 7 likewise. Labels
/// of 1 at `t` flip the sign of their scores at `p` (`sign` holds 0x8000
/// in every word), and `any` gathers every label's bits.
#[inline(always)]
pub(super) unsafe fn columns(
    t: *const u8,
    p: *const half::f16,
    sign: __m512i,
    any: &mut __m512i,
) -> (__m512i, __m512i) {
    let labels = _mm512_loadu_si512(t.cast());
    *any = _mm512_or_si512(*any, labels);
    let ones = _mm512_test_epi8_mask(labels, labels);
    // Adding the sign bit to binary16 bits flips the sign, nothing else.
    let (d0, d1) = (
        _mm512_loadu_si512(p.cast()),
        _mm512_loadu_si512(p.add(32).cast()),
    );
    let s0 = _mm512_mask_add_epi16(d0, ones as __mmask32, d0, sign);
    let s1 = _mm512_mask_add_epi16(d1, (ones >> 32) as __mmask32, d1, sign);
    // Dword `m` of a row holds its columns 2m and 2m + 1: dwords 0 and 1
    // of the eight rows, then dwords 2 and 3.
    let first = _mm512_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
    let second = _mm512_setr_epi32(2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
    (
        _mm512_permutex2var_epi32(s0, first, s1),
        _mm512_permutex2var_epi32(s0, second, s1),
    )
}

/// The `hi` and `lo` sums of eight rows, two lanes per row: lane `2r` is
/// row `r`'s columns 0, 2, 4 and 6, lane `2r + 1` its odd columns.
#[inline(always)]
unsafe fn half_block(
    t: *const u8,
    p: *const half::f16,
    sign: __m512i,
    any: &mut __m512i,
) -> (__m512, __m512) {
    let (a, b) = columns(t, p, sign, any);
    let (h0, l0) = split(_mm512_castsi512_si256(a));
    let (h1, l1) = split(_mm512_extracti64x4_epi64::<1>(a));
    let (h2, l2) = split(_mm512_castsi512_si256(b));
    let (h3, l3) = split(_mm512_extracti64x4_epi64::<1>(b));
    (
        _mm512_add_ps(_mm512_add_ps(h0, h1), _mm512_add_ps(h2, h3)),
        _mm512_add_ps(_mm512_add_ps(l0, l1), _mm512_add_ps(l2, l3)),
    )
}

/// The terms `max(0, 1 + s)` of sixteen binary16 scores `s`, split into
/// their value on the grid of 2^-3 and the rest.
#[inline(always)]
unsafe fn split(s: __m256i) -> (__m512, __m512) {
    // `1 + s` is the reference's `1 - c * p`, bit for bit, for every
    // finite `p`.
    let t = _mm512_max_ps(
        _mm512_setzero_ps(),
        _mm512_add_ps(_mm512_set1_ps(1.0), _mm512_cvtph_ps(s)),
    );
    // Three fraction bits kept, rounding to nearest.
    let lo = _mm512_reduce_ps::<0x30>(t);
    (_mm512_sub_ps(t, lo), lo)
}

/// The means of the sixteen rows at `t`, `p`, in row order (their rounded
/// sums by 1/8, exact), unless a term is not finite.
#[inline(always)]
unsafe fn block(
    t: *const u8,
    p: *const half::f16,
    sign: __m512i,
    any: &mut __m512i,
) -> Option<__m512> {
    let (hi_a, lo_a) = half_block(t, p, sign, any);
    let (hi_b, lo_b) = half_block(t.add(64), p.add(64), sign, any);
    let even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    let odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    let rows = |a, b| {
        _mm512_add_ps(
            _mm512_permutex2var_ps(a, even, b),
            _mm512_permutex2var_ps(a, odd, b),
        )
    };
    let sums = _mm512_add_ps(rows(hi_a, hi_b), rows(lo_a, lo_b));
    let finite = _mm512_cmp_ps_mask::<_CMP_LT_OQ>(sums, _mm512_set1_ps(FINITE));
    (finite == u16::MAX).then(|| _mm512_mul_ps(sums, _mm512_set1_ps(0.125)))
}

/// What the blocks so far leave: the lanes' sums and every label's bits.
struct State {
    fold: __m256d,
    any: __m512i,
}

/// Blocks `from..blocks` at `t0`, `p0`, `v0`, up to the first that `block`
/// does not take, whose index it returns (`blocks` when it takes all).
///
/// # Safety
/// `t0`, `p0` and `v0` are valid for `blocks` blocks of 128 elements and
/// 16 rows; `block`'s instruction sets are enabled.
#[inline(always)]
unsafe fn run<const SUMMING: bool>(
    (t0, p0, v0): (*const u8, *const half::f16, *mut f32),
    from: usize,
    blocks: usize,
    state: &mut State,
    block: &impl Fn(*const u8, *const half::f16, &mut __m512i) -> Option<__m512>,
) -> usize {
    for b in from..blocks {
        let at = 128 * b;
        prefetch(t0.add(at), p0.add(at));
        let Some(means) = block(t0.add(at), p0.add(at), &mut state.any) else {
            return b;
        };
        _mm512_storeu_ps(v0.add(16 * b), means);
        if SUMMING {
            state.fold = fold16(state.fold, means);
        }
    }
    blocks
}

/// A `RowsFn` for hinge with the label check over rows of eight, sixteen
/// rows at a time by `block` (the means of the rows at `t`, `p`, or none
/// where it does not hold, given 0x8000 in every word to flip signs with;
/// it ors every label's bits into its last argument), and by `other` the
/// blocks it does not take, other shapes and the last rows.
///
/// # Safety
/// As `RowsFn`, with `block`'s instruction sets and AVX-512F/BW/DQ
/// enabled.
#[inline(always)]
pub(super) unsafe fn by_blocks(
    (yt, yp, cols): (&[u8], &[half::f16], usize),
    vals: &mut [f32],
    mut sums: Option<&mut [f64; 4]>,
    block: impl Fn(*const u8, *const half::f16, __m512i, &mut __m512i) -> Option<__m512>,
    other: RowsFn<f32, u8, half::f16>,
) -> bool {
    // An opaque sign bit: with a constant, LLVM turns the masked add of
    // `columns` into an xor and a blend, two operations for one.
    let sign = std::hint::black_box(_mm512_set1_epi16(i16::MIN));
    let block = |t, p, any: &mut __m512i| block(t, p, sign, any);
    let blocks = if cols == 8 { vals.len() / 16 } else { 0 };
    let at = (yt.as_ptr(), yp.as_ptr(), vals.as_mut_ptr());
    let mut state = State {
        fold: match &sums {
            Some(l) => _mm256_loadu_pd(l.as_ptr()),
            None => _mm256_setzero_pd(),
        },
        any: _mm512_setzero_si512(),
    };
    let mut ok = true;
    let mut b = 0;
    while b < blocks {
        // SAFETY: `RowsFn` guarantees `yt`, `yp` and `vals` hold `blocks`
        // blocks of 128 elements and 16 rows.
        b = unsafe {
            match sums {
                Some(_) => run::<true>(at, b, blocks, &mut state, &block),
                None => run::<false>(at, b, blocks, &mut state, &block),
            }
        };
        if b < blocks {
            let mut lanes = [0.0; 4];
            _mm256_storeu_pd(lanes.as_mut_ptr(), state.fold);
            let (t, rows) = (128 * b..128 * (b + 1), 16 * b..16 * (b + 1));
            // SAFETY: forwarded from `RowsFn` for these sixteen rows.
            ok &= unsafe {
                other(
                    &yt[t.clone()],
                    &yp[t],
                    cols,
                    &mut vals[rows],
                    Some(&mut lanes),
                )
            };
            state.fold = _mm256_loadu_pd(lanes.as_ptr());
            b += 1;
        }
    }
    if let Some(l) = sums.as_deref_mut() {
        _mm256_storeu_pd(l.as_mut_ptr(), state.fold);
    }
    let bad = _mm512_test_epi8_mask(state.any, _mm512_set1_epi8(!1));
    let (done, at) = (16 * blocks, 128 * blocks);
    // SAFETY: forwarded from `RowsFn` for the rows from `done` on.
    let rest = unsafe { other(&yt[at..], &yp[at..], cols, &mut vals[done..], sums) };
    ok && bad == 0 && rest
}

/// A `RowsFn` for hinge with the label check: rows of eight in blocks of
/// sixteen rows here, everything else by `eights`.
///
/// # Safety
/// As `RowsFn`.
#[target_feature(enable = "avx2,f16c,avx512f,avx512vl,avx512bw,avx512dq")]
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
    unsafe { by_blocks((yt, yp, cols), vals, sums, block, exact()) }
}
