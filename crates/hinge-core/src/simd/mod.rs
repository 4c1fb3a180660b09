//! Per-row loss kernels for several instruction sets, one chosen per process.
//!
//! The kernels are written once, in `rows`, over the lane traits of
//! `vector`; each instruction set implements those on its registers
//! (`x86_64`), and `portable` on plain arrays for every other CPU. Every
//! kernel computes the values of complete rows in the one arithmetic order
//! that [`scalar`] spells out, so the instruction set never changes a bit
//! of any result:
//! - element-wise terms in the compute dtype, without fused multiply-add;
//! - a row sum in four f64 lanes: element `j` of the row goes to lane
//!   `j % 4`, each lane adds its elements in column order starting from +0,
//!   and the row sum is `(lane0 + lane1) + (lane2 + lane3)`;
//! - a mean divides that sum by `cols` (multiplying by `1 / cols` when
//!   `cols` is a power of two rounds identically);
//! - maxima are exact in any order; NaN is tracked apart from them.
//!
//! Four lanes let an instruction set sum short rows without a per-row
//! horizontal reduction: SSE2 keeps them in two registers, AVX2 in one, and
//! four rows' lanes reduce together.

mod binary16;
mod convert;
mod portable;
mod rows;
mod scalar;
#[cfg(test)]
mod tests;
mod vector;
#[cfg(target_arch = "x86_64")]
mod x86_64;

use std::sync::OnceLock;

use crate::float::Float;
use crate::input::Input;
use crate::source::Source;

pub(crate) use scalar::{row_sum, sparse_value, CategoricalRow, HingeRow, RowState};

/// How one pass of (squared) hinge treats labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LabelPass {
    /// Used as they are.
    Keep = 0,
    /// `2 * t - 1`.
    Convert = 1,
    /// Converted, and checked to be in {0, 1}.
    Check = 2,
}

/// What one pass over the rows computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pass {
    Hinge { squared: bool, labels: LabelPass },
    Categorical,
}

/// Writes the values of `vals.len()` complete rows of `cols` elements and,
/// given `sums`, adds the value of row `i` to `sums[i % 4]` in row order.
/// Returns false when a [`LabelPass::Check`] kernel met a label outside
/// {0, 1}; the values and sums are then unspecified. Labels of type `T` and
/// scores of type `P` are widened to `F` as they are loaded (see
/// `rows::load`).
///
/// # Safety
/// `cols >= 1`, `yt` and `yp` hold at least `vals.len() * cols` elements,
/// and the CPU supports the kernel's instruction set.
type RowsFn<F, T = F, P = F> =
    unsafe fn(yt: &[T], yp: &[P], cols: usize, vals: &mut [F], sums: Option<&mut [f64; 4]>) -> bool;

/// The row kernels of every pass for one pair of input element types.
pub(crate) struct Table<F: 'static, T: 'static, P: 'static> {
    /// Indexed by `[squared as usize][LabelPass as usize]`.
    hinge: [[RowsFn<F, T, P>; 3]; 2],
    categorical: RowsFn<F, T, P>,
}

impl<F, T, P> Table<F, T, P> {
    fn get(&self, pass: Pass) -> RowsFn<F, T, P> {
        match pass {
            Pass::Hinge { squared, labels } => self.hinge[usize::from(squared)][labels as usize],
            Pass::Categorical => self.categorical,
        }
    }
}

/// The row kernels that read uint8 labels, binary16 scores, or both in
/// place: the inputs W7 of `BENCH.md` stands for, which a conversion into
/// buffers would write and read again.
pub(crate) struct Fused<F: 'static> {
    bytes: Table<F, u8, F>,
    halves: Table<F, F, half::f16>,
    both: Table<F, u8, half::f16>,
}

/// Labels as a row kernel reads them: in the compute dtype, or uint8
/// widened in registers.
#[derive(Clone, Copy)]
pub(crate) enum LabelFeed<'a, F> {
    Same(&'a [F]),
    Bytes(&'a [u8]),
}

/// Scores as a row kernel reads them: in the compute dtype, or binary16
/// widened in registers.
#[derive(Clone, Copy)]
pub(crate) enum ScoreFeed<'a, F> {
    Same(&'a [F]),
    Halves(&'a [half::f16]),
}

/// Writes the sparse categorical hinge of `vals.len()` rows of `cols`
/// scores, row `i` of class `ids[i]` (see `rows::sparse`).
///
/// # Safety
/// `cols >= 1`, `ids` and `yp` hold at least `vals.len()` ids and rows,
/// every id is below `cols`, and the CPU supports the kernel's instruction
/// set.
type SparseFn<F> = unsafe fn(ids: &[usize], yp: &[F], cols: usize, vals: &mut [F]);

/// Writes the (squared) hinge gradient of `g.len()` elements of labels
/// `t` and scores `p` (see `rows::grad::hinge`).
///
/// # Safety
/// `t` and `p` hold at least `g.len()` elements, and the CPU supports the
/// kernel's instruction set.
type HingeGradFn<F> = unsafe fn(t: &[F], p: &[F], c: F, kink: F, g: &mut [F]);

/// Labels `start .. start + ids.len()` of `labels` read as class ids of
/// `cols` classes (see `Input::class_ids`), and the next as many
/// prefetched, which no row kernel streams.
///
/// # Safety
/// The CPU supports the kernel's instruction set.
type ClassIdsFn = unsafe fn(
    labels: &Input<'_>,
    start: usize,
    ids: &mut [usize],
    cols: usize,
) -> Result<(), usize>;

/// Elements `start .. start + dst.len()` of `src`, converted into `dst`
/// (see `convert`).
///
/// # Safety
/// The CPU supports the kernel's instruction set.
type ConvertFn<F> = unsafe fn(src: &Input<'_>, start: usize, dst: &mut [F]);

/// Weighs `vals` by `weights` in place, adding them to `lanes[0]` and the
/// weights to `lanes[1]`, row `i` to lane `(first + i) % 4` (see
/// `reduce::weigh`).
///
/// # Safety
/// The CPU supports the kernel's instruction set.
type WeighFn<F> = unsafe fn(lanes: [&mut [f64; 4]; 2], first: usize, vals: &mut [F], weights: &[F]);

/// Adds `vals` to `lanes`, row `i` to lane `(first + i) % 4` (see
/// `reduce::fold`).
///
/// # Safety
/// The CPU supports the kernel's instruction set.
type FoldFn<F> = unsafe fn(lanes: &mut [f64; 4], first: usize, vals: &[F]);

/// The sum of the elements, in an order of the kernel's choosing.
///
/// # Safety
/// The CPU supports the kernel's instruction set.
#[cfg(feature = "bench")]
type SumFn<F> = unsafe fn(data: &[F]) -> f64;

/// Reads `reads` and writes `write` side by side (see `rows::sum::stream`).
///
/// # Safety
/// The CPU supports the kernel's instruction set.
#[cfg(feature = "bench")]
type StreamFn = unsafe fn(reads: &[&[u8]], write: Option<&mut [u8]>) -> u32;

/// One instruction set's kernels for one compute dtype.
pub(crate) struct Kernels<F: 'static> {
    same: Table<F, F, F>,
    fused: Fused<F>,
    /// Indexed by `[squared as usize][convert as usize]`.
    hinge_grad: [[HingeGradFn<F>; 2]; 2],
    sparse: SparseFn<F>,
    class_ids: ClassIdsFn,
    convert: ConvertFn<F>,
    fold: FoldFn<F>,
    weigh: WeighFn<F>,
    /// For the benchmarks' read roofline.
    #[cfg(feature = "bench")]
    sum: SumFn<F>,
}

/// One instruction set's kernels for both compute dtypes.
pub(crate) struct KernelSet {
    name: &'static str,
    pub f32: Kernels<f32>,
    pub f64: Kernels<f64>,
    /// For the benchmarks' read-and-write roofline.
    #[cfg(feature = "bench")]
    stream: StreamFn,
}

impl KernelSet {
    /// See [`StreamFn`].
    #[cfg(feature = "bench")]
    pub fn stream(&'static self, reads: &[&[u8]], write: Option<&mut [u8]>) -> u32 {
        // SAFETY: `select` only hands out sets this CPU supports.
        unsafe { (self.stream)(reads, write) }
    }
}

/// The row kernel of one pass, from the set chosen for this CPU.
#[derive(Clone, Copy)]
pub(crate) struct Rows<F: 'static>(RowsFn<F>);

/// The row kernels of one pass for every pair of feeds.
#[derive(Clone, Copy)]
pub(crate) struct FeedRows<F: 'static> {
    same: Rows<F>,
    bytes: RowsFn<F, u8, F>,
    halves: RowsFn<F, F, half::f16>,
    both: RowsFn<F, u8, half::f16>,
}

impl<F: Float> Kernels<F> {
    pub fn rows(&'static self, pass: Pass) -> Rows<F> {
        Rows(self.same.get(pass))
    }

    pub fn feed_rows(&'static self, pass: Pass) -> FeedRows<F> {
        FeedRows {
            same: self.rows(pass),
            bytes: self.fused.bytes.get(pass),
            halves: self.fused.halves.get(pass),
            both: self.fused.both.get(pass),
        }
    }

    /// The (squared) hinge gradient of `g.len()` elements, labels
    /// converted to `2t - 1` when `convert`: `c` is the factor of the
    /// elements' rows, `kink` the derivative of `max(x, 0)` at 0. Panics on
    /// inputs shorter than `g`.
    #[allow(clippy::too_many_arguments)]
    pub fn hinge_grad(
        &'static self,
        squared: bool,
        convert: bool,
        t: &[F],
        p: &[F],
        c: F,
        kink: F,
        g: &mut [F],
    ) {
        assert!(t.len() >= g.len() && p.len() >= g.len());
        let f = self.hinge_grad[usize::from(squared)][usize::from(convert)];
        // SAFETY: lengths checked above; `select` only hands out kernels
        // this CPU supports.
        unsafe { f(t, p, c, kink, g) }
    }

    /// Reads the class ids of `vals.len()` rows from label `start` of
    /// `labels` into `ids` (see [`class_ids`](Self::class_ids)), then writes
    /// those rows' sparse categorical hinge (see [`SparseFn`]); a bad id
    /// stops it before any value is written. Panics on too few labels, ids
    /// or scores.
    pub fn sparse(
        &'static self,
        labels: &Source<'_>,
        start: usize,
        ids: &mut [usize],
        yp: &[F],
        cols: usize,
        vals: &mut [F],
    ) -> Result<(), usize> {
        let rows = vals.len();
        assert!(cols >= 1 && yp.len() >= rows * cols);
        let ids = &mut ids[..rows];
        self.class_ids(labels, start, ids, cols)?;
        // SAFETY: lengths checked above, every id checked below `cols` just
        // above; `select` only hands out kernels this CPU supports.
        unsafe { (self.sparse)(ids, yp, cols, vals) };
        Ok(())
    }

    /// Labels `start .. start + ids.len()` read as class ids of `cols`
    /// classes into `ids`, span by span: `Err(i)` when label `start + i` is
    /// the first that is no integer in `[0, cols)`. Panics when `labels`
    /// holds too few.
    pub fn class_ids(
        &'static self,
        labels: &Source<'_>,
        start: usize,
        ids: &mut [usize],
        cols: usize,
    ) -> Result<(), usize> {
        let mut done = 0;
        for (part, at, n) in labels.pieces(start, ids.len()) {
            // SAFETY: `select` only hands out kernels this CPU supports.
            let read = unsafe { (self.class_ids)(part, at, &mut ids[done..done + n], cols) };
            read.map_err(|i| done + i)?;
            done += n;
        }
        Ok(())
    }

    /// Elements `start .. start + dst.len()` of `src` in the compute dtype;
    /// panics when `src` holds fewer.
    pub fn convert(&'static self, src: &Input<'_>, start: usize, dst: &mut [F]) {
        // SAFETY: `select` only hands out kernels this CPU supports.
        unsafe { (self.convert)(src, start, dst) }
    }

    /// See [`FoldFn`].
    pub fn fold(&'static self, lanes: &mut [f64; 4], first: usize, vals: &[F]) {
        // SAFETY: `select` only hands out kernels this CPU supports.
        unsafe { (self.fold)(lanes, first, vals) }
    }

    /// See [`WeighFn`].
    pub fn weigh(
        &'static self,
        lanes: [&mut [f64; 4]; 2],
        first: usize,
        vals: &mut [F],
        weights: &[F],
    ) {
        // SAFETY: `select` only hands out kernels this CPU supports.
        unsafe { (self.weigh)(lanes, first, vals, weights) }
    }

    #[cfg(feature = "bench")]
    pub fn sum(&'static self, data: &[F]) -> f64 {
        // SAFETY: `select` only hands out kernels this CPU supports.
        unsafe { (self.sum)(data) }
    }
}

impl<F: Float> Rows<F> {
    /// See [`RowsFn`]; panics on inputs shorter than `vals.len()` rows.
    #[inline]
    pub fn run(
        self,
        yt: &[F],
        yp: &[F],
        cols: usize,
        vals: &mut [F],
        sums: Option<&mut [f64; 4]>,
    ) -> bool {
        let elems = vals.len() * cols;
        assert!(cols >= 1 && yt.len() >= elems && yp.len() >= elems);
        // SAFETY: lengths checked above; `select` only hands out kernels
        // this CPU supports.
        unsafe { (self.0)(yt, yp, cols, vals, sums) }
    }
}

impl<F: Float> FeedRows<F> {
    /// The kernel for both inputs in the compute dtype.
    pub fn same(self) -> Rows<F> {
        self.same
    }

    /// [`Rows::run`] over labels and scores of any feed: uint8 labels and
    /// binary16 scores are widened as they are loaded.
    #[inline]
    pub fn run(
        self,
        yt: LabelFeed<'_, F>,
        yp: ScoreFeed<'_, F>,
        cols: usize,
        vals: &mut [F],
        sums: Option<&mut [f64; 4]>,
    ) -> bool {
        let elems = vals.len() * cols;
        let t_len = match yt {
            LabelFeed::Same(t) => t.len(),
            LabelFeed::Bytes(t) => t.len(),
        };
        let p_len = match yp {
            ScoreFeed::Same(p) => p.len(),
            ScoreFeed::Halves(p) => p.len(),
        };
        assert!(cols >= 1 && t_len >= elems && p_len >= elems);
        // SAFETY: lengths checked above; `select` only hands out kernels
        // this CPU supports.
        unsafe {
            match (yt, yp) {
                (LabelFeed::Same(t), ScoreFeed::Same(p)) => self.same.run(t, p, cols, vals, sums),
                (LabelFeed::Bytes(t), ScoreFeed::Same(p)) => (self.bytes)(t, p, cols, vals, sums),
                (LabelFeed::Same(t), ScoreFeed::Halves(p)) => (self.halves)(t, p, cols, vals, sums),
                (LabelFeed::Bytes(t), ScoreFeed::Halves(p)) => (self.both)(t, p, cols, vals, sums),
            }
        }
    }
}

/// The widest set this CPU runs, detected on first use. The `force-scalar`
/// feature pins the portable kernels. Benchmark builds take any set this
/// CPU runs by its name in `HINGE_INSTRUCTION_SET`, to compare them.
pub(crate) fn select() -> &'static KernelSet {
    static SELECTED: OnceLock<&'static KernelSet> = OnceLock::new();
    SELECTED.get_or_init(|| {
        let sets = available();
        #[cfg(feature = "bench")]
        if let Ok(name) = std::env::var("HINGE_INSTRUCTION_SET") {
            if let Some(set) = sets.iter().find(|s| s.name == name) {
                return set;
            }
        }
        if cfg!(feature = "force-scalar") {
            sets[0]
        } else {
            sets[sets.len() - 1]
        }
    })
}

/// The name of the instruction set [`select`] chose.
pub fn instruction_set() -> &'static str {
    select().name
}

/// Every set this CPU runs, narrowest first: the portable one, then those
/// of its instruction sets.
fn available() -> Vec<&'static KernelSet> {
    #[cfg_attr(not(target_arch = "x86_64"), allow(unused_mut))]
    let mut sets = vec![&portable::SET];
    #[cfg(target_arch = "x86_64")]
    sets.extend(x86_64::available());
    sets
}
