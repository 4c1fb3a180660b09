//! Drives one validated job: label decision, block passes, totals.

use std::mem::MaybeUninit;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

use rayon::ThreadPool;

use crate::error::Cancelled;
use crate::float::Float;
use crate::input::{Input, CHUNK};
use crate::job::{Job, Labels, Loss, Totals};
use crate::labels::{self, Guess};
use crate::parallel;
use crate::reduce::{self, Sums};
use crate::simd::{CategoricalRow, HingeRow, Kernels, LabelPass, Pass, RowState, Rows};
use crate::weights::{Cursor, Weights};

/// Rows per kernel call: enough to amortise the call and the bookkeeping
/// around it, few enough for stack buffers.
const GROUP: usize = 256;

/// The job minus its output, shared by every block.
struct Data<'a> {
    rows: usize,
    cols: usize,
    y_true: Input<'a>,
    y_pred: Input<'a>,
    weights: Option<Weights<'a>>,
}

/// Why every block stops early: a checking pass met a label outside {0,1},
/// or the caller cancelled. Read once per group of rows.
struct Stop<'c> {
    not_binary: AtomicBool,
    cancel: &'c AtomicBool,
}

impl Stop<'_> {
    fn now(&self) -> bool {
        self.not_binary.load(Relaxed) || self.cancel.load(Relaxed)
    }
}

/// `job` must have passed [`Job::validate`] with `F` as its dtype.
pub(crate) fn run<F: Float>(
    job: Job<'_>,
    kernels: &'static Kernels<F>,
    pool: &ThreadPool,
    cancel: &AtomicBool,
) -> Result<Totals, Cancelled> {
    let Job {
        loss,
        labels,
        rows,
        cols,
        y_true,
        y_pred,
        weights,
        out,
        ..
    } = job;
    if rows == 0 {
        return Ok(Totals::default());
    }
    // Validation matched the output dtype to `F`, so this never drops it.
    let out = out.and_then(F::output);
    let data = Data {
        rows,
        cols,
        y_true,
        y_pred,
        weights,
    };
    let complete = |pass, out| -> Result<Totals, Cancelled> {
        // Only a checking pass gives up on the labels, so there is always a total.
        Ok(run_pass(&data, kernels, pass, out, pool, cancel)?.unwrap_or_default())
    };
    let squared = match loss {
        Loss::CategoricalHinge => return complete(Pass::Categorical, out),
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
                let mut out = out;
                let checked = hinge(LabelPass::Check);
                return match run_pass(&data, kernels, checked, out.as_deref_mut(), pool, cancel)? {
                    Some(totals) => Ok(totals),
                    // A wrong guess costs a second pass, which overwrites `out`.
                    None => complete(hinge(LabelPass::Keep), out),
                };
            }
        },
    };
    complete(hinge(labels), out)
}

/// One pass over every row. A checking pass that meets a label outside
/// {0,1} raises a flag that stops every block, and returns `Ok(None)`; a
/// set `cancel` stops every block too, and returns `Err(Cancelled)`.
fn run_pass<F: Float>(
    data: &Data<'_>,
    kernels: &'static Kernels<F>,
    pass: Pass,
    out: Option<&mut [F]>,
    pool: &ThreadPool,
    cancel: &AtomicBool,
) -> Result<Option<Totals>, Cancelled> {
    let kernel = kernels.rows(pass);
    let stop = Stop {
        not_binary: AtomicBool::new(false),
        cancel,
    };
    let block_rows = reduce::block_rows(data.cols);
    let blocks = data.rows.div_ceil(block_rows);
    let parallel = parallel::worth_it(data.rows * data.cols, blocks, pool);
    let parts = parallel::map_blocks(pool, parallel, blocks, block_rows, out, |b, chunk| {
        let start = b * block_rows;
        let rows = start..(start + block_rows).min(data.rows);
        block(data, pass, kernel, rows, chunk, &stop)
    });
    let Some(complete) = parts.into_iter().collect::<Option<Vec<_>>>() else {
        return if cancel.load(Relaxed) {
            Err(Cancelled)
        } else {
            Ok(None)
        };
    };
    let total = reduce::combine(&complete);
    Ok(Some(Totals {
        sum: total.sum,
        weight_sum: if data.weights.is_some() {
            total.weight_sum
        } else {
            data.rows as f64
        },
    }))
}

/// Rows `rows`, a group at a time; `out` holds exactly these rows.
///
/// Inputs of the compute dtype are read in place; others are converted
/// into [`CHUNK`]-element buffers holding whole rows, or, for rows longer
/// than that, a segment of one row at a time.
fn block<F: Float>(
    data: &Data<'_>,
    pass: Pass,
    kernel: Rows<F>,
    rows: Range<usize>,
    mut out: Option<&mut [F]>,
    stop: &Stop<'_>,
) -> Option<reduce::Partial> {
    let cols = data.cols;
    let (t_conv, p_conv) = (
        data.y_true.needs_buffer::<F>(),
        data.y_pred.needs_buffer::<F>(),
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
    let weights = zeroed(weights, if data.weights.is_some() { held } else { 0 });
    let mut bufs = [[MaybeUninit::uninit(); CHUNK]; 2];
    let [bt, bp] = &mut bufs;
    let bt = zeroed(bt, if t_conv { buf_len } else { 0 });
    let bp = zeroed(bp, if p_conv { buf_len } else { 0 });

    let mut sums = Sums::default();
    let mut cursor = data
        .weights
        .as_ref()
        .map(|w| Cursor::new(&w.map, rows.start));
    let mut row = rows.start;
    while row < rows.end {
        if stop.now() {
            return None;
        }
        // Unweighted values are summed by the kernel as it goes.
        let mut summed = false;
        let n = if group == 0 {
            let Some(v) = long_row(data, pass, row, bt, bp) else {
                stop.not_binary.store(true, Relaxed);
                return None;
            };
            vals[0] = v;
            1
        } else {
            let n = group.min(rows.end - row);
            let (pos, len) = (row * cols, n * cols);
            let yt = data.y_true.view(pos, len, bt);
            let yp = data.y_pred.view(pos, len, bp);
            let lanes = if data.weights.is_none() {
                sums.lanes(n)
            } else {
                None
            };
            summed = lanes.is_some();
            if !kernel.run(yt, yp, cols, &mut vals[..n], lanes) {
                stop.not_binary.store(true, Relaxed);
                return None;
            }
            n
        };
        let vals = &mut vals[..n];
        match (&data.weights, &mut cursor) {
            (Some(w), Some(c)) => {
                let weights = &mut weights[..n];
                for x in weights.iter_mut() {
                    *x = w.get(c.index());
                    c.advance();
                }
                sums.add_weighted(vals, weights);
            }
            _ if !summed => sums.add(vals),
            _ => {}
        }
        if let Some(o) = out.as_deref_mut() {
            o[row - rows.start..][..n].copy_from_slice(vals);
        }
        row += n;
    }
    Some(sums.total())
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
