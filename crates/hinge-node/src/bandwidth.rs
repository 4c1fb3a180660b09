//! `readBandwidth`: the memory-read roofline for the benchmarks.

use std::panic::{catch_unwind, AssertUnwindSafe};

use hinge_core::{read_sum, Floats, Input};
use napi::bindgen_prelude::Unknown;

use crate::call::{integer, MAX_SAFE};
use crate::error::{internal, invalid};
use crate::pool;
use crate::view::View;

pub(crate) fn read(data: Unknown<'_>, threads: Unknown<'_>) -> napi::Result<f64> {
    let pool = pool::get()?;
    let max = pool.current_num_threads();
    let threads = integer("threads", threads, MAX_SAFE)
        .ok()
        .filter(|t| (1..=max).contains(t))
        .ok_or_else(|| {
            invalid(format!(
                "threads must be an integer from 1 to {max}, the pool size"
            ))
        })?;
    let view = View::from_js("data", data)?;
    // SAFETY: JavaScript is blocked for the whole call and the argument
    // keeps the array alive; it is only read.
    let floats = match unsafe { view.input() } {
        Input::F32(s) => Floats::F32(s),
        Input::F64(s) => Floats::F64(s),
        _ => return Err(invalid("data must be a Float32Array or Float64Array")),
    };
    catch_unwind(AssertUnwindSafe(|| read_sum(floats, threads, pool))).map_err(internal)
}
