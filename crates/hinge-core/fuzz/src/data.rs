//! Owned inputs of every element type a job accepts.

use hinge_core::Input;

#[derive(Debug, Clone)]
pub enum Data {
    F32(Vec<f32>),
    F64(Vec<f64>),
    I8(Vec<i8>),
    U8(Vec<u8>),
    I16(Vec<i16>),
    U16(Vec<u16>),
    I32(Vec<i32>),
    U32(Vec<u32>),
}

macro_rules! each {
    ($data:expr, $v:ident => $body:expr) => {
        match $data {
            Data::F32($v) => $body,
            Data::F64($v) => $body,
            Data::I8($v) => $body,
            Data::U8($v) => $body,
            Data::I16($v) => $body,
            Data::U16($v) => $body,
            Data::I32($v) => $body,
            Data::U32($v) => $body,
        }
    };
}

impl Data {
    /// `values` stored as element type `kind % 8`, with Rust's `as`
    /// conversion (saturating for integers, NaN to 0).
    pub fn new(kind: u8, values: &[f64]) -> Self {
        fn map<T>(values: &[f64], f: fn(f64) -> T) -> Vec<T> {
            values.iter().map(|&v| f(v)).collect()
        }
        match kind % 8 {
            0 => Self::F32(map(values, |v| v as f32)),
            1 => Self::F64(map(values, |v| v)),
            2 => Self::I8(map(values, |v| v as i8)),
            3 => Self::U8(map(values, |v| v as u8)),
            4 => Self::I16(map(values, |v| v as i16)),
            5 => Self::U16(map(values, |v| v as u16)),
            6 => Self::I32(map(values, |v| v as i32)),
            _ => Self::U32(map(values, |v| v as u32)),
        }
    }

    pub fn len(&self) -> usize {
        each!(self, v => v.len())
    }

    /// Element `i`, exactly, as `f64`.
    // One expression for all eight types; for `F64` it converts to itself.
    #[allow(clippy::useless_conversion)]
    pub fn value(&self, i: usize) -> f64 {
        each!(self, v => f64::from(v[i]))
    }

    pub fn input(&self) -> Input<'_> {
        match self {
            Self::F32(v) => Input::F32(v),
            Self::F64(v) => Input::F64(v),
            Self::I8(v) => Input::I8(v),
            Self::U8(v) => Input::U8(v),
            Self::I16(v) => Input::I16(v),
            Self::U16(v) => Input::U16(v),
            Self::I32(v) => Input::I32(v),
            Self::U32(v) => Input::U32(v),
        }
    }
}
