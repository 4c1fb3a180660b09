//! Node binding of `hinge-core`: one typed job object for the sync and async
//! calls, its typed arrays read in place.
#![deny(clippy::all)]

#[cfg(feature = "bench")]
pub mod bandwidth;
mod error;
mod job;
pub mod mask;
mod pool;
mod task;
mod view;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::AtomicBool;

use napi::bindgen_prelude::AsyncTask;
use napi_derive::napi;
use rayon::ThreadPool;

use crate::error::{internal, stopped};
use crate::job::{Arrays, Job};
use crate::task::{CancelFlag, LossTask};

/// `sum` = Σ of the (weighted) per-row values; `weightSum` = Σ of the
/// per-row weights, or `rows` without weights; both in float64.
#[napi(object)]
pub struct Totals {
    pub sum: f64,
    pub weight_sum: f64,
}

/// Computes `job` on the calling thread and the pool.
#[napi]
pub fn loss_sync(job: Job<'_>) -> napi::Result<Totals> {
    let pool = pool::get()?;
    let arrays = Arrays::read(&job)?;
    // SAFETY: JavaScript is blocked for the whole call, the argument keeps
    // the arrays alive, and `read` ruled out `out` aliasing an input.
    let core = unsafe { arrays.job(&job) }?;
    compute(core, pool, &AtomicBool::new(false))
}

/// As `lossSync`, computed off the JavaScript thread; `cancel` stops it at
/// the next block of rows. Argument errors throw synchronously; the arrays
/// must not be written, transferred or detached until the promise settles.
#[napi(ts_return_type = "Promise<Totals>")]
pub fn loss_async(job: Job<'_>, cancel: Option<&CancelFlag>) -> napi::Result<AsyncTask<LossTask>> {
    pool::get_async()?;
    let arrays = Arrays::read(&job)?;
    let pins = arrays.pins(&job)?;
    // SAFETY: the pins keep the arrays alive while the task exists; the
    // caller's contract (documented) is not to write, transfer or detach
    // them until the promise settles; `read` ruled out `out` aliasing.
    let core = unsafe { arrays.job(&job) }?;
    Ok(AsyncTask::new(LossTask::new(core, pins, cancel)))
}

/// Runs a validated job, turning a panic into an error.
pub(crate) fn compute(
    job: hinge_core::ValidJob<'_>,
    pool: &ThreadPool,
    cancel: &AtomicBool,
) -> napi::Result<Totals> {
    let totals = catch_unwind(AssertUnwindSafe(|| {
        hinge_core::run_cancellable(job, pool, cancel)
    }))
    .map_err(internal)?
    .map_err(stopped)?;
    Ok(Totals {
        sum: totals.sum,
        weight_sum: totals.weight_sum,
    })
}

/// Size of the native thread pool (HINGE_LOSSES_NUM_THREADS, default the
/// available cores).
#[napi]
pub fn thread_count() -> napi::Result<u32> {
    Ok(pool::get()?.current_num_threads() as u32)
}

/// The instruction set the kernels use on this CPU (`avx2`, `sse2` or
/// `scalar`), for benchmark reports.
#[napi]
pub fn instruction_set() -> &'static str {
    hinge_core::instruction_set()
}
