//! The row kernels, written once over [`Lanes`] and compiled per instruction
//! set by [`kernel_set!`]: (squared) hinge in `hinge`, categorical hinge in
//! `categorical`, sparse categorical hinge in `sparse`, and what they share
//! here.
//!
//! Rows are short in practice (8 or 16 classes), so rows go four at a time:
//! their sums stay in four independent accumulators and one `reduce4`
//! replaces four horizontal sums; the mean and the rounding then run on all
//! four at once. A row shorter than `S` is all tail; one class per row is
//! element-wise.

pub(super) mod categorical;
pub(super) mod grad;
pub(super) mod hinge;
pub(super) mod load;
pub(super) mod sparse;
#[cfg(feature = "bench")]
pub(super) mod sum;

use std::mem::size_of;

use crate::float::Float;

use super::vector::{Lanes, Sums, Vector};
use load::Load;

/// What one loss computes per row; [`rows`] walks the rows for all of them.
/// Labels are read as `T`, scores as `P` (see [`Load`]).
pub(super) trait Kernel<L: Lanes> {
    /// What tail lanes hold in both inputs.
    const PAD: L::F;

    /// A kernel for rows of `cols` elements.
    unsafe fn new(cols: usize) -> Self;
    /// The values of `S` rows of one element each.
    unsafe fn elements(&mut self, t: L::V, p: L::V) -> L::V;
    /// Writes the values of the four rows at `t`, `p` to `out` and returns
    /// them widened.
    unsafe fn four<T: Load<L::V>, P: Load<L::V>>(
        &mut self,
        t: *const T,
        p: *const P,
        out: *mut L::F,
    ) -> L::Acc;
    /// The value of the row at `t`, `p`.
    unsafe fn one<T: Load<L::V>, P: Load<L::V>>(&mut self, t: *const T, p: *const P) -> L::F;
    /// The verdict `RowsFn` returns.
    unsafe fn ok(&self) -> bool;
}

/// A `RowsFn` for kernel `K`.
///
/// # Safety
/// As `RowsFn`, and `L`'s instruction set is enabled in the caller.
#[inline(always)]
pub(super) unsafe fn rows<L: Lanes, K: Kernel<L>, T: Load<L::V>, P: Load<L::V>>(
    yt: &[T],
    yp: &[P],
    cols: usize,
    vals: &mut [L::F],
    sums: Option<&mut [f64; 4]>,
) -> bool {
    let (s, rows) = (L::V::S, vals.len());
    let (t0, p0, v0) = (yt.as_ptr(), yp.as_ptr(), vals.as_mut_ptr());
    let mut ahead = Ahead::new(t0, p0);
    let mut fold = Fold::<L>::new(sums);
    let mut kernel = K::new(cols);
    let mut r = 0;
    if cols == 1 {
        while r + s <= rows {
            ahead.past::<L::V>(r);
            let v = kernel.elements(T::load(t0.add(r)), P::load(p0.add(r)));
            v.store(v0.add(r));
            fold.wide(v);
            r += s;
        }
        if r < rows {
            let n = rows - r;
            let t = T::load_tail(t0.add(r), n, K::PAD);
            let p = P::load_tail(p0.add(r), n, K::PAD);
            kernel.elements(t, p).store_tail(v0.add(r), n);
        }
    } else {
        while r + 4 <= rows {
            ahead.past::<L::V>(r * cols);
            let (t, p) = (t0.add(r * cols), p0.add(r * cols));
            fold.four(kernel.four(t, p, v0.add(r)));
            r += 4;
        }
        for i in r..rows {
            v0.add(i)
                .write(kernel.one(t0.add(i * cols), p0.add(i * cols)));
        }
    }
    fold.rest(r, &vals[r..]);
    kernel.ok()
}

/// Divides row sums by `cols`, by multiplying when that is exact.
#[derive(Clone, Copy)]
pub(super) enum Mean {
    Mul(f64),
    Div(f64),
}

impl Mean {
    pub(super) fn new(cols: usize) -> Self {
        if cols.is_power_of_two() {
            // x * 2^-k and x / 2^k are the same real number, so they round
            // alike.
            Mean::Mul(1.0 / cols as f64)
        } else {
            Mean::Div(cols as f64)
        }
    }

    #[inline(always)]
    pub(super) fn of(self, sum: f64) -> f64 {
        match self {
            Mean::Mul(x) => sum * x,
            Mean::Div(x) => sum / x,
        }
    }

    #[inline(always)]
    pub(super) unsafe fn of4<A: Sums>(self, sums: A) -> A {
        match self {
            Mean::Mul(x) => sums.mul(A::splat(x)),
            Mean::Div(x) => sums.div(A::splat(x)),
        }
    }
}

/// How far ahead of the rows being read both inputs are prefetched. With
/// the hardware prefetcher alone W1 ran at 75 % of the read roofline on one
/// thread and W3 at 70 %; prefetching brought them to 85-95 %. Distances
/// from 1 to 8 KiB measured alike within the machine's noise (see
/// `bench/crate/throughput.rs`).
pub(super) const AHEAD: usize = 2048;

/// Prefetches two inputs line by line up to [`AHEAD`] bytes past a point
/// of the one with the wider elements; the other, at the same element, a
/// line at a time too.
pub(super) struct Ahead {
    t: *const u8,
    p: *const u8,
    /// Element sizes in bytes.
    t_size: usize,
    p_size: usize,
    /// The next element to prefetch.
    next: usize,
    /// Elements per line of the wider input.
    step: usize,
}

impl Ahead {
    pub(super) fn new<T, P>(t: *const T, p: *const P) -> Self {
        let (t_size, p_size) = (size_of::<T>(), size_of::<P>());
        Self {
            t: t.cast(),
            p: p.cast(),
            t_size,
            p_size,
            next: 0,
            step: 64 / t_size.max(p_size),
        }
    }

    /// Prefetches the inputs up to `AHEAD` bytes of the wider past element
    /// `pos`.
    #[inline(always)]
    pub(super) unsafe fn past<V: Vector>(&mut self, pos: usize) {
        let end = pos + AHEAD / 64 * self.step;
        while self.next < end {
            // Prefetches never fault, so running past the end is harmless;
            // `wrapping_add` keeps the address computation defined.
            V::prefetch(self.t.wrapping_add(self.next * self.t_size));
            V::prefetch(self.p.wrapping_add(self.next * self.p_size));
            self.next += self.step;
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
            Some(l) => L::Acc::from_lanes(**l),
            None => L::Acc::splat(0.0),
        };
        Self { out, acc }
    }

    /// Four rows' values, widened, starting at a multiple of four.
    #[inline(always)]
    unsafe fn four(&mut self, vals: L::Acc) {
        if self.out.is_some() {
            self.acc = self.acc.add(vals);
        }
    }

    /// `S` rows' values, starting at a multiple of four.
    #[inline(always)]
    unsafe fn wide(&mut self, vals: L::V) {
        if self.out.is_some() {
            self.acc = L::widen_add(self.acc, vals);
        }
    }

    /// The values of the rows from `first` on, one by one.
    #[inline(always)]
    unsafe fn rest(self, first: usize, vals: &[L::F]) {
        if let Some(out) = self.out {
            let mut lanes = self.acc.lanes();
            for (i, v) in vals.iter().enumerate() {
                lanes[(first + i) % 4] += v.to_f64();
            }
            *out = lanes;
        }
    }
}

/// The `KernelSet` of one instruction set: entry points over the generic
/// kernels for `Lanes` types `$f32` and `$f64`, compiled with the target
/// features `$feature` when there are any.
///
/// A set may replace its f32 kernels with `f32 = <const expression>`,
/// which may start from the generic ones, `kernels::<$f32>()`.
macro_rules! kernel_set {
    (@f32 [] $generic:expr) => {
        $generic
    };
    (@f32 [$given:expr] $generic:expr) => {
        $given
    };
    ($name:literal, $f32:ty, $f64:ty $(, $feature:literal)? $(, f32 = $f32_kernels:expr)?) => {
        $(#[target_feature(enable = $feature)])?
        unsafe fn rows<
            L: crate::simd::vector::Lanes,
            K: crate::simd::rows::Kernel<L>,
            T: crate::simd::rows::load::Load<L::V>,
            P: crate::simd::rows::load::Load<L::V>,
        >(
            yt: &[T],
            yp: &[P],
            cols: usize,
            vals: &mut [L::F],
            sums: Option<&mut [f64; 4]>,
        ) -> bool {
            // SAFETY: forwarded from `RowsFn`; the set's feature is enabled.
            unsafe { crate::simd::rows::rows::<L, K, T, P>(yt, yp, cols, vals, sums) }
        }

        /// The row kernels reading labels as `T` and scores as `P`.
        const fn table<
            L: crate::simd::vector::Lanes,
            T: crate::simd::rows::load::Load<L::V>,
            P: crate::simd::rows::load::Load<L::V>,
        >() -> crate::simd::Table<L::F, T, P> {
            use crate::simd::rows::{categorical::Categorical, hinge::Hinge};
            crate::simd::Table {
                hinge: [
                    [
                        rows::<L, Hinge<L, false, false, false>, T, P>,
                        rows::<L, Hinge<L, false, true, false>, T, P>,
                        rows::<L, Hinge<L, false, true, true>, T, P>,
                    ],
                    [
                        rows::<L, Hinge<L, true, false, false>, T, P>,
                        rows::<L, Hinge<L, true, true, false>, T, P>,
                        rows::<L, Hinge<L, true, true, true>, T, P>,
                    ],
                ],
                categorical: rows::<L, Categorical<L>, T, P>,
            }
        }

        $(#[target_feature(enable = $feature)])?
        unsafe fn sparse<L: crate::simd::vector::Lanes>(
            ids: &[usize],
            yp: &[L::F],
            cols: usize,
            vals: &mut [L::F],
        ) {
            // SAFETY: forwarded from `SparseFn`; the set's feature is enabled.
            unsafe { crate::simd::rows::sparse::sparse::<L>(ids, yp, cols, vals) }
        }

        $(#[target_feature(enable = $feature)])?
        unsafe fn hinge_grad<L: crate::simd::vector::Lanes, const SQUARED: bool, const CONVERT: bool>(
            t: &[L::F],
            p: &[L::F],
            c: L::F,
            kink: L::F,
            g: &mut [L::F],
        ) {
            // SAFETY: forwarded from `HingeGradFn`; the set's feature is enabled.
            unsafe { crate::simd::rows::grad::hinge::<L, SQUARED, CONVERT>(t, p, c, kink, g) }
        }

        $(#[target_feature(enable = $feature)])?
        unsafe fn class_ids(
            labels: &crate::input::Input<'_>,
            start: usize,
            ids: &mut [usize],
            cols: usize,
        ) -> Result<(), usize> {
            // SAFETY: the set's feature is enabled.
            unsafe { crate::simd::convert::prefetch::<$f32>(labels, start + ids.len(), ids.len()) };
            // Vectorised for the set's registers.
            labels.class_ids(start, ids, cols)
        }

        $(#[target_feature(enable = $feature)])?
        unsafe fn convert<L: crate::simd::vector::Lanes>(
            src: &crate::input::Input<'_>,
            start: usize,
            dst: &mut [L::F],
        ) {
            // SAFETY: forwarded from `ConvertFn`; the set's feature is enabled.
            unsafe { crate::simd::convert::convert::<L>(src, start, dst) }
        }

        $(#[target_feature(enable = $feature)])?
        unsafe fn fold<L: crate::simd::vector::Lanes>(
            lanes: &mut [f64; 4],
            first: usize,
            vals: &[L::F],
        ) {
            // Vectorised for the set's registers.
            crate::reduce::fold([lanes], first, [vals])
        }

        $(#[target_feature(enable = $feature)])?
        unsafe fn weigh<L: crate::simd::vector::Lanes>(
            lanes: [&mut [f64; 4]; 2],
            first: usize,
            vals: &mut [L::F],
            weights: &[L::F],
        ) {
            // Vectorised for the set's registers.
            crate::reduce::weigh(lanes, first, vals, weights)
        }

        #[cfg(feature = "bench")]
        $(#[target_feature(enable = $feature)])?
        unsafe fn sum<L: crate::simd::vector::Lanes>(data: &[L::F]) -> f64 {
            // SAFETY: forwarded from `SumFn`; the set's feature is enabled.
            unsafe { crate::simd::rows::sum::sum::<L>(data) }
        }

        #[cfg(feature = "bench")]
        $(#[target_feature(enable = $feature)])?
        unsafe fn stream(reads: &[&[u8]], write: Option<&mut [u8]>) -> u32 {
            // SAFETY: forwarded from `StreamFn`; the set's feature is enabled.
            unsafe { crate::simd::rows::sum::stream::<$f32>(reads, write) }
        }

        const fn kernels<L: crate::simd::vector::Lanes>() -> crate::simd::Kernels<L::F>
        where
            L::F: crate::simd::rows::load::Load<L::V>,
        {
            crate::simd::Kernels {
                same: table::<L, L::F, L::F>(),
                fused: crate::simd::Fused {
                    bytes: table::<L, u8, L::F>(),
                    halves: table::<L, L::F, half::f16>(),
                    both: table::<L, u8, half::f16>(),
                },
                hinge_grad: [
                    [hinge_grad::<L, false, false>, hinge_grad::<L, false, true>],
                    [hinge_grad::<L, true, false>, hinge_grad::<L, true, true>],
                ],
                sparse: sparse::<L>,
                class_ids,
                convert: convert::<L>,
                fold: fold::<L>,
                weigh: weigh::<L>,
                #[cfg(feature = "bench")]
                sum: sum::<L>,
            }
        }

        /// Only valid on a CPU with the instruction set; `select` checks
        /// before handing it out.
        pub(in crate::simd) static SET: crate::simd::KernelSet = crate::simd::KernelSet {
            name: $name,
            f32: crate::simd::rows::kernel_set!(@f32 [$($f32_kernels)?] kernels::<$f32>()),
            f64: kernels::<$f64>(),
            #[cfg(feature = "bench")]
            stream,
        };
    };
}

pub(super) use kernel_set;
