//! Typed-array arguments as raw views: element type, address, length.

use std::ops::Range;
use std::ptr;

use hinge_core::{Input, Output, Source};
use napi::bindgen_prelude::{
    BigInt64Array, BigUint64Array, Either, Float32Array, Float64Array, Int16Array, Int32Array,
    Int8Array, JsValue, Uint16Array, Uint32Array, Uint8Array, Unknown,
};
use napi::sys::{self, TypedarrayType as T};
use napi::ValueType;

use crate::error::invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    F32,
    F64,
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
}

impl Kind {
    fn from_napi(t: i32) -> Option<Self> {
        Some(match t {
            T::float32_array => Self::F32,
            T::float64_array => Self::F64,
            T::int8_array => Self::I8,
            T::uint8_array => Self::U8,
            T::int16_array => Self::I16,
            T::uint16_array => Self::U16,
            T::int32_array => Self::I32,
            T::uint32_array => Self::U32,
            T::bigint64_array => Self::I64,
            T::biguint64_array => Self::U64,
            _ => return None,
        })
    }

    fn size(self) -> usize {
        match self {
            Self::I8 | Self::U8 => 1,
            Self::I16 | Self::U16 => 2,
            Self::F32 | Self::I32 | Self::U32 => 4,
            Self::F64 | Self::I64 | Self::U64 => 8,
        }
    }
}

const SUPPORTED: &str = "a Float32Array, Float64Array, Int8Array, Uint8Array, Int16Array, \
                         Uint16Array, Int32Array, Uint32Array, BigInt64Array or BigUint64Array";

/// What a Uint16Array's bits mean when they are half-precision floats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Half {
    F16,
    BF16,
}

/// The elements of a typed array's view (its byte offset applied).
#[derive(Debug, Clone, Copy)]
pub(crate) struct View {
    pub kind: Kind,
    ptr: *mut u8,
    pub len: usize,
    /// Set when the elements are half-precision bits (`kind` is then U16).
    half: Option<Half>,
}

// SAFETY: a View is an address and a length; it is only dereferenced through
// the unsafe accessors below, whose callers guarantee the memory is alive
// (pinned by a reference) and not concurrently written by JavaScript.
unsafe impl Send for View {}

impl View {
    /// Reads a typed array's view; `name` is the argument named in errors.
    pub fn from_js(name: &str, value: Unknown<'_>) -> napi::Result<Self> {
        let raw = value.value();
        let mut kind = -1;
        let mut len = 0;
        let mut data = ptr::null_mut();
        // SAFETY: env and value come from the current call's arguments; the
        // call fails (napi_invalid_arg) on anything but a typed array, and
        // null out-pointers are allowed for the buffer and offset.
        let status = unsafe {
            sys::napi_get_typedarray_info(
                raw.env,
                raw.value,
                &mut kind,
                &mut len,
                &mut data,
                ptr::null_mut(),
                ptr::null_mut(),
            )
        };
        if status != sys::Status::napi_ok {
            let got = value.get_type().map_or("unknown".into(), describe);
            return Err(invalid(format!("{name} must be {SUPPORTED}, got {got}")));
        }
        let kind = Kind::from_napi(kind).ok_or_else(|| {
            invalid(format!(
                "{name} must be {SUPPORTED}, got {}",
                other_name(kind)
            ))
        })?;
        if len == 0 || data.is_null() {
            // A detached buffer reports no data; treat it as empty.
            return Ok(Self {
                kind,
                ptr: ptr::NonNull::<f64>::dangling().as_ptr().cast(),
                len: 0,
                half: None,
            });
        }
        if !(data as usize).is_multiple_of(kind.size()) {
            return Err(invalid(format!(
                "{name} is not aligned to its element size"
            )));
        }
        Ok(Self {
            kind,
            ptr: data.cast(),
            len,
            half: None,
        })
    }

    /// The view with its bits read as `half` (when given): only a
    /// Uint16Array holds half-precision bits.
    pub fn half(self, half: Option<Half>) -> napi::Result<Self> {
        match half {
            None => Ok(self),
            Some(_) if self.kind == Kind::U16 => Ok(Self { half, ..self }),
            Some(_) => Err(invalid("half-precision data must be a Uint16Array")),
        }
    }

    fn bytes(&self) -> Range<usize> {
        let start = self.ptr as usize;
        start..start + self.len * self.kind.size()
    }

    pub fn overlaps(&self, other: &Self) -> bool {
        let (a, b) = (self.bytes(), other.bytes());
        !a.is_empty() && !b.is_empty() && a.start < b.end && b.start < a.end
    }

    /// # Safety
    /// The memory must stay alive and unwritten for `'a`.
    pub unsafe fn input<'a>(&self) -> Input<'a> {
        let (p, n) = (self.ptr, self.len);
        // SAFETY: `from_js` checked alignment and read the length from the
        // engine; any bit pattern is a valid number; the caller guarantees
        // liveness and the absence of writers.
        unsafe {
            match self.kind {
                Kind::F32 => Input::F32(std::slice::from_raw_parts(p.cast(), n)),
                Kind::F64 => Input::F64(std::slice::from_raw_parts(p.cast(), n)),
                Kind::I8 => Input::I8(std::slice::from_raw_parts(p.cast(), n)),
                Kind::U8 => Input::U8(std::slice::from_raw_parts(p.cast(), n)),
                Kind::I16 => Input::I16(std::slice::from_raw_parts(p.cast(), n)),
                Kind::U16 => match self.half {
                    // `f16` and `bf16` are `repr(transparent)` over `u16`.
                    Some(Half::F16) => Input::F16(std::slice::from_raw_parts(p.cast(), n)),
                    Some(Half::BF16) => Input::BF16(std::slice::from_raw_parts(p.cast(), n)),
                    None => Input::U16(std::slice::from_raw_parts(p.cast(), n)),
                },
                Kind::I32 => Input::I32(std::slice::from_raw_parts(p.cast(), n)),
                Kind::U32 => Input::U32(std::slice::from_raw_parts(p.cast(), n)),
                Kind::I64 => Input::I64(std::slice::from_raw_parts(p.cast(), n)),
                Kind::U64 => Input::U64(std::slice::from_raw_parts(p.cast(), n)),
            }
        }
    }

    /// `None` for a non-float view.
    ///
    /// # Safety
    /// The memory must stay alive for `'a` and not be accessed through any
    /// other path meanwhile.
    pub unsafe fn output<'a>(&self) -> Option<Output<'a>> {
        let (p, n) = (self.ptr, self.len);
        // SAFETY: as in `input`, plus exclusivity from the caller.
        unsafe {
            match self.kind {
                Kind::F32 => Some(Output::F32(std::slice::from_raw_parts_mut(p.cast(), n))),
                Kind::F64 => Some(Output::F64(std::slice::from_raw_parts_mut(p.cast(), n))),
                _ => None,
            }
        }
    }

    /// Keeps the array (and so its buffer) alive while the view is in use
    /// off the JavaScript thread; dropped back on that thread by napi.
    pub fn pin(&self, value: Unknown<'_>) -> napi::Result<Pin> {
        // SAFETY: `kind` was read from this very value, so each cast
        // matches the value's actual typed-array type.
        unsafe {
            Ok(match self.kind {
                Kind::F32 => Pin::F32(value.cast()?),
                Kind::F64 => Pin::F64(value.cast()?),
                Kind::I8 => Pin::I8(value.cast()?),
                Kind::U8 => Pin::U8(value.cast()?),
                Kind::I16 => Pin::I16(value.cast()?),
                Kind::U16 => Pin::U16(value.cast()?),
                Kind::I32 => Pin::I32(value.cast()?),
                Kind::U32 => Pin::U32(value.cast()?),
                Kind::I64 => Pin::I64(value.cast()?),
                Kind::U64 => Pin::U64(value.cast()?),
            })
        }
    }
}

/// An input argument: one typed array, or several of one element type read
/// end to end (Apache Arrow's chunks).
pub(crate) type Arg<'a> = Either<Vec<Unknown<'a>>, Unknown<'a>>;

/// The typed arrays of an input argument, in order.
fn arrays<'a, 'b>(arg: &'b Arg<'a>) -> &'b [Unknown<'a>] {
    match arg {
        Either::A(spans) => spans,
        Either::B(one) => std::slice::from_ref(one),
    }
}

/// The views of an input argument: one, or its spans, all of one kind.
#[derive(Debug, Clone)]
pub(crate) struct Views(Vec<View>);

impl Views {
    /// Reads an argument's views; `half` applies to each.
    pub fn from_js(name: &str, arg: &Arg<'_>, half: Option<Half>) -> napi::Result<Self> {
        let views = arrays(arg)
            .iter()
            .enumerate()
            .map(|(i, &value)| match arg {
                Either::A(_) => View::from_js(&format!("{name}[{i}]"), value)?.half(half),
                Either::B(_) => View::from_js(name, value)?.half(half),
            })
            .collect::<napi::Result<Vec<_>>>()?;
        if views.iter().any(|v| v.kind != views[0].kind) {
            return Err(invalid(format!(
                "the arrays of {name} must all have one element type"
            )));
        }
        Ok(Self(views))
    }

    pub fn overlaps(&self, other: &View) -> bool {
        self.0.iter().any(|v| v.overlaps(other))
    }

    /// # Safety
    /// As [`View::input`], for every view.
    pub unsafe fn source<'a>(&self) -> napi::Result<Source<'a>> {
        // SAFETY: forwarded to the caller.
        let inputs = self.0.iter().map(|v| unsafe { v.input() }).collect();
        Source::spans(inputs).map_err(|e| invalid(e.to_string()))
    }

    /// References keeping every array of the argument alive.
    pub fn pins(&self, arg: &Arg<'_>) -> napi::Result<Vec<Pin>> {
        self.0
            .iter()
            .zip(arrays(arg))
            .map(|(v, &value)| v.pin(value))
            .collect()
    }
}

/// A strong reference to a typed array; held, never read.
#[allow(dead_code)]
pub(crate) enum Pin {
    F32(Float32Array),
    F64(Float64Array),
    I8(Int8Array),
    U8(Uint8Array),
    I16(Int16Array),
    U16(Uint16Array),
    I32(Int32Array),
    U32(Uint32Array),
    I64(BigInt64Array),
    U64(BigUint64Array),
}

fn describe(t: ValueType) -> String {
    match t {
        ValueType::Object => "another object".into(),
        ValueType::Null => "null".into(),
        ValueType::Undefined => "undefined".into(),
        other => format!("a {}", format!("{other}").to_lowercase()),
    }
}

fn other_name(t: i32) -> &'static str {
    match t {
        T::uint8_clamped_array => "a Uint8ClampedArray",
        11 => "a Float16Array",
        _ => "an unsupported typed array",
    }
}
