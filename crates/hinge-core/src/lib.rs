//! Keras-exact hinge, squared hinge and categorical hinge losses over borrowed
//! numeric slices.
//!
//! The crate knows nothing about JavaScript: callers describe one batch as a
//! [`Job`] of row-major `rows x cols` inputs and get the per-row values (when
//! an output slice is given) plus deterministic [`Totals`].
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
mod input;
mod job;
mod labels;
mod parallel;
mod reduce;
#[cfg(feature = "bench")]
mod roofline;
mod simd;
mod weights;

pub use error::JobError;
pub use float::Float;
pub use input::{Element, Input};
pub use job::{DType, Job, Labels, Loss, Output, Totals};
#[cfg(feature = "bench")]
pub use roofline::{read_sum, Floats};
pub use simd::instruction_set;
pub use weights::{Group, WeightMap, Weights};

/// Validates `job`, then computes it, using `pool` for large inputs.
///
/// Nothing is written to the output slice when validation fails.
pub fn run(job: Job<'_>, pool: &rayon::ThreadPool) -> Result<Totals, JobError> {
    job.validate()?;
    let set = simd::select();
    Ok(match job.dtype {
        DType::F32 => engine::run(job, &set.f32, pool),
        DType::F64 => engine::run(job, &set.f64, pool),
    })
}
