//! The element types the row kernels read in place: the compute dtype, and
//! uint8 labels and binary16 scores, widened in registers as they are
//! loaded, so that they are never converted into a buffer and read again.
//! Each load gives exactly the values the conversion into a buffer gives
//! (see `convert`), so the kernels' bits do not depend on the route.

use crate::float::Float;
use crate::simd::binary16;
use crate::simd::vector::Vector;

/// An element type whose slices a row kernel over `V` reads.
pub(crate) trait Load<V: Vector>: Copy + 'static {
    /// `S` elements as `S` lanes.
    ///
    /// # Safety
    /// `p` is valid for `S` elements; `V`'s instruction set is enabled.
    unsafe fn load(p: *const Self) -> V;

    /// `n < S` elements, the other lanes holding `pad`.
    ///
    /// # Safety
    /// `p` is valid for `n` elements; `V`'s instruction set is enabled.
    unsafe fn load_tail(p: *const Self, n: usize, pad: V::F) -> V;
}

impl<V: Vector<F = f32>> Load<V> for f32 {
    #[inline(always)]
    unsafe fn load(p: *const f32) -> V {
        V::load(p)
    }
    #[inline(always)]
    unsafe fn load_tail(p: *const f32, n: usize, pad: f32) -> V {
        V::load_tail(p, n, pad)
    }
}

impl<V: Vector<F = f64>> Load<V> for f64 {
    #[inline(always)]
    unsafe fn load(p: *const f64) -> V {
        V::load(p)
    }
    #[inline(always)]
    unsafe fn load_tail(p: *const f64, n: usize, pad: f64) -> V {
        V::load_tail(p, n, pad)
    }
}

impl<V: Vector> Load<V> for u8 {
    #[inline(always)]
    unsafe fn load(p: *const u8) -> V {
        V::load_u8(p)
    }
    #[inline(always)]
    unsafe fn load_tail(p: *const u8, n: usize, pad: V::F) -> V {
        let mut buf = [pad; 8];
        for (k, x) in buf[..n].iter_mut().enumerate() {
            *x = V::F::from_elem(p.add(k).read());
        }
        V::load(buf.as_ptr())
    }
}

impl<V: Vector> Load<V> for half::f16 {
    #[inline(always)]
    unsafe fn load(p: *const half::f16) -> V {
        V::load_f16(p.cast())
    }
    #[inline(always)]
    unsafe fn load_tail(p: *const half::f16, n: usize, pad: V::F) -> V {
        let mut buf = [pad; 8];
        for (k, x) in buf[..n].iter_mut().enumerate() {
            *x = V::F::from_elem(binary16::to_f32(p.add(k).read().to_bits()));
        }
        V::load(buf.as_ptr())
    }
}
