//! `countMask`: the facade's count of a byte mask, read in place.

use hinge_core::{count_ones, Input};
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;

use crate::error::invalid;
use crate::view::View;

/// How many of the first `n` bytes of `mask` (a Uint8Array) are 1 when
/// each is 0 or 1; otherwise -1 minus the index of the first that is
/// neither.
#[napi(ts_args_type = "mask: Uint8Array, n: number")]
pub fn count_mask(mask: Unknown<'_>, n: f64) -> napi::Result<f64> {
    let view = View::from_js("mask", mask)?;
    // SAFETY: JavaScript is blocked for the whole call and the argument
    // keeps the array alive; it is only read.
    let Input::U8(bytes) = (unsafe { view.input() }) else {
        return Err(invalid("mask must be a Uint8Array"));
    };
    if n.fract() != 0.0 || !(0.0..=bytes.len() as f64).contains(&n) {
        return Err(invalid(format!(
            "n must be an integer from 0 to the mask's length, {}",
            bytes.len()
        )));
    }
    Ok(match count_ones(&bytes[..n as usize]) {
        Ok(ones) => ones as f64,
        Err(i) => -1.0 - i as f64,
    })
}
