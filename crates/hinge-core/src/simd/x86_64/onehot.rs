//! Categorical hinge over rows of sixteen f32 scores with one-hot labels,
//! sixteen rows at a time: the shape of W3 and W3m.
//!
//! With one label 1 and the others ±0, a row's `pos` adds its class's
//! score to fifteen products `0·p`, zeros while the scores are finite, so
//! its f64 sum is that score in any order; and `neg` is the maximum of the
//! other scores and `0·p` of the class's. Those are the terms `sixteens`
//! computes from a class id, and a row with a score that is not finite
//! takes `sparse_value` there, which is the dense value too. So the block
//! is `sixteens`' with each row's class read off its labels, a compare
//! whose mask also marks the class's lane. A block with a row that is not
//! one-hot, and every other shape, takes the generic kernel.

use std::arch::x86_64::*;

use super::fold16;
use super::sixteens::{self, Classes, FAR};
use crate::simd::rows::categorical::Categorical;
use crate::simd::rows::rows as generic;

/// By class id: all ones in the lanes of the other classes, so that an and
/// with a row leaves its `0·p`.
#[repr(align(64))]
struct Others([[u32; 16]; 16]);

static OTHERS: Others = {
    let mut table = [[u32::MAX; 16]; 16];
    let mut id = 0;
    while id < 16 {
        table[id][id] = 0;
        id += 1;
    }
    Others(table)
};

impl Others {
    /// The scores at `row` with those of class `id` replaced by +0.
    ///
    /// # Safety
    /// `row` holds sixteen scores, `id` is below sixteen; AVX-512F is
    /// enabled.
    #[inline(always)]
    unsafe fn of(&self, row: *const f32, id: usize) -> __m512 {
        let keep = _mm512_load_ps(self.0.as_ptr().add(id).cast());
        _mm512_and_ps(_mm512_loadu_ps(row), keep)
    }
}

/// The classes of sixteen rows of labels, and whether they are all one-hot.
struct OneHot {
    labels: *const f32,
    /// The bits of every label but the rows' 1.0, which are all ±0 when
    /// they are zeros.
    rest: __m512i,
    /// Whether every row has exactly one 1.0.
    single: bool,
}

impl OneHot {
    /// # Safety
    /// AVX-512F is enabled.
    #[inline(always)]
    unsafe fn new(labels: *const f32) -> Self {
        Self {
            labels,
            rest: _mm512_setzero_si512(),
            single: true,
        }
    }

    /// # Safety
    /// AVX-512F is enabled.
    #[inline(always)]
    unsafe fn one_hot(&self) -> bool {
        let abs = _mm512_set1_epi32(i32::MAX);
        self.single && _mm512_test_epi32_mask(self.rest, abs) == 0
    }
}

impl OneHot {
    /// Row `k`'s labels and the mask of its 1.0s.
    ///
    /// # Safety
    /// The labels hold sixteen rows; AVX-512F is enabled.
    #[inline(always)]
    unsafe fn ones(&self, k: usize) -> (__m512i, __mmask16) {
        let t = _mm512_loadu_si512(self.labels.add(16 * k).cast());
        let one = _mm512_cmpeq_epi32_mask(t, _mm512_set1_epi32(1.0f32.to_bits() as i32));
        (t, one)
    }
}

/// The lane of a row's first 1.0, masked to the row, so that a row
/// without one reads its own scores; its block is computed again.
fn first(one: __mmask16) -> usize {
    one.trailing_zeros() as usize & 15
}

impl Classes for OneHot {
    #[inline(always)]
    unsafe fn class(&mut self, row: *const f32, k: usize) -> (usize, __m512) {
        let labels = self.labels.add(16 * k);
        _mm_prefetch::<_MM_HINT_T0>(labels.cast::<i8>().wrapping_add(FAR));
        let (t, one) = self.ones(k);
        // The labels but the 1.0 or-ed in, in one masked operation.
        self.rest = _mm512_mask_or_epi32(self.rest, !one, self.rest, t);
        self.single &= one.is_power_of_two();
        let id = first(one);
        // An and with the class's row of the table, which does not wait
        // for the compare to load the scores: under the compare's mask, W3
        // ran 8 % slower in cache.
        (id, OTHERS.of(row, id))
    }

    #[inline(always)]
    unsafe fn id(&self, k: usize) -> usize {
        first(self.ones(k).1)
    }
}

/// A `RowsFn` for categorical hinge: rows of sixteen with one-hot labels
/// in blocks of sixteen rows here, everything else by the generic kernel.
///
/// # Safety
/// As `RowsFn`.
#[target_feature(enable = "avx2,f16c,avx512f,avx512vl,avx512bw,avx512dq")]
pub(super) unsafe fn categorical(
    yt: &[f32],
    yp: &[f32],
    cols: usize,
    vals: &mut [f32],
    mut sums: Option<&mut [f64; 4]>,
) -> bool {
    let blocks = if cols == 16 { vals.len() / 16 } else { 0 };
    let mut ok = true;
    let mut fold = match &sums {
        Some(l) => _mm256_loadu_pd(l.as_ptr()),
        None => _mm256_setzero_pd(),
    };
    for b in 0..blocks {
        let (at, rows) = (256 * b, 16 * b..16 * (b + 1));
        // SAFETY: block `b < blocks` of sixteen rows of sixteen, which
        // `RowsFn` guarantees `yt`, `yp` and `vals` hold.
        let mut classes = OneHot::new(unsafe { yt.as_ptr().add(at) });
        let out = unsafe { vals.as_mut_ptr().add(rows.start) };
        unsafe { sixteens::block(yp.as_ptr().add(at), &mut classes, out) };
        if classes.one_hot() {
            if sums.is_some() {
                // SAFETY: the block's sixteen values, just written.
                fold = fold16(fold, unsafe { _mm512_loadu_ps(out) });
            }
        } else {
            let mut lanes = [0.0; 4];
            _mm256_storeu_pd(lanes.as_mut_ptr(), fold);
            let (t, p) = (&yt[at..at + 256], &yp[at..at + 256]);
            // SAFETY: forwarded from `RowsFn` for these sixteen rows; AVX2
            // is enabled.
            ok &= unsafe {
                generic::<__m256, Categorical<__m256>, f32, f32>(
                    t,
                    p,
                    cols,
                    &mut vals[rows],
                    Some(&mut lanes),
                )
            };
            fold = _mm256_loadu_pd(lanes.as_ptr());
        }
    }
    if let Some(l) = sums.as_deref_mut() {
        _mm256_storeu_pd(l.as_mut_ptr(), fold);
    }
    let (done, at) = (16 * blocks, 256 * blocks);
    // SAFETY: forwarded from `RowsFn` for the rows from `done` on; AVX2 is
    // enabled.
    let rest = unsafe {
        generic::<__m256, Categorical<__m256>, f32, f32>(
            &yt[at..],
            &yp[at..],
            cols,
            &mut vals[done..],
            sums,
        )
    };
    ok && rest
}
