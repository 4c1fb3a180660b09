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

/// One block's chunks of the values and of the gradient.
type BlockOuts<'o, F> = (Option<&'o mut [F]>, Option<&'o mut [F]>);

/// `f(block, values_chunk, grad_chunk)` for every block, results in block
/// order; the outputs (when any) are split into disjoint per-block chunks of
/// `chunks.0` and `chunks.1` elements.
pub(crate) fn map_blocks<'o, F, R, G>(
    pool: &ThreadPool,
    parallel: bool,
    blocks: usize,
    chunks: (usize, usize),
    values: Option<&'o mut [F]>,
    grad: Option<&'o mut [F]>,
    f: G,
) -> Vec<R>
where
    F: Send,
    R: Send,
    G: Fn(usize, Option<&'o mut [F]>, Option<&'o mut [F]>) -> R + Sync,
{
    let mut outs: Vec<BlockOuts<'o, F>> = (0..blocks).map(|_| (None, None)).collect();
    if let Some(v) = values {
        for (slot, c) in outs.iter_mut().zip(v.chunks_mut(chunks.0)) {
            slot.0 = Some(c);
        }
    }
    if let Some(g) = grad {
        for (slot, c) in outs.iter_mut().zip(g.chunks_mut(chunks.1)) {
            slot.1 = Some(c);
        }
    }
    let run = |(b, (v, g)): (usize, BlockOuts<'o, F>)| f(b, v, g);
    if parallel {
        pool.install(|| outs.into_par_iter().enumerate().map(run).collect())
    } else {
        outs.into_iter().enumerate().map(run).collect()
    }
}
