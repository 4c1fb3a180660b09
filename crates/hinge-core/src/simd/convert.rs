//! Inputs of another element type than the compute dtype, converted a chunk
//! at a time into the kernels' buffers. Compiled per instruction set like
//! the kernels: the compiler vectorises the casts for the set's registers,
//! and binary16 goes through the set's own lane conversion (F16C where the
//! set has it), so the conversion keeps up with the memory bus. The source
//! is prefetched as the row kernels prefetch theirs: they read the buffers,
//! which are in cache, so the conversion is what reads memory.

use std::mem::size_of;

use crate::float::Float;
use crate::input::{each, Element, Input};

use super::binary16;
use super::rows::AHEAD;
use super::vector::{Lanes, Vector};

/// Bytes per prefetch: a cache line.
const LINE: usize = 64;

/// Elements `start .. start + dst.len()` of `src`, converted into `dst`;
/// each value is the one [`Element`]'s conversion gives.
///
/// # Safety
/// `L`'s instruction set is enabled in the caller.
#[inline(always)]
pub(super) unsafe fn convert<L: Lanes>(src: &Input<'_>, start: usize, dst: &mut [L::F]) {
    let end = start + dst.len();
    match *src {
        Input::F16(s) => widen_f16::<L::V>(&s[start..end], dst),
        _ => each!(*src, s => cast::<L::V, _>(&s[start..end], dst)),
    }
}

/// A line's worth of elements at a time, each line's loop vectorised.
///
/// # Safety
/// `V`'s instruction set is enabled in the caller.
#[inline(always)]
unsafe fn cast<V: Vector, E: Element>(src: &[E], dst: &mut [V::F]) {
    let per_line = LINE / size_of::<E>();
    let mut lines = src.chunks_exact(per_line);
    let mut out = dst.chunks_exact_mut(per_line);
    for (s, d) in (&mut lines).zip(&mut out) {
        // Never dereferenced: any address will do.
        V::prefetch(s.as_ptr().cast::<u8>().wrapping_add(AHEAD));
        for (d, &s) in d.iter_mut().zip(s) {
            *d = V::F::from_elem(s);
        }
    }
    for (d, &s) in out.into_remainder().iter_mut().zip(lines.remainder()) {
        *d = V::F::from_elem(s);
    }
}

/// A line at a time, then vectors, then single elements.
///
/// # Safety
/// `V`'s instruction set is enabled in the caller.
#[inline(always)]
unsafe fn widen_f16<V: Vector>(src: &[half::f16], dst: &mut [V::F]) {
    assert_eq!(src.len(), dst.len());
    let (p, d) = (src.as_ptr().cast::<u16>(), dst.as_mut_ptr());
    // A multiple of `S`, which is at most eight.
    let per_line = LINE / size_of::<u16>();
    let lines = src.len() / per_line * per_line;
    let mut i = 0;
    while i < lines {
        V::prefetch(p.add(i).cast::<u8>().wrapping_add(AHEAD));
        for k in (i..i + per_line).step_by(V::S) {
            // SAFETY: elements `k .. k + S` are inside both slices.
            V::load_f16(p.add(k)).store(d.add(k));
        }
        i += per_line;
    }
    while i + V::S <= src.len() {
        // SAFETY: as above.
        V::load_f16(p.add(i)).store(d.add(i));
        i += V::S;
    }
    for (d, s) in dst[i..].iter_mut().zip(&src[i..]) {
        *d = V::F::from_elem(binary16::to_f32(s.to_bits()));
    }
}

/// Prefetches elements `start .. start + len` of `src`, which need not
/// exist: prefetches never fault.
///
/// # Safety
/// `V`'s instruction set is enabled in the caller.
#[inline(always)]
pub(super) unsafe fn prefetch<V: Vector>(src: &Input<'_>, start: usize, len: usize) {
    each!(*src, s => prefetch_elems::<V, _>(s, start, len))
}

#[inline(always)]
unsafe fn prefetch_elems<V: Vector, E>(src: &[E], start: usize, len: usize) {
    let first = src.as_ptr().wrapping_add(start).cast::<u8>();
    for line in (0..len * size_of::<E>()).step_by(LINE) {
        V::prefetch(first.wrapping_add(line));
    }
}
