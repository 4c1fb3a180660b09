//! Borrowed inputs of any JS typed-array element type, read in the compute
//! dtype chunk by chunk instead of being copied whole.

use crate::float::Float;

/// Elements converted per step when an input's type differs from the
/// compute dtype: small enough for a stack buffer, large enough to hold
/// many short rows. A multiple of four, so that a long row's segments keep
/// each element in its sum lane.
pub(crate) const CHUNK: usize = 1024;

mod sealed {
    pub trait Sealed {}
}

/// An element type a JS typed array can hold (BigInt arrays excluded).
pub trait Element: sealed::Sealed + Copy + Send + Sync + 'static {
    fn to_f32(self) -> f32;
    fn to_f64(self) -> f64;
}

macro_rules! element {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl Element for $t {
            #[inline(always)]
            fn to_f32(self) -> f32 {
                self as f32
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}
element!(f32, f64, i8, u8, i16, u16, i32, u32);

/// A borrowed, row-major input of any supported element type.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    F32(&'a [f32]),
    F64(&'a [f64]),
    I8(&'a [i8]),
    U8(&'a [u8]),
    I16(&'a [i16]),
    U16(&'a [u16]),
    I32(&'a [i32]),
    U32(&'a [u32]),
}

macro_rules! each {
    ($input:expr, $s:ident => $body:expr) => {
        match $input {
            Input::F32($s) => $body,
            Input::F64($s) => $body,
            Input::I8($s) => $body,
            Input::U8($s) => $body,
            Input::I16($s) => $body,
            Input::U16($s) => $body,
            Input::I32($s) => $body,
            Input::U32($s) => $body,
        }
    };
}

impl<'a> Input<'a> {
    pub fn len(&self) -> usize {
        each!(*self, s => s.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether [`view`](Self::view) needs a conversion buffer for `F`.
    pub(crate) fn needs_buffer<F: Float>(&self) -> bool {
        F::borrow(self).is_none()
    }

    /// Elements `start .. start + len` in the compute dtype.
    ///
    /// Borrows when the element type already is `F` (then `buf` may be
    /// empty); otherwise converts into `buf` (at least `len` long), so a
    /// caller walking the input chunk by chunk never copies the whole input.
    #[inline]
    pub(crate) fn view<'b, F: Float>(
        &'b self,
        start: usize,
        len: usize,
        buf: &'b mut [F],
    ) -> &'b [F] {
        let end = start + len;
        if let Some(s) = F::borrow(self) {
            return &s[start..end];
        }
        let buf = &mut buf[..len];
        each!(*self, s => convert(&s[start..end], buf));
        buf
    }

    /// Element `i` in the compute dtype.
    #[inline]
    pub(crate) fn get<F: Float>(&self, i: usize) -> F {
        each!(*self, s => F::from_elem(s[i]))
    }
}

#[inline]
fn convert<E: Element, F: Float>(src: &[E], dst: &mut [F]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = F::from_elem(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casts_round_like_as() {
        let big = [16_777_217_i32, -16_777_219];
        let input = Input::I32(&big);
        let mut buf = [0.0_f32; 2];
        assert_eq!(input.view(0, 2, &mut buf), &[16_777_216.0, -16_777_220.0]);
        let wide = [0.1_f64];
        assert_eq!(Input::F64(&wide).get::<f32>(0), 0.1_f32);
    }

    #[test]
    fn borrows_matching_type() {
        let data = [1.0_f32, 2.0, 3.0];
        let input = Input::F32(&data);
        let view = input.view(1, 2, &mut []);
        assert_eq!(view, &[2.0, 3.0]);
        assert_eq!(view.as_ptr(), data[1..].as_ptr());
    }
}
