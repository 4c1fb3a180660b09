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

/// An element type a JS typed array can hold.
///
/// Conversions are Rust `as` casts, which round once to nearest-even. For
/// 64-bit integers within ±2^53 (the range JavaScript numbers hold exactly)
/// that is `Number(v)` for `f64` and `Math.fround(Number(v))` for `f32`;
/// beyond it, one rounding of the exact integer.
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
element!(f32, f64, i8, u8, i16, u16, i32, u32, i64, u64);

// Half precision: every binary16 and bfloat16 value is a float32 value, so
// widening is exact.
impl sealed::Sealed for half::f16 {}
impl Element for half::f16 {
    #[inline(always)]
    fn to_f32(self) -> f32 {
        half::f16::to_f32(self)
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        half::f16::to_f64(self)
    }
}

impl sealed::Sealed for half::bf16 {}
impl Element for half::bf16 {
    #[inline(always)]
    fn to_f32(self) -> f32 {
        half::bf16::to_f32(self)
    }
    #[inline(always)]
    fn to_f64(self) -> f64 {
        half::bf16::to_f64(self)
    }
}

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
    I64(&'a [i64]),
    U64(&'a [u64]),
    /// IEEE binary16.
    F16(&'a [half::f16]),
    BF16(&'a [half::bf16]),
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
            Input::I64($s) => $body,
            Input::U64($s) => $body,
            Input::F16($s) => $body,
            Input::BF16($s) => $body,
        }
    };
}

pub(crate) use each;

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
        F::convert(self, start, buf);
        buf
    }

    /// Element `i` in the compute dtype.
    #[inline]
    pub(crate) fn get<F: Float>(&self, i: usize) -> F {
        each!(*self, s => F::from_elem(s[i]))
    }

    /// Labels `start .. start + ids.len()` read as class ids of `cols`
    /// classes into `ids`: `Err(i)` when label `start + i` is the first
    /// that is no integer in `[0, cols)` (then `ids` is unspecified).
    #[inline(always)]
    pub(crate) fn class_ids(
        &self,
        start: usize,
        ids: &mut [usize],
        cols: usize,
    ) -> Result<(), usize> {
        each!(*self, s => read_ids(&s[start..start + ids.len()], ids, cols))
    }
}

/// A label that may be a class id: an integer in `[0, cols)`.
trait ClassId: Copy {
    fn class_id(self, cols: usize) -> Option<usize>;
}

macro_rules! integer_ids {
    ($($t:ty),*) => {$(
        impl ClassId for $t {
            #[inline(always)]
            fn class_id(self, cols: usize) -> Option<usize> {
                usize::try_from(self).ok().filter(|&id| id < cols)
            }
        }
    )*};
}
integer_ids!(i8, u8, i16, u16, i32, u32, i64, u64);

macro_rules! float_ids {
    ($($t:ty),*) => {$(
        impl ClassId for $t {
            #[inline(always)]
            fn class_id(self, cols: usize) -> Option<usize> {
                // `as` saturates and sends NaN to 0, so only an integer
                // comes back unchanged (-0 as 0, which it equals).
                let x = Element::to_f64(self);
                let id = x as usize;
                (id as f64 == x && id < cols).then_some(id)
            }
        }
    )*};
}
float_ids!(f32, f64, half::f16, half::bf16);

/// No early exit: a branch per label would cost more than the rare bad one
/// saves.
#[inline(always)]
fn read_ids<E: ClassId>(labels: &[E], ids: &mut [usize], cols: usize) -> Result<(), usize> {
    let mut all = true;
    for (id, &label) in ids.iter_mut().zip(labels) {
        let got = label.class_id(cols);
        all &= got.is_some();
        *id = got.unwrap_or(0);
    }
    if all {
        return Ok(());
    }
    labels
        .iter()
        .position(|l| l.class_id(cols).is_none())
        .map_or(Ok(()), Err)
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

    /// JavaScript converts a 64-bit integer to `f32` as
    /// `Math.fround(Number(v))`: two roundings, the first exact for
    /// |v| <= 2^53. One `as f32` must then give the same value, so that the
    /// native and pure-TS backends agree.
    #[test]
    fn wide_integers_round_once_like_fround_of_number() {
        let safe = 1_i64 << 53;
        let mut values = vec![0, 1, -1, safe, safe - 1, -safe, 1 - safe];
        // f32 rounding ties and their neighbours at every exponent where
        // f32 no longer holds every integer.
        for e in 24..53 {
            let (p, half) = (1_i64 << e, 1_i64 << (e - 24));
            for tie in [p + half, p + 3 * half, 2 * p - half] {
                values.extend([tie - 1, tie, tie + 1]);
            }
        }
        // And a sweep of ordinary values over the whole range.
        let mut x = 0x9E37_79B9_7F4A_7C15_u64;
        for i in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let m = (x >> (11 + i % 53)) as i64;
            values.extend([m, -m]);
        }
        assert!(values.iter().all(|v| v.abs() <= safe));
        let n = values.len();
        let (mut f32s, mut f64s) = (vec![0.0_f32; n], vec![0.0_f64; n]);
        let signed = Input::I64(&values);
        let (got32, got64) = (signed.view(0, n, &mut f32s), signed.view(0, n, &mut f64s));
        for ((&v, got32), &got64) in values.iter().zip(got32).zip(got64) {
            let number = v as f64;
            assert_eq!(got32.to_bits(), (number as f32).to_bits(), "{v}");
            assert_eq!(got64, number, "{v}");
        }
        let unsigned: Vec<u64> = values.iter().map(|v| v.unsigned_abs()).collect();
        let mut f32s = vec![0.0_f32; n];
        for (&v, got) in unsigned
            .iter()
            .zip(Input::U64(&unsigned).view(0, n, &mut f32s))
        {
            assert_eq!(got.to_bits(), (v as f64 as f32).to_bits(), "{v}");
        }
        // Past 2^53 the detour through f64 rounds twice, and there it would
        // differ: the range limit is what makes the two conversions equal.
        let beyond = (1_i64 << 54) + (1 << 30) + 1;
        assert_ne!(Input::I64(&[beyond]).get::<f32>(0), beyond as f64 as f32);
    }

    /// Every half-precision bit pattern widens to the value it encodes,
    /// checked against an independent decoding of the bits.
    #[test]
    fn half_precision_widens_exactly() {
        for bits in 0..=u16::MAX {
            let (sign, exp, frac) = (bits >> 15, (bits >> 10) & 0x1f, bits & 0x3ff);
            let magnitude = match exp {
                0 => f64::from(frac) * 2f64.powi(-24),
                31 if frac == 0 => f64::INFINITY,
                31 => f64::NAN,
                e => f64::from(1024 + frac) * 2f64.powi(i32::from(e) - 25),
            };
            let expected = if sign == 1 { -magnitude } else { magnitude };
            let got = Input::F16(&[half::f16::from_bits(bits)]).get::<f64>(0);
            let mut one = [0.0_f32];
            let sliced = Input::F16(&[half::f16::from_bits(bits)]).view(0, 1, &mut one)[0];
            assert!(
                f64::from(sliced) == got || (sliced.is_nan() && got.is_nan()),
                "{bits:#x}"
            );
            assert!(
                got == expected || (got.is_nan() && expected.is_nan()),
                "{bits:#x}"
            );
            if !expected.is_nan() {
                assert_eq!(
                    got.is_sign_negative(),
                    expected.is_sign_negative(),
                    "{bits:#x}"
                );
            }
            let b = Input::BF16(&[half::bf16::from_bits(bits)]).get::<f32>(0);
            let exact = f32::from_bits(u32::from(bits) << 16);
            // A signalling NaN may come back quieted: still a NaN.
            assert!(
                b.to_bits() == exact.to_bits() || (b.is_nan() && exact.is_nan()),
                "{bits:#x}"
            );
        }
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
