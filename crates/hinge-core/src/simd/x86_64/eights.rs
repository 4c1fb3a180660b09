//! (Squared) hinge over rows of exactly eight f32 elements, eight rows at a
//! time in 512-bit registers: the shape of W1, W2 and W7.
//!
//! With one AVX2 vector per row, most of a row's time went to its sum: two
//! widenings, a lane extract and a share of the four-row shuffles, on top of
//! per-lane label checks. Here one register holds two rows' terms, uint8
//! labels are checked as bytes, and the 8 x 8 block of terms is transposed
//! (eight two-source permutes), so that every row sum is a column of
//! additions, in the reference's order: lane `j` is `t_j + t_{j+4}` in f64,
//! the sum `(lane0 + lane1) + (lane2 + lane3)`, each addition with the
//! operands in the reference's order. The terms' arithmetic is `Hinge`'s,
//! operation for operation, so every bit is the other sets'.

use std::arch::x86_64::*;

use crate::simd::rows::hinge::Hinge;
use crate::simd::rows::load::Load;
use crate::simd::rows::{rows as generic, Ahead};
use crate::simd::RowsFn;

/// An element type read sixteen at a time into f32 lanes, exactly.
pub(super) trait Wide: Load<__m256> {
    /// # Safety
    /// `p` is valid for 16 elements; AVX-512F/BW/VL/DQ are enabled.
    unsafe fn wide(p: *const Self) -> __m512;
}

/// Labels, with Keras' {0, 1} test.
pub(super) trait Label: Wide {
    /// The lanes of the sixteen labels at `p` that are 0; the lanes that
    /// are neither 0 nor 1 are or-ed into `bad`.
    ///
    /// # Safety
    /// As [`Wide::wide`].
    unsafe fn zeros(p: *const Self, bad: &mut __mmask16) -> __mmask16;
}

impl Wide for f32 {
    #[inline(always)]
    unsafe fn wide(p: *const f32) -> __m512 {
        _mm512_loadu_ps(p)
    }
}

impl Label for f32 {
    #[inline(always)]
    unsafe fn zeros(p: *const f32, bad: &mut __mmask16) -> __mmask16 {
        // Ordered equality, as `Vector::equal`: -0 is 0, NaN is neither.
        let t = _mm512_loadu_ps(p);
        let zero = _mm512_cmp_ps_mask::<_CMP_EQ_OQ>(t, _mm512_setzero_ps());
        let one = _mm512_cmp_ps_mask::<_CMP_EQ_OQ>(t, _mm512_set1_ps(1.0));
        *bad |= !(zero | one);
        zero
    }
}

impl Wide for u8 {
    #[inline(always)]
    unsafe fn wide(p: *const u8) -> __m512 {
        _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128(p.cast())))
    }
}

impl Label for u8 {
    #[inline(always)]
    unsafe fn zeros(p: *const u8, bad: &mut __mmask16) -> __mmask16 {
        // A byte is 0 or 1 when no bit but the lowest is set.
        let t = _mm_loadu_si128(p.cast());
        *bad |= _mm_test_epi8_mask(t, _mm_set1_epi8(!1));
        _mm_testn_epi8_mask(t, t)
    }
}

impl Wide for half::f16 {
    #[inline(always)]
    unsafe fn wide(p: *const half::f16) -> __m512 {
        // The conversion of `Vector::load_f16`, sixteen lanes wide.
        _mm512_cvtph_ps(_mm256_loadu_si256(p.cast()))
    }
}

/// The terms of the sixteen elements at `t`, `p` (two rows), as
/// `Hinge::terms` computes them.
#[inline(always)]
unsafe fn terms<const SQUARED: bool, const CONVERT: bool, const CHECK: bool, T, P>(
    t: *const T,
    p: *const P,
    bad: &mut __mmask16,
) -> __m512
where
    T: Label,
    P: Wide,
{
    let one = _mm512_set1_ps(1.0);
    let s = P::wide(p);
    let cp = if CHECK {
        let zero = T::zeros(t, bad);
        _mm512_mask_xor_ps(s, zero, s, _mm512_set1_ps(-0.0))
    } else if CONVERT {
        let c = _mm512_sub_ps(_mm512_mul_ps(_mm512_set1_ps(2.0), T::wide(t)), one);
        _mm512_mul_ps(c, s)
    } else {
        _mm512_mul_ps(T::wide(t), s)
    };
    let m = _mm512_max_ps(_mm512_setzero_ps(), _mm512_sub_ps(one, cp));
    if SQUARED {
        _mm512_mul_ps(m, m)
    } else {
        m
    }
}

/// Lane `j` of each of the block's eight rows, `t_j + t_{j+4}` in f64, from
/// a register of column `j` of the rows, then column `j + 4`.
#[inline(always)]
unsafe fn lane(w: __m512) -> __m512d {
    let lo = _mm512_cvtps_pd(_mm512_castps512_ps256(w));
    _mm512_add_pd(lo, _mm512_cvtps_pd(_mm512_extractf32x8_ps::<1>(w)))
}

/// The sums of the eight rows at `t`, `p`, in row order.
#[inline(always)]
unsafe fn block<const SQUARED: bool, const CONVERT: bool, const CHECK: bool, T, P>(
    t: *const T,
    p: *const P,
    bad: &mut __mmask16,
) -> __m512d
where
    T: Label,
    P: Wide,
{
    let z0 = terms::<SQUARED, CONVERT, CHECK, T, P>(t, p, bad);
    let z1 = terms::<SQUARED, CONVERT, CHECK, T, P>(t.add(16), p.add(16), bad);
    let z2 = terms::<SQUARED, CONVERT, CHECK, T, P>(t.add(32), p.add(32), bad);
    let z3 = terms::<SQUARED, CONVERT, CHECK, T, P>(t.add(48), p.add(48), bad);
    // Element 8r + c of a pair of registers is row r, column c. Four rows'
    // columns j, j + 4, j + 1, j + 5 (j = 0, then 2), four elements each:
    let a = _mm512_setr_epi32(0, 8, 16, 24, 4, 12, 20, 28, 1, 9, 17, 25, 5, 13, 21, 29);
    let b = _mm512_setr_epi32(2, 10, 18, 26, 6, 14, 22, 30, 3, 11, 19, 27, 7, 15, 23, 31);
    let (top_a, top_b) = (
        _mm512_permutex2var_ps(z0, a, z1),
        _mm512_permutex2var_ps(z0, b, z1),
    );
    let (low_a, low_b) = (
        _mm512_permutex2var_ps(z2, a, z3),
        _mm512_permutex2var_ps(z2, b, z3),
    );
    // Then the top and bottom rows' column j, and their column j + 4.
    let first = _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
    let second = _mm512_setr_epi32(8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
    let l0 = lane(_mm512_permutex2var_ps(top_a, first, low_a));
    let l1 = lane(_mm512_permutex2var_ps(top_a, second, low_a));
    let l2 = lane(_mm512_permutex2var_ps(top_b, first, low_b));
    let l3 = lane(_mm512_permutex2var_ps(top_b, second, low_b));
    _mm512_add_pd(_mm512_add_pd(l0, l1), _mm512_add_pd(l2, l3))
}

/// A `RowsFn`: rows of eight in blocks of eight rows here, every other
/// shape and the last rows by the generic kernel.
///
/// # Safety
/// As `RowsFn`.
#[target_feature(enable = "avx2,f16c,avx512f,avx512vl,avx512bw,avx512dq")]
unsafe fn rows<const SQUARED: bool, const CONVERT: bool, const CHECK: bool, T, P>(
    yt: &[T],
    yp: &[P],
    cols: usize,
    vals: &mut [f32],
    mut sums: Option<&mut [f64; 4]>,
) -> bool
where
    T: Label,
    P: Wide,
{
    let blocks = if cols == 8 { vals.len() / 8 } else { 0 };
    let (t0, p0, v0) = (yt.as_ptr(), yp.as_ptr(), vals.as_mut_ptr());
    let mut bad: __mmask16 = 0;
    let mut ahead = Ahead::new(t0, p0);
    // Row `i`'s value goes to lane `i % 4`: the first four rows of a block,
    // then the next four.
    let summing = sums.is_some();
    let mut fold = match &sums {
        Some(l) => _mm256_loadu_pd(l.as_ptr()),
        None => _mm256_setzero_pd(),
    };
    for b in 0..blocks {
        // SAFETY: `b < blocks` rows of blocks of 64 elements, which `RowsFn`
        // guarantees `yt`, `yp` and `vals` hold.
        unsafe {
            ahead.past::<__m256>(64 * b);
            let row_sums =
                block::<SQUARED, CONVERT, CHECK, T, P>(t0.add(64 * b), p0.add(64 * b), &mut bad);
            // The mean of eight is exact as a product, as `Mean::Mul`.
            let means = _mm512_cvtpd_ps(_mm512_mul_pd(row_sums, _mm512_set1_pd(0.125)));
            _mm256_storeu_ps(v0.add(8 * b), means);
            if summing {
                let wide = _mm512_cvtps_pd(means);
                fold = _mm256_add_pd(fold, _mm512_castpd512_pd256(wide));
                fold = _mm256_add_pd(fold, _mm512_extractf64x4_pd::<1>(wide));
            }
        }
    }
    if let Some(l) = sums.as_deref_mut() {
        _mm256_storeu_pd(l.as_mut_ptr(), fold);
    }
    let (done, at) = (8 * blocks, 64 * blocks);
    // SAFETY: forwarded from `RowsFn` for the rows from `done` on; AVX2 is
    // enabled.
    let rest = unsafe {
        generic::<__m256, Hinge<__m256, SQUARED, CONVERT, CHECK>, T, P>(
            &yt[at..],
            &yp[at..],
            cols,
            &mut vals[done..],
            sums,
        )
    };
    bad == 0 && rest
}

/// The (squared) hinge row kernels, indexed as `Table::hinge`.
pub(super) const fn hinge<T: Label, P: Wide>() -> [[RowsFn<f32, T, P>; 3]; 2] {
    [
        [
            rows::<false, false, false, T, P>,
            rows::<false, true, false, T, P>,
            rows::<false, true, true, T, P>,
        ],
        [
            rows::<true, false, false, T, P>,
            rows::<true, true, false, T, P>,
            rows::<true, true, true, T, P>,
        ],
    ]
}
