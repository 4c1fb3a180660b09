//! Sparse categorical hinge over rows of exactly sixteen f32 scores, sixteen
//! rows at a time in 512-bit registers: the shape of W8.
//!
//! A row is one register. Its `neg`, the maximum of the scores with the
//! class's own replaced by +0, needs a horizontal maximum; four rows at a
//! time in AVX2 registers, that and the per-lane class compare took most of
//! a row's time. Here sixteen rows' maxima come out of one tree of
//! two-source shuffles (two per pair of registers at each of four levels),
//! one lane per row, and the class's score is broadcast from memory into
//! its row's lane. Maxima are exact in any order, and a row with a score
//! that is not finite takes `sparse_value`, as in `rows::sparse`, whose
//! arithmetic this is, so every bit is the other sets'. Such a row is
//! found by one sum of the block's scores: a test of each row took two
//! vector operations a row, on a block whose vector ports were full.

use std::arch::x86_64::*;

use crate::simd::rows::sparse::sparse as generic;
use crate::simd::rows::AHEAD;
use crate::simd::scalar::sparse_value;

/// How far ahead of a row its scores are prefetched. A row is one line and
/// takes about 1.4 ns in cache, so `AHEAD` (2 KiB) covered some 45 ns,
/// less than a line's trip from memory: W8 from memory ran 1.2-1.6x
/// slower with it than with 8 KiB, on one thread and on two; 16 KiB
/// measured as 8 (see `bench/notes/avx512.md`). The rows are prefetched
/// into L2 only (`T1`): into L1 too, W8 from memory ran 1.1-1.3x slower.
pub(super) const FAR: usize = 4 * AHEAD;

/// The tree's lane of row `k`: lane `4c + m` ends up holding row `c + 4m`.
const fn lane(k: usize) -> usize {
    4 * (k % 4) + k / 4
}

/// Two registers' lanes: `max` of the selected 128-bit blocks of both.
#[inline(always)]
unsafe fn pair<const LO: i32, const HI: i32>(a: __m512, b: __m512) -> __m512 {
    _mm512_max_ps(
        _mm512_shuffle_f32x4::<LO>(a, b),
        _mm512_shuffle_f32x4::<HI>(a, b),
    )
}

/// Within each 128-bit block, `max` of the selected lanes of both.
#[inline(always)]
unsafe fn within<const LO: i32, const HI: i32>(a: __m512, b: __m512) -> __m512 {
    _mm512_max_ps(_mm512_shuffle_ps::<LO>(a, b), _mm512_shuffle_ps::<HI>(a, b))
}

/// Where a block's rows get their classes.
pub(super) trait Classes {
    /// Row `k`'s class, below sixteen, and its scores, at `row`, with the
    /// class's own replaced by +0: its `0·p`.
    ///
    /// # Safety
    /// The source and `row` hold sixteen rows; AVX-512F/BW/VL/DQ are
    /// enabled.
    unsafe fn class(&mut self, row: *const f32, k: usize) -> (usize, __m512);

    /// Row `k`'s class id.
    ///
    /// # Safety
    /// As [`Classes::class`].
    unsafe fn id(&self, k: usize) -> usize;
}

/// Class ids, sixteen from here.
struct Ids(*const usize);

/// By class id: the mask of the other lanes. Loaded from here, W8 ran 4 %
/// faster in cache than with the mask made from the id in a register.
static MASKS: [u16; 16] = {
    let mut others = [0; 16];
    let mut id = 0;
    while id < 16 {
        others[id] = !(1 << id);
        id += 1;
    }
    others
};

impl Classes for Ids {
    #[inline(always)]
    unsafe fn class(&mut self, row: *const f32, k: usize) -> (usize, __m512) {
        let id = self.id(k);
        // A load under the mask of the other lanes, where an and with a
        // row of `onehot::OTHERS` ran 4 % slower (and a masked move more so).
        (id, _mm512_maskz_loadu_ps(*MASKS.as_ptr().add(id), row))
    }

    #[inline(always)]
    unsafe fn id(&self, k: usize) -> usize {
        *self.0.add(k)
    }
}

/// Row `k` of the block at `p` for the tree: its `0·p` (see
/// [`Classes::class`]); the class's score goes to the row's lane of `pos`.
#[inline(always)]
unsafe fn row<C: Classes>(p: *const f32, classes: &mut C, k: usize, pos: &mut __m512) -> __m512 {
    let row = p.add(16 * k);
    _mm_prefetch::<_MM_HINT_T1>(row.cast::<i8>().wrapping_add(FAR));
    let (id, others) = classes.class(row, k);
    *pos = _mm512_mask_broadcastss_ps(*pos, 1 << lane(k), _mm_load_ss(row.add(id)));
    others
}

/// Whether the sum of `n` and `pos` is finite, which it is when every
/// score is, and cheaper than a test of each row: a sum that overflows
/// only sends the block to the test of each row.
#[inline(always)]
unsafe fn finite(n: &[__m512; 16], pos: __m512) -> bool {
    let mut s = [_mm512_setzero_ps(); 8];
    for (i, s) in s.iter_mut().enumerate() {
        *s = _mm512_add_ps(n[2 * i], n[2 * i + 1]);
    }
    let a = _mm512_add_ps(_mm512_add_ps(s[0], s[1]), _mm512_add_ps(s[2], s[3]));
    let b = _mm512_add_ps(_mm512_add_ps(s[4], s[5]), _mm512_add_ps(s[6], s[7]));
    let all = _mm512_add_ps(_mm512_add_ps(a, b), pos);
    _mm512_fpclass_ps_mask::<0x99>(all) == 0
}

/// Writes the values of the sixteen rows at `p`, of classes `classes`, to
/// `out`.
///
/// # Safety
/// `p` holds sixteen rows of sixteen scores and `out` sixteen values;
/// AVX-512F/BW/VL/DQ are enabled.
#[inline(always)]
pub(super) unsafe fn block<C: Classes>(p: *const f32, classes: &mut C, out: *mut f32) {
    let mut pos = _mm512_setzero_ps();
    // Written out, so that each row's lane is a constant and the rows stay
    // in registers.
    let n = [
        row(p, classes, 0, &mut pos),
        row(p, classes, 1, &mut pos),
        row(p, classes, 2, &mut pos),
        row(p, classes, 3, &mut pos),
        row(p, classes, 4, &mut pos),
        row(p, classes, 5, &mut pos),
        row(p, classes, 6, &mut pos),
        row(p, classes, 7, &mut pos),
        row(p, classes, 8, &mut pos),
        row(p, classes, 9, &mut pos),
        row(p, classes, 10, &mut pos),
        row(p, classes, 11, &mut pos),
        row(p, classes, 12, &mut pos),
        row(p, classes, 13, &mut pos),
        row(p, classes, 14, &mut pos),
        row(p, classes, 15, &mut pos),
    ];
    // Blocks 0-1 and 2-3 of row pairs, then of pairs of pairs: each block
    // then holds one row's maxima of four lanes.
    // (Loops, not `array::from_fn`: a closure is not compiled with the
    // caller's instruction set.)
    let mut q = [_mm512_setzero_ps(); 8];
    for (i, q) in q.iter_mut().enumerate() {
        *q = pair::<0x44, 0xee>(n[2 * i], n[2 * i + 1]);
    }
    let mut o = [_mm512_setzero_ps(); 4];
    for (i, o) in o.iter_mut().enumerate() {
        *o = pair::<0x88, 0xdd>(q[2 * i], q[2 * i + 1]);
    }
    // Then lanes within blocks: rows c, c + 4, c + 8 and c + 12 in block c.
    let h0 = within::<0x44, 0xee>(o[0], o[1]);
    let h1 = within::<0x44, 0xee>(o[2], o[3]);
    let neg = within::<0x88, 0xdd>(h0, h1);
    let value = _mm512_max_ps(
        _mm512_setzero_ps(),
        _mm512_add_ps(_mm512_sub_ps(neg, pos), _mm512_set1_ps(1.0)),
    );
    let order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    _mm512_storeu_ps(out, _mm512_permutexvar_ps(order, value));
    if !finite(&n, pos) {
        for k in 0..16 {
            let row = p.add(16 * k);
            if _mm512_fpclass_ps_mask::<0x99>(_mm512_loadu_ps(row)) != 0 {
                *out.add(k) = sparse_value(16, classes.id(k), |j| *row.add(j));
            }
        }
    }
}

/// A `SparseFn`: rows of sixteen in blocks of sixteen rows here, every
/// other shape and the last rows by the generic kernel.
///
/// # Safety
/// As `SparseFn`.
#[target_feature(enable = "avx2,f16c,avx512f,avx512vl,avx512bw,avx512dq")]
pub(super) unsafe fn sparse(ids: &[usize], yp: &[f32], cols: usize, vals: &mut [f32]) {
    let blocks = if cols == 16 { vals.len() / 16 } else { 0 };
    for b in 0..blocks {
        // SAFETY: block `b < blocks` of sixteen rows, ids and values, which
        // `SparseFn` guarantees `ids`, `yp` and `vals` hold, every id below
        // sixteen.
        unsafe {
            block(
                yp.as_ptr().add(256 * b),
                &mut Ids(ids.as_ptr().add(16 * b)),
                vals.as_mut_ptr().add(16 * b),
            )
        };
    }
    let done = 16 * blocks;
    // SAFETY: forwarded from `SparseFn` for the rows from `done` on; AVX2 is
    // enabled.
    unsafe {
        generic::<__m256>(&ids[done..], &yp[done * cols..], cols, &mut vals[done..]);
    }
}
