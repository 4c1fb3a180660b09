//! One loss call's arguments, checked and turned into a `hinge_core::Job`.

use std::panic::{catch_unwind, AssertUnwindSafe};

use hinge_core::{DType, Group, Job, Labels, Loss, Totals, WeightMap, Weights};
use napi::bindgen_prelude::Unknown;
use rayon::ThreadPool;

use crate::error::{internal, invalid};
use crate::view::{Kind, Pin, View};

/// Largest integer a JS number holds exactly.
pub(crate) const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// The raw JS arguments, in call order.
pub(crate) struct Args<'a> {
    pub kind: Unknown<'a>,
    pub dtype: Unknown<'a>,
    pub labels: Unknown<'a>,
    pub rows: Unknown<'a>,
    pub cols: Unknown<'a>,
    pub y_true: Unknown<'a>,
    pub y_pred: Unknown<'a>,
    pub weights: Option<Unknown<'a>>,
    pub weight_map: Option<Unknown<'a>>,
    pub out: Option<Unknown<'a>>,
    pub result: Unknown<'a>,
}

pub(crate) struct Call {
    loss: Loss,
    dtype: DType,
    labels: Labels,
    rows: usize,
    cols: usize,
    y_true: View,
    y_pred: View,
    weights: Option<View>,
    map: WeightMap,
    out: Option<View>,
    result: View,
}

impl Call {
    /// Checks every argument; nothing is read past a view or written.
    pub fn parse(a: &Args<'_>) -> napi::Result<Self> {
        let loss = match integer("kind", a.kind, 2.0)? {
            0 => Loss::Hinge,
            1 => Loss::SquaredHinge,
            _ => Loss::CategoricalHinge,
        };
        let dtype = match integer("dtype", a.dtype, 1.0)? {
            0 => DType::F32,
            _ => DType::F64,
        };
        let labels = match integer("labels", a.labels, 2.0)? {
            0 => Labels::Auto,
            1 => Labels::Convert,
            _ => Labels::Keep,
        };
        let rows = integer("rows", a.rows, MAX_SAFE)?;
        let cols = integer("cols", a.cols, MAX_SAFE)?;
        let y_true = View::from_js("yTrue", a.y_true)?;
        let y_pred = View::from_js("yPred", a.y_pred)?;
        let weights = a.weights.map(|w| View::from_js("weights", w)).transpose()?;
        let map = match (a.weight_map, weights) {
            (None, _) => WeightMap::scalar(),
            (Some(_), None) => {
                return Err(invalid("weightMap must be null when weights is null"));
            }
            (Some(m), Some(_)) => weight_map(View::from_js("weightMap", m)?)?,
        };
        let out = a.out.map(|o| View::from_js("out", o)).transpose()?;
        if let Some(o) = &out {
            if !matches!(o.kind, Kind::F32 | Kind::F64) {
                return Err(invalid("out must be a Float32Array or Float64Array"));
            }
            let inputs = [Some(&y_true), Some(&y_pred), weights.as_ref()];
            if inputs.into_iter().flatten().any(|i| i.overlaps(o)) {
                return Err(invalid(
                    "out must not share memory with yTrue, yPred or weights",
                ));
            }
        }
        let result = View::from_js("result", a.result)?;
        if result.kind != Kind::F64 || result.len < 2 {
            return Err(invalid("result must be a Float64Array of length >= 2"));
        }
        if out.is_some_and(|o| o.overlaps(&result)) {
            return Err(invalid("result must not share memory with out"));
        }
        let call = Self {
            loss,
            dtype,
            labels,
            rows,
            cols,
            y_true,
            y_pred,
            weights,
            map,
            out,
            result,
        };
        // SAFETY: on the JS thread during the call, the arrays are alive and
        // nothing else runs; validation only reads lengths.
        unsafe { call.job() }
            .validate()
            .map_err(|e| invalid(e.to_string()))?;
        Ok(call)
    }

    /// References keeping every array alive until an async call settles.
    pub fn pins(&self, a: &Args<'_>) -> napi::Result<Vec<Pin>> {
        let mut pins = vec![self.y_true.pin(a.y_true)?, self.y_pred.pin(a.y_pred)?];
        if let (Some(v), Some(w)) = (&self.weights, a.weights) {
            pins.push(v.pin(w)?);
        }
        if let (Some(v), Some(o)) = (&self.out, a.out) {
            pins.push(v.pin(o)?);
        }
        pins.push(self.result.pin(a.result)?);
        Ok(pins)
    }

    /// # Safety
    /// The arrays must be alive, and not written by anyone else, while the
    /// job exists (`parse` ruled out `out` aliasing an input).
    unsafe fn job(&self) -> Job<'_> {
        // SAFETY: forwarded to the caller.
        unsafe {
            Job {
                loss: self.loss,
                dtype: self.dtype,
                labels: self.labels,
                rows: self.rows,
                cols: self.cols,
                y_true: self.y_true.input(),
                y_pred: self.y_pred.input(),
                weights: self.weights.map(|w| Weights {
                    data: w.input(),
                    map: self.map.clone(),
                }),
                out: self.out.and_then(|o| o.output()),
            }
        }
    }

    /// Computes, turning a panic into an error.
    ///
    /// # Safety
    /// As [`Call::job`], for the duration of the call.
    pub unsafe fn compute(&self, pool: &ThreadPool) -> napi::Result<Totals> {
        // SAFETY: forwarded to the caller.
        let job = unsafe { self.job() };
        catch_unwind(AssertUnwindSafe(|| hinge_core::run(job, pool)))
            .map_err(internal)?
            .map_err(|e| invalid(e.to_string()))
    }

    /// # Safety
    /// The result array must be alive and not accessed by anyone else.
    pub unsafe fn write_result(&self, totals: Totals) {
        // SAFETY: `parse` checked a Float64Array of >= 2 elements; the
        // caller guarantees liveness and exclusivity.
        if let Some(hinge_core::Output::F64(r)) = unsafe { self.result.output() } {
            r[0] = totals.sum;
            r[1] = totals.weight_sum;
        }
    }
}

pub(crate) fn integer(name: &str, v: Unknown<'_>, max: f64) -> napi::Result<usize> {
    // SAFETY: `f64::from_napi_value` checks the type itself and fails on
    // anything but a number.
    let x = unsafe { v.cast::<f64>() }.map_err(|_| invalid(format!("{name} must be a number")))?;
    if x.fract() != 0.0 || !(0.0..=max).contains(&x) {
        return Err(invalid(format!(
            "{name} must be an integer from 0 to {max}, got {x}"
        )));
    }
    Ok(x as usize)
}

fn weight_map(view: View) -> napi::Result<WeightMap> {
    if view.kind != Kind::F64 || !view.len.is_multiple_of(3) {
        return Err(invalid(
            "weightMap must be a Float64Array of [inner, extent, stride] triples",
        ));
    }
    // SAFETY: on the JS thread during the call; copied before returning.
    let hinge_core::Input::F64(data) = (unsafe { view.input() }) else {
        return Err(invalid("weightMap must be a Float64Array"));
    };
    let field = |x: f64| -> napi::Result<usize> {
        if x.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&x) {
            Ok(x as usize)
        } else {
            Err(invalid(format!(
                "weightMap entries must be non-negative safe integers, got {x}"
            )))
        }
    };
    let groups = data
        .chunks_exact(3)
        .map(|t| {
            Ok(Group {
                inner: field(t[0])?,
                extent: field(t[1])?,
                stride: field(t[2])?,
            })
        })
        .collect::<napi::Result<Vec<_>>>()?;
    Ok(WeightMap::new(groups))
}
