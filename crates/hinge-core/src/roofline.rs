//! A read-only kernel for the benchmarks (feature `bench`): how fast this
//! machine reads memory, measured with the losses' own instruction set and
//! thread pool.

use rayon::prelude::*;
use rayon::ThreadPool;

use crate::float::Float;
use crate::simd::{self, Kernels};

/// Float data for [`read_sum`].
#[derive(Debug, Clone, Copy)]
pub enum Floats<'a> {
    F32(&'a [f32]),
    F64(&'a [f64]),
}

/// Reads every element once and returns their sum, which keeps the reads
/// from being optimised away. The data are split into `parts` contiguous
/// pieces run on `pool`; one part runs on the calling thread.
pub fn read_sum(data: Floats<'_>, parts: usize, pool: &ThreadPool) -> f64 {
    let set = simd::select();
    match data {
        Floats::F32(d) => split(d, &set.f32, parts, pool),
        Floats::F64(d) => split(d, &set.f64, parts, pool),
    }
}

fn split<F: Float>(
    data: &[F],
    kernels: &'static Kernels<F>,
    parts: usize,
    pool: &ThreadPool,
) -> f64 {
    if parts <= 1 || data.is_empty() {
        return kernels.sum(data);
    }
    let size = data.len().div_ceil(parts);
    let sums: Vec<f64> = pool.install(|| data.par_chunks(size).map(|c| kernels.sum(c)).collect());
    sums.iter().sum()
}
