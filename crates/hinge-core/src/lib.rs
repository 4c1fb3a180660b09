//! Keras-exact hinge, squared hinge and categorical hinge losses over borrowed
//! numeric slices.
//!
//! The crate knows nothing about JavaScript: callers describe one batch as a
//! [`Job`] of row-major `rows x cols` inputs, validate it once into a
//! [`ValidJob`], and [`run`] that for the per-row values (when an output slice
//! is given) plus deterministic [`Totals`].
//!
//! Arithmetic contract: every element-wise operation runs in the compute
//! dtype without fused multiply-add, while sums accumulate in `f64` in one
//! fixed order (see the `simd` module), whatever the instruction set; sums
//! are taken over fixed-size row blocks combined in a fixed order, so the
//! result is bit-identical whatever the size of the thread pool.
#![deny(clippy::all)]

mod engine;
mod error;
mod float;
mod grad;
mod input;
mod job;
mod labels;
mod ones;
mod parallel;
mod reduce;
#[cfg(feature = "bench")]
mod roofline;
mod simd;
mod source;
mod weights;

pub use error::{JobError, Stopped};
pub use float::Float;
pub use grad::{Grad, Kink};
pub use half::{bf16, f16};
pub use input::{Element, Input};
pub use job::{DType, Job, Labels, Loss, Output, Totals, ValidJob};
pub use ones::count_ones;
#[cfg(feature = "bench")]
pub use roofline::{read_sum, stream, Floats};
pub use simd::instruction_set;
pub use source::Source;
pub use weights::{Group, Mask, WeightMap, Weights};

use std::sync::atomic::AtomicBool;

/// Computes a validated job, using `pool` for large inputs. Its one error
/// is [`JobError::ClassId`], found while computing.
///
/// ```
/// use hinge_core::{DType, Input, Job, Labels, Loss};
///
/// let pool = rayon::ThreadPoolBuilder::new().build().unwrap();
/// let job = Job {
///     loss: Loss::Hinge,
///     dtype: DType::F32,
///     labels: Labels::Auto,
///     rows: 1,
///     cols: 1,
///     y_true: Input::F32(&[1.0]).into(),
///     y_pred: Input::F32(&[0.5]).into(),
///     weights: None,
///     mask: None,
///     out: None,
///     grad: None,
/// };
/// assert_eq!(hinge_core::run(job.validate()?, &pool)?.sum, 0.5);
/// # Ok::<(), hinge_core::JobError>(())
/// ```
pub fn run(job: ValidJob<'_>, pool: &rayon::ThreadPool) -> Result<Totals, JobError> {
    let never = AtomicBool::new(false);
    run_cancellable(job, pool, &never).map_err(|stop| match stop {
        Stopped::Refused(e) => e,
        Stopped::Cancelled => unreachable!("never cancelled"),
    })
}

/// [`run`], stopped at the next block of rows once `cancel` is set.
pub fn run_cancellable(
    job: ValidJob<'_>,
    pool: &rayon::ThreadPool,
    cancel: &AtomicBool,
) -> Result<Totals, Stopped> {
    let set = simd::select();
    let ValidJob(job) = job;
    match job.dtype {
        DType::F32 => engine::run(job, &set.f32, pool, cancel),
        DType::F64 => engine::run(job, &set.f64, pool, cancel),
    }
}
