//! `readBandwidth`: the memory-read roofline for the benchmarks, built only
//! with the `bench` feature, into the benchmarks' own binary.

use std::panic::{catch_unwind, AssertUnwindSafe};

use hinge_core::{read_sum, Floats, Input};
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;

use crate::error::{internal, invalid};
use crate::pool;
use crate::view::View;

/// Reads every element of `data` once, in place, with the losses'
/// instruction set, split over `threads` threads of the loss pool (1 = the
/// calling thread), and returns the sum so the reads cannot be skipped.
/// Timing it gives the memory-read roofline the losses are measured against.
#[napi(ts_args_type = "data: Float32Array | Float64Array, threads: number")]
pub fn read_bandwidth(data: Unknown<'_>, threads: f64) -> napi::Result<f64> {
    let pool = pool::get()?;
    let max = pool.current_num_threads();
    if threads.fract() != 0.0 || !(1.0..=max as f64).contains(&threads) {
        return Err(invalid(format!(
            "threads must be an integer from 1 to {max}, the pool size"
        )));
    }
    let view = View::from_js("data", data)?;
    // SAFETY: JavaScript is blocked for the whole call and the argument
    // keeps the array alive; it is only read.
    let floats = match unsafe { view.input() } {
        Input::F32(s) => Floats::F32(s),
        Input::F64(s) => Floats::F64(s),
        _ => return Err(invalid("data must be a Float32Array or Float64Array")),
    };
    catch_unwind(AssertUnwindSafe(|| {
        read_sum(floats, threads as usize, pool)
    }))
    .map_err(internal)
}
