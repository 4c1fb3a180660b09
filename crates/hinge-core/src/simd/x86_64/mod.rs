//! x86_64 kernels: SSE2 (the baseline every x86_64 CPU has) and AVX2.

mod avx2;
mod lanes;
mod rows;
mod sse2;

use super::KernelSet;

/// True in the first `n` lanes of a load from `MASKS[W - n..]`, W lanes wide.
static MASK32: [i32; 16] = [-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0];
static MASK64: [i64; 8] = [-1, -1, -1, -1, 0, 0, 0, 0];

/// The widest set this CPU runs.
#[cfg_attr(feature = "force-scalar", allow(dead_code))]
pub(super) fn best() -> &'static KernelSet {
    if is_x86_feature_detected!("avx2") {
        &avx2::SET
    } else {
        &sse2::SET
    }
}

/// Every set this CPU runs, for comparing them with the reference.
#[cfg(test)]
pub(super) fn available() -> Vec<&'static KernelSet> {
    let mut sets = vec![&sse2::SET];
    if is_x86_feature_detected!("avx2") {
        sets.push(&avx2::SET);
    }
    sets
}
