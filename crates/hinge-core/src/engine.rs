//! Drives one validated job: label decision, block passes, totals.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

use rayon::ThreadPool;

use crate::float::Float;
use crate::input::{Input, CHUNK};
use crate::job::{Job, Loss, Totals};
use crate::kernel::{Categorical, Hinge, RowKernel};
use crate::labels::{self, Guess};
use crate::parallel;
use crate::reduce::{self, Partial};
use crate::weights::{Cursor, Weights};

/// The job minus its output, shared by every block.
struct Data<'a> {
    rows: usize,
    cols: usize,
    y_true: Input<'a>,
    y_pred: Input<'a>,
    weights: Option<Weights<'a>>,
}

/// `job` must have passed [`Job::validate`] with `F` as its dtype.
pub(crate) fn run<F: Float>(job: Job<'_>, pool: &ThreadPool) -> Totals {
    let Job {
        loss,
        rows,
        cols,
        y_true,
        y_pred,
        weights,
        out,
        ..
    } = job;
    if rows == 0 {
        return Totals::default();
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
    match loss {
        Loss::Hinge => hinge::<F, false>(&data, out, pool),
        Loss::SquaredHinge => hinge::<F, true>(&data, out, pool),
        Loss::CategoricalHinge => plain_pass::<F, Categorical>(&data, out, pool),
    }
}

fn hinge<F: Float, const SQUARED: bool>(
    data: &Data<'_>,
    mut out: Option<&mut [F]>,
    pool: &ThreadPool,
) -> Totals {
    match labels::guess::<F>(&data.y_true) {
        Guess::AllOnes => plain_pass::<F, Hinge<SQUARED, true>>(data, out, pool),
        Guess::Plain => plain_pass::<F, Hinge<SQUARED, false>>(data, out, pool),
        Guess::Binary => {
            let not_binary = AtomicBool::new(false);
            let guessed =
                pass::<F, Hinge<SQUARED, true>>(data, out.as_deref_mut(), Some(&not_binary), pool);
            // A wrong guess costs a second pass, which overwrites `out`.
            guessed.unwrap_or_else(|| plain_pass::<F, Hinge<SQUARED, false>>(data, out, pool))
        }
    }
}

fn plain_pass<F: Float, K: RowKernel<F>>(
    data: &Data<'_>,
    out: Option<&mut [F]>,
    pool: &ThreadPool,
) -> Totals {
    // Without a label check no block gives up, so there is always a total.
    pass::<F, K>(data, out, None, pool).unwrap_or_default()
}

/// One pass over every row. With `not_binary` the labels are checked to be
/// in {0,1}; the first block to see another label raises the flag, every
/// block stops, and the pass returns `None`.
fn pass<F: Float, K: RowKernel<F>>(
    data: &Data<'_>,
    out: Option<&mut [F]>,
    not_binary: Option<&AtomicBool>,
    pool: &ThreadPool,
) -> Option<Totals> {
    let block_rows = reduce::block_rows(data.cols);
    let blocks = data.rows.div_ceil(block_rows);
    let parallel = parallel::worth_it(data.rows * data.cols, blocks, pool);
    let parts = parallel::map_blocks(pool, parallel, blocks, block_rows, out, |b, chunk| {
        let start = b * block_rows;
        let rows = start..(start + block_rows).min(data.rows);
        block::<F, K>(data, rows, chunk, not_binary)
    });
    let mut complete = Vec::with_capacity(parts.len());
    for p in parts {
        complete.push(p?);
    }
    let total = reduce::combine(&complete);
    Some(Totals {
        sum: total.sum,
        weight_sum: if data.weights.is_some() {
            total.weight_sum
        } else {
            data.rows as f64
        },
    })
}

/// Rows `rows` walked in chunks of at most [`CHUNK`] elements, each chunk
/// split at row boundaries; `out` holds exactly these rows.
fn block<F: Float, K: RowKernel<F>>(
    data: &Data<'_>,
    rows: Range<usize>,
    mut out: Option<&mut [F]>,
    not_binary: Option<&AtomicBool>,
) -> Option<Partial> {
    let cols = data.cols;
    // Zeroing a buffer that is never used costs more than small jobs do.
    let (mut bt_store, mut bp_store);
    let bt: &mut [F] = if data.y_true.needs_buffer::<F>() {
        bt_store = [F::ZERO; CHUNK];
        &mut bt_store
    } else {
        &mut []
    };
    let bp: &mut [F] = if data.y_pred.needs_buffer::<F>() {
        bp_store = [F::ZERO; CHUNK];
        &mut bp_store
    } else {
        &mut []
    };
    let mut acc = Partial::default();
    let mut row = rows.start;
    let mut col = 0;
    let mut state = K::start();
    let mut cursor = data
        .weights
        .as_ref()
        .map(|w| Cursor::new(&w.map, rows.start));
    let mut pos = rows.start * cols;
    let end = rows.end * cols;
    while pos < end {
        let n = CHUNK.min(end - pos);
        let yt = data.y_true.view(pos, n, bt);
        let yp = data.y_pred.view(pos, n, bp);
        if let Some(flag) = not_binary {
            if flag.load(Relaxed) {
                return None;
            }
            if !labels::all_binary(yt) {
                flag.store(true, Relaxed);
                return None;
            }
        }
        let mut i = 0;
        while i < n {
            let take = (cols - col).min(n - i);
            K::update(&mut state, &yt[i..i + take], &yp[i..i + take]);
            i += take;
            col += take;
            if col == cols {
                let loss = K::finish(state, cols);
                let value = match (&data.weights, &mut cursor) {
                    (Some(w), Some(c)) => {
                        let weight: F = w.get(c.index());
                        c.advance();
                        acc.weight_sum += weight.to_f64();
                        loss * weight
                    }
                    _ => loss,
                };
                if let Some(o) = out.as_deref_mut() {
                    o[row - rows.start] = value;
                }
                acc.sum += value.to_f64();
                row += 1;
                col = 0;
                state = K::start();
            }
        }
        pos += n;
    }
    Some(acc)
}
