//! The row kernels, written once over [`Lanes`] and compiled per instruction
//! set by [`kernel_set!`].
//!
//! Rows are short in practice (8 or 16 classes), so rows go four at a time:
//! their sums stay in four independent accumulators and one `reduce4`
//! replaces four horizontal sums; the mean and the rounding then run on all
//! four at once. A row shorter than `S` is all tail; one class per row is
//! element-wise.

use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
use std::mem::size_of;

use crate::float::Float;
use crate::simd::scalar::{categorical_value, row_sum};

use super::lanes::Lanes;

/// Divides row sums by `cols`, by multiplying when that is exact.
#[derive(Clone, Copy)]
enum Mean {
    Mul(f64),
    Div(f64),
}

impl Mean {
    fn new(cols: usize) -> Self {
        if cols.is_power_of_two() {
            // x * 2^-k and x / 2^k are the same real number, so they round
            // alike.
            Mean::Mul(1.0 / cols as f64)
        } else {
            Mean::Div(cols as f64)
        }
    }

    #[inline(always)]
    fn of(self, sum: f64) -> f64 {
        match self {
            Mean::Mul(x) => sum * x,
            Mean::Div(x) => sum / x,
        }
    }

    #[inline(always)]
    unsafe fn of4<L: Lanes>(self, sums: L::Acc) -> L::Acc {
        match self {
            Mean::Mul(x) => L::acc_mul(sums, x),
            Mean::Div(x) => L::acc_div(sums, x),
        }
    }
}

/// The hinge terms of the `n <= S` elements at `t`, `p` (tails padded with
/// `t = p = 1`, whose term is exactly +0 and whose label is binary):
/// `max(1 - c * p, 0)`, squared for squared hinge, where `c` is the label,
/// converted to `2 * t - 1` when `CONVERT`. `CHECK` also records in `ok`
/// whether every label is 0 or 1.
#[inline(always)]
unsafe fn hinge_step<L: Lanes, const SQUARED: bool, const CONVERT: bool, const CHECK: bool>(
    t: *const L::F,
    p: *const L::F,
    n: usize,
    ok: &mut L::V,
) -> L::V {
    let one = L::F::ONE;
    let (t, p) = if n == L::S {
        (L::load(t), L::load(p))
    } else {
        (L::load_tail(t, n, one), L::load_tail(p, n, one))
    };
    let one = L::splat(one);
    let cp = if CHECK {
        let zero = L::eq(t, L::splat(L::F::ZERO));
        *ok = L::and(*ok, L::or(zero, L::eq(t, one)));
        // The pass only counts when every label is 0 or 1, so `c` is -1
        // or 1 and `c * p` is `p` with its sign flipped where `t` is 0.
        L::xor(p, L::and(zero, L::splat(L::F::NEG_ZERO)))
    } else if CONVERT {
        L::mul(L::sub(L::mul(L::splat(L::F::TWO), t), one), p)
    } else {
        L::mul(t, p)
    };
    // MAX(0, d) returns d when d is NaN, as the reference's `relu`.
    let m = L::max(L::splat(L::F::ZERO), L::sub(one, cp));
    if SQUARED {
        L::mul(m, m)
    } else {
        m
    }
}

/// How far ahead of the rows being read both inputs are prefetched. With
/// the hardware prefetcher alone W1 ran at 75 % of the read roofline on one
/// thread and W3 at 70 %; prefetching brought them to 85-95 %. Distances
/// from 1 to 8 KiB measured alike within the machine's noise (see
/// `benches/throughput.rs`).
const AHEAD: usize = 2048;

/// Prefetches two inputs line by line up to [`AHEAD`] bytes past a point.
struct Ahead {
    t: *const i8,
    p: *const i8,
    next: usize,
}

impl Ahead {
    fn new<F>(t: *const F, p: *const F) -> Self {
        Self {
            t: t.cast(),
            p: p.cast(),
            next: 0,
        }
    }

    /// Prefetches up to `AHEAD` bytes past byte `pos` of each input.
    #[inline(always)]
    unsafe fn past(&mut self, pos: usize) {
        while self.next < pos + AHEAD {
            // Prefetches never fault, so running past the end is harmless;
            // `wrapping_add` keeps the address computation defined.
            _mm_prefetch::<_MM_HINT_T0>(self.t.wrapping_add(self.next));
            _mm_prefetch::<_MM_HINT_T0>(self.p.wrapping_add(self.next));
            self.next += 64;
        }
    }
}

/// Row sums: the caller's lanes, to which the value of row `i` of the call
/// is added in lane `i % 4`, in row order.
struct Fold<'s, L: Lanes> {
    out: Option<&'s mut [f64; 4]>,
    acc: L::Acc,
}

impl<'s, L: Lanes> Fold<'s, L> {
    #[inline(always)]
    unsafe fn new(out: Option<&'s mut [f64; 4]>) -> Self {
        let acc = match &out {
            Some(l) => L::acc_set(**l),
            None => L::acc_zero(),
        };
        Self { out, acc }
    }

    /// Four rows' values, widened, starting at a multiple of four.
    #[inline(always)]
    unsafe fn four(&mut self, vals: L::Acc) {
        if self.out.is_some() {
            self.acc = L::acc_add_f64(self.acc, vals);
        }
    }

    /// `S` rows' values, starting at a multiple of four.
    #[inline(always)]
    unsafe fn wide(&mut self, vals: L::V) {
        if self.out.is_some() {
            self.acc = L::acc_add(self.acc, vals);
        }
    }

    /// The values of the rows from `first` on, one by one.
    #[inline(always)]
    unsafe fn rest(self, first: usize, vals: &[L::F]) {
        if let Some(out) = self.out {
            let mut lanes = L::acc_lanes(self.acc);
            for (i, v) in vals.iter().enumerate() {
                lanes[(first + i) % 4] += v.to_f64();
            }
            *out = lanes;
        }
    }
}

/// Rows of (squared) hinge. Tails are padded with `t = p = 1`, whose term
/// is exactly +0 and whose label is binary.
///
/// # Safety
/// As `RowsFn`, and `L`'s instruction set is enabled in the caller.
#[inline(always)]
pub(super) unsafe fn hinge<
    L: Lanes,
    const SQUARED: bool,
    const CONVERT: bool,
    const CHECK: bool,
>(
    yt: &[L::F],
    yp: &[L::F],
    cols: usize,
    vals: &mut [L::F],
    sums: Option<&mut [f64; 4]>,
) -> bool {
    let rows = vals.len();
    let (t0, p0, v0) = (yt.as_ptr(), yp.as_ptr(), vals.as_mut_ptr());
    let size = size_of::<L::F>();
    let mut ahead = Ahead::new(t0, p0);
    let mut fold = Fold::<L>::new(sums);
    let one = L::splat(L::F::ONE);
    // All true: 1 == 1.
    let mut ok = L::eq(one, one);
    let mut r = 0;
    if cols == 1 {
        // A row's mean is its one term: 0 + term, widened and rounded
        // back, is the term itself (it is never -0).
        while r + L::S <= rows {
            ahead.past(r * size);
            let v = hinge_step::<L, SQUARED, CONVERT, CHECK>(t0.add(r), p0.add(r), L::S, &mut ok);
            L::store(v0.add(r), v);
            fold.wide(v);
            r += L::S;
        }
        if r < rows {
            let n = rows - r;
            let v = hinge_step::<L, SQUARED, CONVERT, CHECK>(t0.add(r), p0.add(r), n, &mut ok);
            L::store_tail(v0.add(r), n, v);
        }
    } else {
        let mean = Mean::new(cols);
        while r + 4 <= rows {
            ahead.past(r * cols * size);
            let (t, p) = (t0.add(r * cols), p0.add(r * cols));
            let [a, b, c, d] = hinge_sums::<L, SQUARED, CONVERT, CHECK, 4>(t, p, cols, &mut ok);
            let mean4 = mean.of4::<L>(L::reduce4(a, b, c, d));
            fold.four(L::store4(v0.add(r), L::round4(mean4)));
            r += 4;
        }
        for i in r..rows {
            let (t, p) = (t0.add(i * cols), p0.add(i * cols));
            let [a] = hinge_sums::<L, SQUARED, CONVERT, CHECK, 1>(t, p, cols, &mut ok);
            v0.add(i)
                .write(L::F::from_f64(mean.of(row_sum(L::acc_lanes(a)))));
        }
    }
    fold.rest(r, &vals[r..]);
    !CHECK || L::all(ok)
}

/// The lane sums of `R` consecutive rows starting at `t0`, `p0`, their
/// steps interleaved so the rows' dependency chains overlap.
#[inline(always)]
unsafe fn hinge_sums<
    L: Lanes,
    const SQUARED: bool,
    const CONVERT: bool,
    const CHECK: bool,
    const R: usize,
>(
    t0: *const L::F,
    p0: *const L::F,
    cols: usize,
    ok: &mut L::V,
) -> [L::Acc; R] {
    let tail = cols % L::S;
    let full = cols - tail;
    // The first step sets the lanes: 0 + term is the term, never being -0.
    let first = if full > 0 { L::S } else { tail };
    let mut acc = [L::acc_zero(); R];
    for (k, a) in acc.iter_mut().enumerate() {
        let (t, p) = (t0.add(k * cols), p0.add(k * cols));
        *a = L::acc_first(hinge_step::<L, SQUARED, CONVERT, CHECK>(t, p, first, ok));
    }
    let mut j = first;
    while j < full {
        for (k, a) in acc.iter_mut().enumerate() {
            let (t, p) = (t0.add(k * cols + j), p0.add(k * cols + j));
            *a = L::acc_add(*a, hinge_step::<L, SQUARED, CONVERT, CHECK>(t, p, L::S, ok));
        }
        j += L::S;
    }
    if tail > 0 && full > 0 {
        for (k, a) in acc.iter_mut().enumerate() {
            let (t, p) = (t0.add(k * cols + full), p0.add(k * cols + full));
            *a = L::acc_add(*a, hinge_step::<L, SQUARED, CONVERT, CHECK>(t, p, tail, ok));
        }
    }
    acc
}

/// Rows of categorical hinge. Tails are padded with `t = p = 0`: `t * p` is
/// +0, and the padded lanes of `(1 - t) * p` are replaced by -inf.
///
/// # Safety
/// As `RowsFn`, and `L`'s instruction set is enabled in the caller.
#[inline(always)]
pub(super) unsafe fn categorical<L: Lanes>(
    yt: &[L::F],
    yp: &[L::F],
    cols: usize,
    vals: &mut [L::F],
    sums: Option<&mut [f64; 4]>,
) -> bool {
    let rows = vals.len();
    let (t0, p0, v0) = (yt.as_ptr(), yp.as_ptr(), vals.as_mut_ptr());
    let size = size_of::<L::F>();
    let mut ahead = Ahead::new(t0, p0);
    let mut fold = Fold::<L>::new(sums);
    let mut r = 0;
    if cols == 1 {
        while r + L::S <= rows {
            ahead.past(r * size);
            let v = categorical_elements::<L>(L::load(t0.add(r)), L::load(p0.add(r)));
            L::store(v0.add(r), v);
            fold.wide(v);
            r += L::S;
        }
        if r < rows {
            let n = rows - r;
            let t = L::load_tail(t0.add(r), n, L::F::ZERO);
            let p = L::load_tail(p0.add(r), n, L::F::ZERO);
            L::store_tail(v0.add(r), n, categorical_elements::<L>(t, p));
        }
    } else {
        let (zero, one) = (L::splat(L::F::ZERO), L::splat(L::F::ONE));
        while r + 4 <= rows {
            ahead.past(r * cols * size);
            let (t, p) = (t0.add(r * cols), p0.add(r * cols));
            let Parts { pos, neg, nan } = categorical_parts::<L, 4>(t, p, cols);
            // Lanes 0-3 are the four rows: `max(neg - pos + 1, 0)` with pos
            // rounded to the compute dtype, as the reference.
            let neg4 = L::hmax4(neg[0], neg[1], neg[2], neg[3]);
            let pos4 = L::round4(L::reduce4(pos[0], pos[1], pos[2], pos[3]));
            let v = L::max(zero, L::add(L::sub(neg4, pos4), one));
            let widened = L::store4(v0.add(r), v);
            if L::any(L::or(L::or(nan[0], nan[1]), L::or(nan[2], nan[3]))) {
                // Rare: a NaN dropped by the max makes its row NaN.
                let mut four = L::acc_lanes(widened);
                for (k, x) in four.iter_mut().enumerate() {
                    if L::any(nan[k]) {
                        v0.add(r + k).write(L::F::NAN);
                        *x = f64::NAN;
                    }
                }
                fold.four(L::acc_set(four));
            } else {
                fold.four(widened);
            }
            r += 4;
        }
        for i in r..rows {
            let (t, p) = (t0.add(i * cols), p0.add(i * cols));
            let Parts {
                pos: [pos],
                neg: [neg],
                nan: [nan],
            } = categorical_parts::<L, 1>(t, p, cols);
            let neg = if L::any(nan) { L::F::NAN } else { L::hmax(neg) };
            v0.add(i)
                .write(categorical_value(row_sum(L::acc_lanes(pos)), neg));
        }
    }
    fold.rest(r, &vals[r..]);
    true
}

/// Categorical hinge of one-class rows: `pos = t * p` exactly (its sign of
/// zero cannot matter), so the whole formula runs element-wise in the
/// compute dtype.
#[inline(always)]
unsafe fn categorical_elements<L: Lanes>(t: L::V, p: L::V) -> L::V {
    let one = L::splat(L::F::ONE);
    let (pos, neg) = (L::mul(t, p), L::mul(L::sub(one, t), p));
    // MAX(0, x) keeps a NaN x.
    L::max(L::splat(L::F::ZERO), L::add(L::sub(neg, pos), one))
}

/// Per row of a group of `R`: the lane sums of `t * p`, the lane maxima of
/// `(1 - t) * p` without NaNs, and the lanes that met a NaN there.
struct Parts<L: Lanes, const R: usize> {
    pos: [L::Acc; R],
    neg: [L::V; R],
    nan: [L::V; R],
}

/// The [`Parts`] of `R` consecutive rows starting at `t0`, `p0`.
#[inline(always)]
unsafe fn categorical_parts<L: Lanes, const R: usize>(
    t0: *const L::F,
    p0: *const L::F,
    cols: usize,
) -> Parts<L, R> {
    let one = L::splat(L::F::ONE);
    let lowest = L::splat(L::F::NEG_INFINITY);
    let tail = cols % L::S;
    let full = cols - tail;
    let mut pos = [L::acc_zero(); R];
    let mut neg = [lowest; R];
    let mut nan = [L::splat(L::F::ZERO); R];
    let mut j = 0;
    while j < full {
        for k in 0..R {
            let o = k * cols + j;
            let (t, p) = (L::load(t0.add(o)), L::load(p0.add(o)));
            pos[k] = L::acc_add(pos[k], L::mul(t, p));
            let n = L::mul(L::sub(one, t), p);
            // Once a lane of `nan` is true its bits are a NaN, which keeps
            // it true: one instruction per step records every NaN `n`.
            nan[k] = L::unordered(n, nan[k]);
            // MAX(n, neg) drops a NaN n, which `nan` has recorded.
            neg[k] = L::max(n, neg[k]);
        }
        j += L::S;
    }
    if tail > 0 {
        let keep = L::first(tail);
        for k in 0..R {
            let o = k * cols + full;
            let t = L::load_tail(t0.add(o), tail, L::F::ZERO);
            let p = L::load_tail(p0.add(o), tail, L::F::ZERO);
            pos[k] = L::acc_add(pos[k], L::mul(t, p));
            let n = L::select(keep, L::mul(L::sub(one, t), p), lowest);
            nan[k] = L::unordered(n, nan[k]);
            neg[k] = L::max(n, neg[k]);
        }
    }
    Parts { pos, neg, nan }
}

/// Plain sum, as fast as the data arrive: the two halves are read side by
/// side (two streams, as the losses read their two inputs), each into two
/// vector accumulators.
///
/// # Safety
/// `L`'s instruction set is enabled in the caller.
#[inline(always)]
pub(super) unsafe fn sum<L: Lanes>(data: &[L::F]) -> f64 {
    let half = data.len() / 2 / (2 * L::S) * (2 * L::S);
    let (a, b) = (data.as_ptr(), data.as_ptr().add(half));
    let mut ahead = Ahead::new(a, b);
    let zero = L::splat(L::F::ZERO);
    let mut acc = [zero; 4];
    let mut i = 0;
    while i < half {
        ahead.past(i * size_of::<L::F>());
        acc[0] = L::add(acc[0], L::load(a.add(i)));
        acc[1] = L::add(acc[1], L::load(a.add(i + L::S)));
        acc[2] = L::add(acc[2], L::load(b.add(i)));
        acc[3] = L::add(acc[3], L::load(b.add(i + L::S)));
        i += 2 * L::S;
    }
    // The rest of the second half.
    let rest = &data[2 * half..];
    let mut j = 0;
    while j < rest.len() {
        let n = L::S.min(rest.len() - j);
        acc[0] = L::add(acc[0], L::load_tail(rest.as_ptr().add(j), n, L::F::ZERO));
        j += n;
    }
    let v = L::add(L::add(acc[0], acc[1]), L::add(acc[2], acc[3]));
    row_sum(L::acc_lanes(L::acc_add(L::acc_zero(), v)))
}

/// The `KernelSet` of one instruction set: target-feature entry points over
/// the generic kernels, for `Lanes` types `$f32` and `$f64`.
macro_rules! kernel_set {
    ($name:literal, $feature:literal, $f32:ty, $f64:ty) => {
        #[target_feature(enable = $feature)]
        unsafe fn hinge<
            L: super::lanes::Lanes,
            const SQUARED: bool,
            const CONVERT: bool,
            const CHECK: bool,
        >(
            yt: &[L::F],
            yp: &[L::F],
            cols: usize,
            vals: &mut [L::F],
            sums: Option<&mut [f64; 4]>,
        ) -> bool {
            // SAFETY: forwarded from `RowsFn`, with the feature enabled.
            unsafe { super::rows::hinge::<L, SQUARED, CONVERT, CHECK>(yt, yp, cols, vals, sums) }
        }

        #[target_feature(enable = $feature)]
        unsafe fn categorical<L: super::lanes::Lanes>(
            yt: &[L::F],
            yp: &[L::F],
            cols: usize,
            vals: &mut [L::F],
            sums: Option<&mut [f64; 4]>,
        ) -> bool {
            // SAFETY: forwarded from `RowsFn`, with the feature enabled.
            unsafe { super::rows::categorical::<L>(yt, yp, cols, vals, sums) }
        }

        #[target_feature(enable = $feature)]
        unsafe fn sum<L: super::lanes::Lanes>(data: &[L::F]) -> f64 {
            // SAFETY: forwarded from `SumFn`, with the feature enabled.
            unsafe { super::rows::sum::<L>(data) }
        }

        const fn kernels<L: super::lanes::Lanes>() -> crate::simd::Kernels<L::F> {
            crate::simd::Kernels {
                hinge: [
                    [
                        hinge::<L, false, false, false>,
                        hinge::<L, false, true, false>,
                        hinge::<L, false, true, true>,
                    ],
                    [
                        hinge::<L, true, false, false>,
                        hinge::<L, true, true, false>,
                        hinge::<L, true, true, true>,
                    ],
                ],
                categorical: categorical::<L>,
                sum: sum::<L>,
            }
        }

        /// Only valid on a CPU with the instruction set; `x86_64::best`
        /// checks before handing it out.
        pub(in crate::simd) static SET: crate::simd::KernelSet = crate::simd::KernelSet {
            name: $name,
            f32: kernels::<$f32>(),
            f64: kernels::<$f64>(),
        };
    };
}

pub(super) use kernel_set;
