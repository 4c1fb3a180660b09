//! `streamBandwidth`: the memory roofline for the benchmarks, built only
//! with the `bench` feature, into the benchmarks' own binary.

use std::panic::{catch_unwind, AssertUnwindSafe};

use hinge_core::{stream, Input, Output};
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;

use crate::error::{internal, invalid};
use crate::pool;
use crate::view::View;

/// The bytes of an input, whatever its element type.
fn bytes<'a>(input: Input<'a>) -> &'a [u8] {
    fn raw<T>(s: &[T]) -> &[u8] {
        // SAFETY: the elements are plain numbers; any byte of them may be
        // read as a u8, and the length covers exactly the slice.
        unsafe { std::slice::from_raw_parts(s.as_ptr().cast(), std::mem::size_of_val(s)) }
    }
    match input {
        Input::F32(s) => raw(s),
        Input::F64(s) => raw(s),
        Input::I8(s) => raw(s),
        Input::U8(s) => raw(s),
        Input::I16(s) => raw(s),
        Input::U16(s) => raw(s),
        Input::I32(s) => raw(s),
        Input::U32(s) => raw(s),
        Input::I64(s) => raw(s),
        Input::U64(s) => raw(s),
        Input::F16(s) => raw(s),
        Input::BF16(s) => raw(s),
    }
}

/// Reads every byte of the typed arrays `reads` once, in place, and (given
/// `write`, a float array) writes every byte of `write` once, all side by
/// side as a loss walks its rows, with the losses' instruction set, split
/// over `threads` threads of the loss pool (1 = the calling thread).
/// Returns a fold of the bits read so the reads cannot be skipped. Timing
/// it over a workload's own buffers gives the roofline of that workload.
#[napi(
    ts_args_type = "reads: ArrayBufferView[], write: Float32Array | Float64Array | null, threads: number"
)]
pub fn stream_bandwidth(
    reads: Vec<Unknown<'_>>,
    write: Option<Unknown<'_>>,
    threads: f64,
) -> napi::Result<u32> {
    let pool = pool::get()?;
    let max = pool.current_num_threads();
    if threads.fract() != 0.0 || !(1.0..=max as f64).contains(&threads) {
        return Err(invalid(format!(
            "threads must be an integer from 1 to {max}, the pool size"
        )));
    }
    let views = reads
        .into_iter()
        .map(|r| View::from_js("reads", r))
        .collect::<napi::Result<Vec<_>>>()?;
    let out = write.map(|w| View::from_js("write", w)).transpose()?;
    if let Some(o) = &out {
        if views.iter().any(|v| v.overlaps(o)) {
            return Err(invalid("write must not overlap a read"));
        }
    }
    // SAFETY: JavaScript is blocked for the whole call and the arguments
    // keep the arrays alive; the reads are only read, and `write`, which
    // overlaps none of them, is only written through this one slice.
    let inputs: Vec<&[u8]> = views.iter().map(|v| bytes(unsafe { v.input() })).collect();
    let output: Option<&mut [u8]> = match &out {
        None => None,
        Some(o) => Some(match unsafe { o.output() } {
            Some(Output::F32(s)) => bytes_mut(s),
            Some(Output::F64(s)) => bytes_mut(s),
            None => return Err(invalid("write must be a Float32Array or Float64Array")),
        }),
    };
    catch_unwind(AssertUnwindSafe(|| {
        stream(&inputs, output, threads as usize, pool)
    }))
    .map_err(internal)
}

/// The bytes of a float output.
fn bytes_mut<T>(s: &mut [T]) -> &mut [u8] {
    // SAFETY: floats have no invalid bit patterns, so any bytes may be
    // written; the length covers exactly the slice.
    unsafe { std::slice::from_raw_parts_mut(s.as_mut_ptr().cast(), std::mem::size_of_val(s)) }
}
