//! Runs per-block work on the calling thread or on the rayon pool. Which one
//! is chosen never changes the result, only the speed.

use rayon::prelude::*;
use rayon::ThreadPool;

/// Below this many elements the calling thread works alone. Measured with
/// no threshold on hinge float32 [n/8, 8] through the Node binding, one vs
/// two threads (median µs, on a 2-vCPU 2.1 GHz machine): n = 2^16: 22 vs
/// 29; 2^17: 44 vs 43; 2^18: 91 vs 74; 2^20: 399 vs 282. Waking the pool
/// costs about 10 µs, so two threads break even at 2^17 elements.
pub(crate) const PARALLEL_MIN_ELEMS: usize = 1 << 17;

pub(crate) fn worth_it(elems: usize, blocks: usize, pool: &ThreadPool) -> bool {
    elems >= PARALLEL_MIN_ELEMS && blocks > 1 && pool.current_num_threads() > 1
}

/// `f(block, out_chunk)` for every block, results in block order; the output
/// (when any) is split into disjoint per-block chunks of `block_rows`.
pub(crate) fn map_blocks<F, R, G>(
    pool: &ThreadPool,
    parallel: bool,
    blocks: usize,
    block_rows: usize,
    out: Option<&mut [F]>,
    f: G,
) -> Vec<R>
where
    F: Send,
    R: Send,
    G: Fn(usize, Option<&mut [F]>) -> R + Sync,
{
    match (parallel, out) {
        (false, Some(o)) => o
            .chunks_mut(block_rows)
            .enumerate()
            .map(|(b, c)| f(b, Some(c)))
            .collect(),
        (false, None) => (0..blocks).map(|b| f(b, None)).collect(),
        (true, Some(o)) => pool.install(|| {
            o.par_chunks_mut(block_rows)
                .enumerate()
                .map(|(b, c)| f(b, Some(c)))
                .collect()
        }),
        (true, None) => pool.install(|| (0..blocks).into_par_iter().map(|b| f(b, None)).collect()),
    }
}
