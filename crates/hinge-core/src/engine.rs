//! Drives one validated job: label decision, block passes, totals.

use std::mem::MaybeUninit;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

use rayon::ThreadPool;

use crate::error::{JobError, Stopped};
use crate::float::Float;
use crate::grad::{self, Spec};
use crate::input::CHUNK;
use crate::job::{Job, Labels, Loss, Totals};
use crate::labels::{self, Guess};
use crate::parallel;
use crate::reduce::{self, Sums};
use crate::simd::{sparse_value, CategoricalRow, HingeRow, Kernels, LabelPass, Pass, RowState};
use crate::source::Source;
use crate::weights::{Cursor, Mask, Weights};

/// Rows per kernel call: enough to amortise the call and the bookkeeping
/// around it, few enough for stack buffers.
const GROUP: usize = 256;

/// The job minus its outputs, shared by every block.
struct Data<'a> {
    rows: usize,
    cols: usize,
    /// Labels are class ids, one per row.
    sparse: bool,
    y_true: Source<'a>,
    y_pred: Source<'a>,
    weights: Option<Weights<'a>>,
    mask: Option<Mask<'a>>,
    grad: Option<Spec<'a>>,
}

impl Data<'_> {
    /// Whether rows carry weights: sample weights, a mask, or both.
    fn weighted(&self) -> bool {
        self.weights.is_some() || self.mask.is_some()
    }
}

/// The outputs of one block: its rows' values and its elements' gradient.
struct Outs<'o, F> {
    values: Option<&'o mut [F]>,
    grad: Option<&'o mut [F]>,
}

/// Why every block stops early: a checking pass met a label outside {0,1},
/// a sparse pass met a label that is not a class id, or the caller
/// cancelled. Read once per group of rows.
struct Stop<'c> {
    not_binary: AtomicBool,
    /// The first row with a bad class id met so far; `usize::MAX` for none.
    bad_id: AtomicUsize,
    cancel: &'c AtomicBool,
}

impl Stop<'_> {
    /// Whether the block at `row` stops. Rows before a bad class id go on,
    /// so that the first one is found whatever the order of the blocks.
    fn now(&self, row: usize) -> bool {
        self.not_binary.load(Relaxed)
            || self.cancel.load(Relaxed)
            || self.bad_id.load(Relaxed) < row
    }
}

/// `job` must have passed [`Job::validate`] with `F` as its dtype.
pub(crate) fn run<F: Float>(
    job: Job<'_>,
    kernels: &'static Kernels<F>,
    pool: &ThreadPool,
    cancel: &AtomicBool,
) -> Result<Totals, Stopped> {
    let Job {
        loss,
        labels,
        rows,
        cols,
        y_true,
        y_pred,
        weights,
        mask,
        out,
        grad,
        ..
    } = job;
    if rows == 0 {
        return Ok(Totals::default());
    }
    // Validation matched the outputs' dtype to `F`, so this never drops them.
    let spec = grad.as_ref().map(Spec::new);
    let mut outs = Outs {
        values: out.and_then(F::output),
        grad: grad.and_then(|g| F::output(g.out)),
    };
    let data = Data {
        rows,
        cols,
        sparse: loss == Loss::SparseCategoricalHinge,
        y_true,
        y_pred,
        weights,
        mask,
        grad: spec,
    };
    let complete = |pass, outs: &mut Outs<'_, F>| -> Result<Totals, Stopped> {
        // Only a checking pass gives up on the labels, so there is always a total.
        Ok(run_pass(&data, kernels, pass, outs, pool, cancel)?.unwrap_or_default())
    };
    let squared = match loss {
        Loss::CategoricalHinge | Loss::SparseCategoricalHinge => {
            return complete(Pass::Categorical, &mut outs)
        }
        Loss::Hinge => false,
        Loss::SquaredHinge => true,
    };
    let hinge = |labels| Pass::Hinge { squared, labels };
    let labels = match labels {
        Labels::Keep => LabelPass::Keep,
        Labels::Convert => LabelPass::Convert,
        Labels::Auto => match labels::guess::<F>(&data.y_true) {
            // All-ones labels are the same converted or not.
            Guess::AllOnes => LabelPass::Convert,
            Guess::Plain => LabelPass::Keep,
            Guess::Binary => {
                let checked = hinge(LabelPass::Check);
                return match run_pass(&data, kernels, checked, &mut outs, pool, cancel)? {
                    Some(totals) => Ok(totals),
                    // A wrong guess costs a second pass, which overwrites the outputs.
                    None => complete(hinge(LabelPass::Keep), &mut outs),
                };
            }
        },
    };
    complete(hinge(labels), &mut outs)
}

/// One pass over every row. A checking pass that meets a label outside
/// {0,1} raises a flag that stops every block, and returns `Ok(None)`; a
/// sparse pass that meets a bad class id stops too, and returns the first
/// such row's error; a set `cancel` stops every block, and returns
/// `Err(Stopped::Cancelled)`.
fn run_pass<F: Float>(
    data: &Data<'_>,
    kernels: &'static Kernels<F>,
    pass: Pass,
    outs: &mut Outs<'_, F>,
    pool: &ThreadPool,
    cancel: &AtomicBool,
) -> Result<Option<Totals>, Stopped> {
    let stop = Stop {
        not_binary: AtomicBool::new(false),
        bad_id: AtomicUsize::new(usize::MAX),
        cancel,
    };
    let block_rows = reduce::block_rows(data.cols);
    let blocks = data.rows.div_ceil(block_rows);
    let parallel = parallel::worth_it(data.rows * data.cols, blocks, pool);
    let values = outs.values.as_deref_mut();
    let grad = outs.grad.as_deref_mut();
    let chunks = (block_rows, block_rows * data.cols);
    let parts = parallel::map_blocks(
        pool,
        parallel,
        blocks,
        chunks,
        values,
        grad,
        |b, values, grad| {
            let start = b * block_rows;
            let rows = start..(start + block_rows).min(data.rows);
            let outs = Outs { values, grad };
            if data.sparse {
                sparse_block(data, kernels, rows, outs, &stop)
            } else {
                block(data, kernels, pass, rows, outs, &stop)
            }
        },
    );
    let Some(complete) = parts.into_iter().collect::<Option<Vec<_>>>() else {
        let bad_id = stop.bad_id.load(Relaxed);
        return if cancel.load(Relaxed) {
            Err(Stopped::Cancelled)
        } else if bad_id != usize::MAX {
            let cols = data.cols;
            Err(Stopped::Refused(JobError::ClassId {
                index: bad_id,
                cols,
            }))
        } else {
            Ok(None)
        };
    };
    let total = reduce::combine(&complete);
    Ok(Some(Totals {
        sum: total.sum,
        weight_sum: if data.weighted() {
            total.weight_sum
        } else {
            data.rows as f64
        },
    }))
}

/// Rows `rows`, a group at a time; the outputs hold exactly these rows.
///
/// Inputs of the compute dtype are read in place; others are converted
/// into [`CHUNK`]-element buffers holding whole rows, or, for rows longer
/// than that, a segment of one row at a time.
fn block<F: Float>(
    data: &Data<'_>,
    kernels: &'static Kernels<F>,
    pass: Pass,
    rows: Range<usize>,
    mut outs: Outs<'_, F>,
    stop: &Stop<'_>,
) -> Option<reduce::Partial> {
    let (cols, kernel) = (data.cols, kernels.feed_rows(pass));
    // Without a gradient, which reads the rows in the compute dtype, uint8
    // labels and binary16 scores go to the kernel in place (widened in its
    // registers, never written to a buffer and read again); rows longer
    // than the buffers take the segments' path below, which converts.
    let (t_fed, p_fed) = if data.grad.is_none() && cols <= CHUNK {
        (data.y_true.feeds_labels(), data.y_pred.feeds_scores())
    } else {
        (false, false)
    };
    let (t_conv, p_conv) = (
        !t_fed && data.y_true.needs_buffer::<F>(),
        !p_fed && data.y_pred.needs_buffer::<F>(),
    );
    // 0: rows too long for the buffers, converted in segments. Groups of
    // a multiple of four rows let the kernels keep the sums.
    let group = match (t_conv || p_conv, GROUP.min(CHUNK / cols)) {
        (false, _) => GROUP,
        (true, g) if g >= 4 => g / 4 * 4,
        (true, g) => g,
    };
    let held = group.clamp(1, rows.len());
    let buf_len = CHUNK.min(rows.len() * cols);
    let mut stores = [[MaybeUninit::uninit(); GROUP]; 2];
    let [vals, weights] = &mut stores;
    let vals = zeroed(vals, held);
    let weights = zeroed(weights, if data.weighted() { held } else { 0 });
    let mut bufs = [[MaybeUninit::uninit(); CHUNK]; 2];
    let [bt, bp] = &mut bufs;
    let bt = zeroed(bt, if t_conv { buf_len } else { 0 });
    let bp = zeroed(bp, if p_conv { buf_len } else { 0 });
    let mut scales = [0.0; GROUP];

    let mut sums = Sums::default();
    let mut row_weights = RowWeights::new(data, rows.start);
    let mut row = rows.start;
    while row < rows.end {
        if stop.now(row) {
            return None;
        }
        let n = if group == 0 {
            1
        } else {
            group.min(rows.end - row)
        };
        let weights = row_weights.next(weights, n);
        let grad = data
            .grad
            .as_ref()
            .zip(outs.grad.as_deref_mut())
            .map(|(spec, g)| {
                spec.row_scales(row, weights, &mut scales[..n]);
                (spec, &mut g[(row - rows.start) * cols..][..n * cols])
            });
        // Unweighted values are summed by the kernel as it goes.
        let mut summed = false;
        if group == 0 {
            let Some(v) = long_row(data, pass, row, bt, bp) else {
                stop.not_binary.store(true, Relaxed);
                return None;
            };
            vals[0] = v;
            if let Some((spec, g)) = grad {
                long_row_grad(data, kernels, spec, pass, row, scales[0], bt, bp, g);
            }
        } else {
            let (pos, len) = (row * cols, n * cols);
            let lanes = if !data.weighted() {
                sums.lanes(n)
            } else {
                None
            };
            summed = lanes.is_some();
            let ok = match grad {
                None => {
                    let yt = data.y_true.label_feed(pos, len, bt);
                    let yp = data.y_pred.score_feed(pos, len, bp);
                    kernel.run(yt, yp, cols, &mut vals[..n], lanes)
                }
                Some((spec, g)) => {
                    let yt = data.y_true.view(pos, len, bt);
                    let yp = data.y_pred.view(pos, len, bp);
                    let ok = kernel.same().run(yt, yp, cols, &mut vals[..n], lanes);
                    if ok {
                        group_grad(kernels, spec, pass, yt, yp, cols, &scales[..n], g);
                    }
                    ok
                }
            };
            if !ok {
                stop.not_binary.store(true, Relaxed);
                return None;
            }
        }
        let vals = &mut vals[..n];
        match weights {
            Some(w) => sums.add_weighted(kernels, vals, w),
            None if !summed => sums.add(kernels, vals),
            None => {}
        }
        if let Some(o) = outs.values.as_deref_mut() {
            o[row - rows.start..][..n].copy_from_slice(vals);
        }
        row += n;
    }
    Some(sums.total())
}

/// The hinge gradient of a pass of hinge or squared hinge.
fn hinge_grad<'s, F: Float>(
    kernels: &'static Kernels<F>,
    spec: &'s Spec<'s>,
    squared: bool,
    labels: LabelPass,
) -> grad::HingeGrad<'s, F> {
    let convert = labels != LabelPass::Keep;
    grad::HingeGrad {
        kernels,
        spec,
        squared,
        convert,
    }
}

/// The gradient of a group of whole rows, under the pass's label decision.
#[allow(clippy::too_many_arguments)]
fn group_grad<F: Float>(
    kernels: &'static Kernels<F>,
    spec: &Spec<'_>,
    pass: Pass,
    yt: &[F],
    yp: &[F],
    cols: usize,
    scales: &[f64],
    g: &mut [F],
) {
    match pass {
        Pass::Categorical => grad::categorical_rows(spec, yt, yp, cols, scales, g),
        Pass::Hinge { squared, labels } => {
            hinge_grad(kernels, spec, squared, labels).rows(yt, yp, cols, scales, g)
        }
    }
}

/// The gradient of one row longer than the conversion buffers, segment by
/// segment: hinge elements are independent; categorical hinge needs the
/// row's sums first, then reads the row again.
#[allow(clippy::too_many_arguments)]
fn long_row_grad<F: Float>(
    data: &Data<'_>,
    kernels: &'static Kernels<F>,
    spec: &Spec<'_>,
    pass: Pass,
    row: usize,
    s: f64,
    bt: &mut [F],
    bp: &mut [F],
    g: &mut [F],
) {
    let cols = data.cols;
    let base = row * cols;
    match pass {
        Pass::Hinge { squared, labels } => {
            let hinge = hinge_grad(kernels, spec, squared, labels);
            for start in (0..cols).step_by(CHUNK) {
                let n = CHUNK.min(cols - start);
                let yt = data.y_true.view(base + start, n, bt);
                let yp = data.y_pred.view(base + start, n, bp);
                hinge.segment(yt, yp, cols, s, &mut g[start..][..n]);
            }
        }
        Pass::Categorical => {
            let row = grad::CategoricalRow { spec, s };
            let (t, p) = (&data.y_true, &data.y_pred);
            row.write(
                cols,
                |j| t.get::<F>(base + j),
                |j| p.get::<F>(base + j),
                &mut |j, v| g[j] = v,
            );
        }
    }
}

/// Sparse categorical hinge over rows `rows`: each row's label is a class
/// id, checked as it is read, and its value is the one-hot row's, computed
/// without it (see `simd::rows::sparse`); summed in the lanes the dense
/// kernels use, so the totals are the one-hot form's too.
///
/// Not inlined: in the closure of the dense passes it grew their stack
/// frame, which moved `block`'s buffers against the inputs, and W3 ran
/// 1.2-1.3x slower (same kernel code, measured process against process).
#[inline(never)]
fn sparse_block<F: Float>(
    data: &Data<'_>,
    kernels: &'static Kernels<F>,
    rows: Range<usize>,
    mut outs: Outs<'_, F>,
    stop: &Stop<'_>,
) -> Option<reduce::Partial> {
    let cols = data.cols;
    let convert = data.y_pred.needs_buffer::<F>();
    // Converted scores come a group of whole rows at a time, or a row at a
    // time when even one row overflows the buffer (then read by element).
    let group = if convert {
        GROUP.min(CHUNK / cols)
    } else {
        GROUP
    };
    let mut vals = [F::ZERO; GROUP];
    let mut weights = [F::ZERO; GROUP];
    let mut ids = [0_usize; GROUP];
    let mut scales = [0.0; GROUP];
    let mut bp = [F::ZERO; CHUNK];
    let mut sums = Sums::default();
    let mut row_weights = RowWeights::new(data, rows.start);
    let mut row = rows.start;
    while row < rows.end {
        if stop.now(row) {
            return None;
        }
        let n = group.max(1).min(rows.end - row);
        let yp = (group > 0).then(|| data.y_pred.view(row * cols, n * cols, &mut bp));
        // The ids are checked as they are read: a bad one stops the pass.
        let read = match yp {
            Some(yp) => kernels.sparse(&data.y_true, row, &mut ids, yp, cols, &mut vals[..n]),
            None => kernels
                .class_ids(&data.y_true, row, &mut ids[..1], cols)
                .map(|()| {
                    let (id, base, p) = (ids[0], row * cols, &data.y_pred);
                    vals[0] = sparse_value(cols, id, |j| p.get::<F>(base + j));
                }),
        };
        if let Err(i) = read {
            stop.bad_id.fetch_min(row + i, Relaxed);
            return None;
        }
        let w = row_weights.next(&mut weights, n);
        if let (Some(spec), Some(g)) = (data.grad.as_ref(), outs.grad.as_deref_mut()) {
            spec.row_scales(row, w, &mut scales[..n]);
            let g = &mut g[(row - rows.start) * cols..][..n * cols];
            match yp {
                Some(yp) => grad::sparse_rows(spec, &ids[..n], yp, cols, &scales[..n], g),
                None => {
                    let r = grad::CategoricalRow { spec, s: scales[0] };
                    let (id, base, p) = (ids[0], row * cols, &data.y_pred);
                    r.write(
                        cols,
                        |j| if j == id { F::ONE } else { F::ZERO },
                        |j| p.get::<F>(base + j),
                        &mut |j, v| g[j] = v,
                    );
                }
            }
        }
        let vals = &mut vals[..n];
        match w {
            Some(w) => sums.add_weighted(kernels, vals, w),
            None => sums.add(kernels, vals),
        }
        if let Some(o) = outs.values.as_deref_mut() {
            o[row - rows.start..][..n].copy_from_slice(vals);
        }
        row += n;
    }
    Some(sums.total())
}

/// The weights of consecutive rows: the sample weights, the mask's, or
/// their product (see [`Mask`]).
struct RowWeights<'d, 'a, F> {
    weights: Option<Entries<'d, 'a>>,
    mask: Option<(Entries<'d, 'a>, F)>,
    /// The mask's entries of a group, when both are read.
    buf: [F; GROUP],
}

impl<'d, 'a, F: Float> RowWeights<'d, 'a, F> {
    fn new(data: &'d Data<'a>, row: usize) -> Self {
        let entries = |w| Entries::new(w, data.rows, row);
        Self {
            weights: data.weights.as_ref().map(entries),
            mask: data
                .mask
                .as_ref()
                .map(|m| (entries(&m.values), F::from_f64(m.scale))),
            buf: [F::ZERO; GROUP],
        }
    }

    /// The next `n` rows' weights, in the start of `buf`; `None` when unweighted.
    fn next<'b>(&mut self, buf: &'b mut [F], n: usize) -> Option<&'b [F]> {
        // Sliced once weighted: an unweighted pass's buffer is empty.
        match (&mut self.weights, &mut self.mask) {
            (None, None) => None,
            (Some(w), None) => {
                let buf = &mut buf[..n];
                w.fill(buf);
                Some(buf)
            }
            (None, Some((m, scale))) => {
                let buf = &mut buf[..n];
                m.fill(buf);
                buf.iter_mut().for_each(|x| *x = *x * *scale);
                Some(buf)
            }
            (Some(w), Some((m, scale))) => {
                let buf = &mut buf[..n];
                w.fill(buf);
                let mask = &mut self.buf[..n];
                m.fill(mask);
                for (x, &m) in buf.iter_mut().zip(mask.iter()) {
                    *x = *x * (m * *scale);
                }
                Some(buf)
            }
        }
    }
}

/// Consecutive rows' entries of a [`Weights`]: a slice when each row has
/// its own (read, or converted, a group at a time), through the map's
/// cursor otherwise.
enum Entries<'d, 'a> {
    PerRow { data: &'d Source<'a>, row: usize },
    Mapped(&'d Weights<'a>, Cursor<'d>),
}

impl<'d, 'a> Entries<'d, 'a> {
    fn new(w: &'d Weights<'a>, rows: usize, row: usize) -> Self {
        if w.map.is_per_row(rows) {
            Self::PerRow { data: &w.data, row }
        } else {
            Self::Mapped(w, Cursor::new(&w.map, row))
        }
    }

    fn fill<F: Float>(&mut self, buf: &mut [F]) {
        match self {
            Self::PerRow { data, row } => {
                data.fill(*row, buf);
                *row += buf.len();
            }
            Self::Mapped(w, cursor) => {
                for x in buf.iter_mut() {
                    *x = w.get(cursor.index());
                    cursor.advance();
                }
            }
        }
    }
}

/// The first `n` elements of `buf`, zeroed: buffers sized for the largest
/// group then cost small jobs nothing.
fn zeroed<F: Float>(buf: &mut [MaybeUninit<F>], n: usize) -> &mut [F] {
    let head = &mut buf[..n];
    for x in head.iter_mut() {
        x.write(F::ZERO);
    }
    // SAFETY: every element of `head` was just initialised, and
    // `MaybeUninit<F>` has the layout of `F`.
    unsafe { &mut *(head as *mut [MaybeUninit<F>] as *mut [F]) }
}

/// One row longer than the conversion buffers, with the reference kernels
/// (conversion dominates there anyway); `None` when a checking pass meets
/// a label outside {0,1}.
fn long_row<F: Float>(
    data: &Data<'_>,
    pass: Pass,
    row: usize,
    bt: &mut [F],
    bp: &mut [F],
) -> Option<F> {
    let seg = |check| Segments { data, row, check };
    match pass {
        Pass::Categorical => seg(false).run::<F, CategoricalRow<F>>(bt, bp),
        Pass::Hinge { squared, labels } => {
            let check = labels == LabelPass::Check;
            match (squared, labels == LabelPass::Keep) {
                (false, true) => seg(check).run::<F, HingeRow<false, false>>(bt, bp),
                (false, false) => seg(check).run::<F, HingeRow<false, true>>(bt, bp),
                (true, true) => seg(check).run::<F, HingeRow<true, false>>(bt, bp),
                (true, false) => seg(check).run::<F, HingeRow<true, true>>(bt, bp),
            }
        }
    }
}

struct Segments<'d, 'a> {
    data: &'d Data<'a>,
    row: usize,
    check: bool,
}

impl Segments<'_, '_> {
    fn run<F: Float, R: RowState<F>>(self, bt: &mut [F], bp: &mut [F]) -> Option<F> {
        let cols = self.data.cols;
        let mut state = R::new();
        let mut pos = self.row * cols;
        let end = pos + cols;
        while pos < end {
            // CHUNK is a multiple of four, as `RowState::update` requires.
            let n = CHUNK.min(end - pos);
            let yt = self.data.y_true.view(pos, n, bt);
            let yp = self.data.y_pred.view(pos, n, bp);
            if self.check && !labels::all_binary(yt) {
                return None;
            }
            state.update(yt, yp);
            pos += n;
        }
        Some(state.finish(cols))
    }
}
