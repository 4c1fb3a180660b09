//! Owned inputs of every element type a job accepts.

use hinge_core::Input;

/// 2^53: every 64-bit integer up to this magnitude is exact in `f64`.
const SAFE: i64 = 1 << 53;

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
    I64(Vec<i64>),
    U64(Vec<u64>),
    F16(Vec<half::f16>),
    BF16(Vec<half::bf16>),
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
            Data::I64($v) => $body,
            Data::U64($v) => $body,
            Data::F16($v) => $body,
            Data::BF16($v) => $body,
        }
    };
}

impl Data {
    /// `values` stored as element type `kind % 12`, with Rust's `as`
    /// conversion (saturating for integers, NaN to 0); 64-bit integers are
    /// then clamped to ±2^53, the range JavaScript callers can pass; the
    /// half-precision types round to nearest.
    pub fn new(kind: u8, values: &[f64]) -> Self {
        fn map<T>(values: &[f64], f: fn(f64) -> T) -> Vec<T> {
            values.iter().map(|&v| f(v)).collect()
        }
        match kind % 12 {
            0 => Self::F32(map(values, |v| v as f32)),
            1 => Self::F64(map(values, |v| v)),
            2 => Self::I8(map(values, |v| v as i8)),
            3 => Self::U8(map(values, |v| v as u8)),
            4 => Self::I16(map(values, |v| v as i16)),
            5 => Self::U16(map(values, |v| v as u16)),
            6 => Self::I32(map(values, |v| v as i32)),
            7 => Self::U32(map(values, |v| v as u32)),
            8 => Self::I64(map(values, |v| (v as i64).clamp(-SAFE, SAFE))),
            9 => Self::U64(map(values, |v| (v as u64).min(SAFE as u64))),
            10 => Self::F16(map(values, half::f16::from_f64)),
            _ => Self::BF16(map(values, half::bf16::from_f64)),
        }
    }

    pub fn len(&self) -> usize {
        each!(self, v => v.len())
    }

    /// Element `i`, exactly, as `f64`: the 64-bit integers were clamped to
    /// where `as` is exact.
    pub fn value(&self, i: usize) -> f64 {
        match self {
            Self::F32(v) => f64::from(v[i]),
            Self::F64(v) => v[i],
            Self::I8(v) => f64::from(v[i]),
            Self::U8(v) => f64::from(v[i]),
            Self::I16(v) => f64::from(v[i]),
            Self::U16(v) => f64::from(v[i]),
            Self::I32(v) => f64::from(v[i]),
            Self::U32(v) => f64::from(v[i]),
            Self::I64(v) => v[i] as f64,
            Self::U64(v) => v[i] as f64,
            Self::F16(v) => v[i].to_f64(),
            Self::BF16(v) => v[i].to_f64(),
        }
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
            Self::I64(v) => Input::I64(v),
            Self::U64(v) => Input::U64(v),
            Self::F16(v) => Input::F16(v),
            Self::BF16(v) => Input::BF16(v),
        }
    }
}
