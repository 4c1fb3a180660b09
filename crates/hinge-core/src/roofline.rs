//! The rooflines of the benchmarks (feature `bench`): how fast this machine
//! reads (and writes) memory, measured with the losses' own instruction set
//! and thread pool.

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

/// One thread's share of [`stream`]: its pieces of the reads and the write.
type Piece<'r, 'w> = (Vec<&'r [u8]>, Option<&'w mut [u8]>);

/// Reads every byte of `reads` once and writes every byte of `write` once,
/// all side by side, split into `parts` proportional pieces (the rows of a
/// loss, whatever each buffer's bytes per row) run on `pool`; one part runs
/// on the calling thread. The memory traffic of one loss call over these
/// very buffers, and nothing else: the roofline it is measured against.
/// Returns the xor of the bits read, as little-endian 4-byte words from the
/// start of each slice.
pub fn stream(reads: &[&[u8]], write: Option<&mut [u8]>, parts: usize, pool: &ThreadPool) -> u32 {
    let set = simd::select();
    if parts <= 1 {
        return set.stream(reads, write);
    }
    // Pieces start on 64-byte offsets, as `stream`'s steps do.
    let cut = |len: usize, k: usize| {
        if k >= parts {
            len
        } else {
            len * k / parts / 64 * 64
        }
    };
    let total = write.as_ref().map_or(0, |w| w.len());
    let mut writes: Vec<Option<&mut [u8]>> = Vec::with_capacity(parts);
    let mut rest = write;
    for k in 0..parts {
        match rest.take() {
            Some(w) => {
                let (piece, tail) = w.split_at_mut(cut(total, k + 1) - cut(total, k));
                writes.push(Some(piece));
                rest = Some(tail);
            }
            None => writes.push(None),
        }
    }
    let pieces: Vec<Piece<'_, '_>> = writes
        .into_iter()
        .enumerate()
        .map(|(k, w)| {
            let r = reads
                .iter()
                .map(|r| &r[cut(r.len(), k)..cut(r.len(), k + 1)])
                .collect();
            (r, w)
        })
        .collect();
    pool.install(|| {
        pieces
            .into_par_iter()
            .map(|(r, w)| set.stream(&r, w))
            .reduce(|| 0, |a, b| a ^ b)
    })
}

#[cfg(test)]
mod tests {
    use super::stream;

    /// The xor of each slice's little-endian words, a short last one padded.
    fn words(slices: &[&[u8]]) -> u32 {
        slices.iter().flat_map(|s| s.chunks(4)).fold(0, |x, c| {
            let mut w = [0; 4];
            w[..c.len()].copy_from_slice(c);
            x ^ u32::from_le_bytes(w)
        })
    }

    /// Split over threads, every byte is still read and written once: the
    /// result is the xor of every word read, and the written bytes do not
    /// depend on what the buffer held.
    #[test]
    fn split_streams_cover_every_byte() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let a: Vec<u8> = (0..100_003).map(|i| (i * 13 + 5) as u8).collect();
        let b: Vec<u8> = (0..6_251).map(|i| (i * 3 + 7) as u8).collect();
        let want = words(&[&a, &b]);
        for parts in 1..=3 {
            let written = |fill: u8| {
                let mut w = vec![fill; 50_001];
                let bits = stream(&[&a, &b], Some(&mut w), parts, &pool);
                (bits, w)
            };
            let (bits, zeros) = written(0);
            assert_eq!(zeros, written(0xff).1, "{parts} parts");
            assert_eq!(bits, want, "{parts} parts");
        }
    }
}
