//! A plain sum for the read roofline of the benchmarks.

use crate::float::Float;
use crate::simd::scalar::row_sum;
use crate::simd::vector::{Lanes, Sums, Vector};

use super::{Ahead, AHEAD};

/// Plain sum, as fast as the data arrive: the two halves are read side by
/// side (two streams, as the losses read their two inputs), each into two
/// vector accumulators.
///
/// # Safety
/// `L`'s instruction set is enabled in the caller.
#[inline(always)]
pub(in crate::simd) unsafe fn sum<L: Lanes>(data: &[L::F]) -> f64 {
    let s = L::V::S;
    let half = data.len() / 2 / (2 * s) * (2 * s);
    let (a, b) = (data.as_ptr(), data.as_ptr().add(half));
    let mut ahead = Ahead::new(a, b);
    let mut acc = [L::V::splat(L::F::ZERO); 4];
    let mut i = 0;
    while i < half {
        ahead.past::<L::V>(i);
        acc[0] = acc[0].add(L::V::load(a.add(i)));
        acc[1] = acc[1].add(L::V::load(a.add(i + s)));
        acc[2] = acc[2].add(L::V::load(b.add(i)));
        acc[3] = acc[3].add(L::V::load(b.add(i + s)));
        i += 2 * s;
    }
    // The rest of the second half.
    let rest = &data[2 * half..];
    let mut j = 0;
    while j < rest.len() {
        let n = s.min(rest.len() - j);
        acc[0] = acc[0].add(L::V::load_tail(rest.as_ptr().add(j), n, L::F::ZERO));
        j += n;
    }
    let v = acc[0].add(acc[1]).add(acc[2].add(acc[3]));
    row_sum(L::widen_add(L::Acc::splat(0.0), v).lanes())
}

/// Bytes of the longest stream per step of [`stream`].
const STEP: usize = 4096;

/// Reads every byte of `reads` and writes every byte of `write`, side by
/// side: the streams advance together in proportional steps, as a loss walks
/// its inputs (and its gradient) row by row, whatever their element sizes.
/// Returns the xor of the bits read, taken as little-endian 4-byte words
/// from the start of each slice (a short last word padded with zeros), so
/// the reads cannot be skipped; the bytes written are unspecified. Bitwise
/// only, so no bit pattern (NaN, subnormal) slows a lane down.
///
/// # Safety
/// `L`'s instruction set is enabled in the caller.
#[inline(always)]
pub(in crate::simd) unsafe fn stream<L: Lanes<F = f32>>(
    reads: &[&[u8]],
    mut write: Option<&mut [u8]>,
) -> u32 {
    let longest = reads
        .iter()
        .map(|r| r.len())
        .chain(write.as_ref().map(|w| w.len()))
        .max()
        .unwrap_or(0);
    let steps = longest.div_ceil(STEP).max(1);
    // Steps start on 64-byte offsets, so each starts a word.
    let bound = |len: usize, k: usize| {
        if k >= steps {
            len
        } else {
            len * k / steps / 64 * 64
        }
    };
    let mut acc = Fold::<L>::new();
    for k in 0..steps {
        for r in reads {
            acc.read(&r[bound(r.len(), k)..bound(r.len(), k + 1)]);
        }
        if let Some(w) = write.as_deref_mut() {
            let len = w.len();
            acc.write(&mut w[bound(len, k)..bound(len, k + 1)]);
        }
    }
    acc.bits()
}

/// The xor of everything [`stream`] read: two vectors and a scalar for the
/// ends that fill no vector.
struct Fold<L: Lanes<F = f32>> {
    v: [L::V; 2],
    rest: u32,
}

impl<L: Lanes<F = f32>> Fold<L> {
    #[inline(always)]
    unsafe fn new() -> Self {
        Self {
            v: [L::V::splat(0.0); 2],
            rest: 0,
        }
    }

    #[inline(always)]
    unsafe fn read(&mut self, bytes: &[u8]) {
        let width = 4 * L::V::S;
        let p = bytes.as_ptr();
        let body = bytes.len() / (2 * width) * (2 * width);
        let mut i = 0;
        while i < body {
            // As the losses do: a line `AHEAD` bytes on for every line read,
            // which runs on into the stream's next step.
            L::V::prefetch(p.wrapping_add(i + AHEAD));
            self.v[0] = self.v[0].xor(L::V::load(p.add(i).cast()));
            self.v[1] = self.v[1].xor(L::V::load(p.add(i + width).cast()));
            i += 2 * width;
        }
        for (i, &b) in bytes[body..].iter().enumerate() {
            self.rest ^= u32::from(b) << (8 * (i % 4));
        }
    }

    #[inline(always)]
    unsafe fn write(&self, bytes: &mut [u8]) {
        let width = 4 * L::V::S;
        let p = bytes.as_mut_ptr();
        let body = bytes.len() / width * width;
        let mut i = 0;
        while i < body {
            self.v[0].store(p.add(i).cast());
            i += width;
        }
        bytes[body..].fill(0);
    }

    #[inline(always)]
    unsafe fn bits(&self) -> u32 {
        let mut lanes = [0.0f32; 8];
        self.v[0].xor(self.v[1]).store(lanes.as_mut_ptr());
        lanes[..L::V::S]
            .iter()
            .fold(self.rest, |x, lane| x ^ lane.to_bits())
    }
}
