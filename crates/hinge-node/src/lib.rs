//! Node binding of `hinge-core`: thin argument checking over typed arrays,
//! which are read in place.
#![deny(clippy::all)]

mod bandwidth;
mod call;
mod error;
mod pool;
mod task;
mod view;

use napi::bindgen_prelude::{AsyncTask, Unknown};
use napi_derive::napi;

use crate::call::{Args, Call};
use crate::task::LossTask;

/// Per-row losses and their sums. `kind`: 0 hinge, 1 squared hinge,
/// 2 categorical hinge; `dtype`: 0 float32, 1 float64; `labels` (hinge and
/// squared hinge): 0 Keras' {0,1} rule over this call, 1 always convert,
/// 2 never convert. Writes `out` (per-row values, when given) and
/// `result[0] = sum`, `result[1] = weight sum`.
#[napi(
    ts_args_type = "kind: number, dtype: number, labels: number, rows: number, cols: number, yTrue: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array, yPred: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array, weights: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | null, weightMap: Float64Array | null, out: Float32Array | Float64Array | null, result: Float64Array"
)]
#[allow(clippy::too_many_arguments)]
pub fn loss_sync(
    kind: Unknown<'_>,
    dtype: Unknown<'_>,
    labels: Unknown<'_>,
    rows: Unknown<'_>,
    cols: Unknown<'_>,
    y_true: Unknown<'_>,
    y_pred: Unknown<'_>,
    weights: Option<Unknown<'_>>,
    weight_map: Option<Unknown<'_>>,
    out: Option<Unknown<'_>>,
    result: Unknown<'_>,
) -> napi::Result<()> {
    let args = Args {
        kind,
        dtype,
        labels,
        rows,
        cols,
        y_true,
        y_pred,
        weights,
        weight_map,
        out,
        result,
    };
    let pool = pool::get()?;
    let call = Call::parse(&args)?;
    // SAFETY: JavaScript is blocked for the whole call, the arguments keep
    // the arrays alive, and `parse` ruled out `out` aliasing an input.
    let totals = unsafe { call.compute(pool) }?;
    // SAFETY: as above; the job's borrows ended with `compute`.
    unsafe { call.write_result(totals) };
    Ok(())
}

/// As `lossSync`, computed off the JavaScript thread. Argument errors throw
/// synchronously; the arrays must not be written, transferred or detached
/// until the promise settles.
#[napi(
    ts_args_type = "kind: number, dtype: number, labels: number, rows: number, cols: number, yTrue: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array, yPred: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array, weights: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | null, weightMap: Float64Array | null, out: Float32Array | Float64Array | null, result: Float64Array",
    ts_return_type = "Promise<void>"
)]
#[allow(clippy::too_many_arguments)]
pub fn loss_async(
    kind: Unknown<'_>,
    dtype: Unknown<'_>,
    labels: Unknown<'_>,
    rows: Unknown<'_>,
    cols: Unknown<'_>,
    y_true: Unknown<'_>,
    y_pred: Unknown<'_>,
    weights: Option<Unknown<'_>>,
    weight_map: Option<Unknown<'_>>,
    out: Option<Unknown<'_>>,
    result: Unknown<'_>,
) -> napi::Result<AsyncTask<LossTask>> {
    let args = Args {
        kind,
        dtype,
        labels,
        rows,
        cols,
        y_true,
        y_pred,
        weights,
        weight_map,
        out,
        result,
    };
    pool::get_async()?;
    let call = Call::parse(&args)?;
    let pins = call.pins(&args)?;
    Ok(AsyncTask::new(LossTask::new(call, pins)))
}

/// Size of the native thread pool (HINGE_LOSSES_NUM_THREADS, default the
/// available cores).
#[napi]
pub fn thread_count() -> napi::Result<u32> {
    Ok(pool::get()?.current_num_threads() as u32)
}

/// Benchmark aid, not part of the loss API: reads every element of `data`
/// once, in place, with the losses' instruction set, split over `threads`
/// threads of the loss pool (1 = the calling thread), and returns the sum so
/// the reads cannot be skipped. Timing it gives the memory-read roofline
/// the losses are measured against.
#[napi(ts_args_type = "data: Float32Array | Float64Array, threads: number")]
pub fn read_bandwidth(data: Unknown<'_>, threads: Unknown<'_>) -> napi::Result<f64> {
    bandwidth::read(data, threads)
}

/// The instruction set the kernels use on this CPU (`avx2`, `sse2` or
/// `scalar`), for benchmark reports.
#[napi]
pub fn instruction_set() -> &'static str {
    hinge_core::instruction_set()
}
