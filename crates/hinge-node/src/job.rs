//! The job object of `lossSync` and `lossAsync` (src/job.ts builds it),
//! converted once into the core's validated job.
//!
//! The facade validated every argument already. The checks here are the
//! binding's safety checks, not input validation: whatever a JavaScript
//! caller passes, nothing is read past an array, misaligned, or written
//! while it is also read.

use hinge_core::{Group, Labels, Loss, Mask as CoreMask, ValidJob, WeightMap, Weights};
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;

use crate::error::invalid;
use crate::view::{Arg, Kind, Pin, View, Views};

/// Largest integer a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// The loss, as Keras names it.
#[napi(string_enum = "snake_case")]
pub enum LossKind {
    Hinge,
    SquaredHinge,
    CategoricalHinge,
    /// Categorical hinge with class ids for labels.
    SparseCategoricalHinge,
}

/// What the bits of a `Uint16Array` mean when they are half-precision floats.
#[napi(string_enum = "lowercase")]
pub enum Half {
    Float16,
    Bfloat16,
}

/// The subgradient of `max(x, 0)` at `x = 0`: 1, 1/2 or 0.
#[napi(string_enum = "lowercase")]
pub enum Kink {
    Full,
    Half,
    Zero,
}

/// The gradient with respect to `yPred` to write beside the values: each
/// row's scale is `factor` times its weight times its `scale` entry.
#[napi(object, object_to_js = false, use_nullable = true)]
pub struct Grad<'a> {
    #[napi(ts_type = "Float32Array | Float64Array")]
    pub out: Unknown<'a>,
    pub kink: Kink,
    pub factor: f64,
    #[napi(ts_type = "Float64Array")]
    pub scale: Option<Unknown<'a>>,
}

/// A mask weighting each row: its entries (0 or 1) read through `map` as
/// the weights are, times `scale`.
#[napi(object, object_to_js = false)]
pub struct Mask<'a> {
    #[napi(ts_type = "Job['yTrue']")]
    pub data: Arg<'a>,
    #[napi(ts_type = "Float64Array")]
    pub map: Unknown<'a>,
    pub scale: f64,
}

/// The compute dtype.
#[napi(string_enum)]
pub enum DType {
    #[napi(value = "float32")]
    F32,
    #[napi(value = "float64")]
    F64,
}

/// Hinge and squared hinge: `auto` applies Keras' {0,1} rule to this job's
/// labels; `convert` and `keep` force the decision.
#[napi(string_enum = "lowercase")]
pub enum LabelMode {
    Auto,
    Convert,
    Keep,
}

/// One fused pass over `rows x cols` row-major inputs: per-row losses,
/// optionally weighted (weights read through `weightMap`'s [inner, extent,
/// stride] triples) and written to `out`, then summed.
///
/// `yTrue`, `yPred` and `weights` are each a typed array, or an array of
/// typed arrays of one type read end to end as one (Apache Arrow's chunks,
/// never joined).
///
/// The arrays are read as one JavaScript object's fields (and those
/// arrays' elements), all before any of them is looked at, so a getter
/// cannot detach one already read.
#[napi(object, object_to_js = false, use_nullable = true)]
pub struct Job<'a> {
    pub kind: LossKind,
    pub dtype: DType,
    pub labels: LabelMode,
    pub rows: f64,
    pub cols: f64,
    #[napi(
        ts_type = "Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | ReadonlyArray<Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array>"
    )]
    pub y_true: Arg<'a>,
    #[napi(ts_type = "Job['yTrue']")]
    pub y_pred: Arg<'a>,
    #[napi(ts_type = "Job['yTrue']")]
    pub weights: Option<Arg<'a>>,
    #[napi(ts_type = "Float64Array")]
    pub weight_map: Option<Unknown<'a>>,
    #[napi(ts_type = "Float32Array | Float64Array")]
    pub out: Option<Unknown<'a>>,
    /// Half-precision bits in `yTrue`, `yPred` or `weights` (Uint16Arrays then).
    pub y_true_half: Option<Half>,
    pub y_pred_half: Option<Half>,
    pub weights_half: Option<Half>,
    pub mask: Option<Mask<'a>>,
    pub grad: Option<Grad<'a>>,
}

/// A job's arrays as views, with the safety checks made.
pub(crate) struct Arrays {
    y_true: Views,
    y_pred: Views,
    weights: Option<Views>,
    map: WeightMap,
    mask: Option<(Views, WeightMap)>,
    out: Option<View>,
    grad: Option<(View, Option<View>)>,
}

impl Arrays {
    pub fn read(job: &Job<'_>) -> napi::Result<Self> {
        let y_true = Views::from_js("yTrue", &job.y_true, job.y_true_half.as_ref().map(half))?;
        let y_pred = Views::from_js("yPred", &job.y_pred, job.y_pred_half.as_ref().map(half))?;
        let weights = job
            .weights
            .as_ref()
            .map(|w| Views::from_js("weights", w, job.weights_half.as_ref().map(half)))
            .transpose()?;
        let map = match (&weights, job.weight_map) {
            (Some(_), Some(m)) => weight_map(View::from_js("weightMap", m)?)?,
            _ => WeightMap::scalar(),
        };
        let mask = job
            .mask
            .as_ref()
            .map(|m| {
                let data = Views::from_js("mask", &m.data, None)?;
                Ok::<_, napi::Error>((data, weight_map(View::from_js("mask.map", m.map)?)?))
            })
            .transpose()?;
        let out = job.out.map(|o| View::from_js("out", o)).transpose()?;
        if let Some(o) = &out {
            if !matches!(o.kind, Kind::F32 | Kind::F64) {
                return Err(invalid("out must be a Float32Array or Float64Array"));
            }
            let inputs = [
                Some(&y_true),
                Some(&y_pred),
                weights.as_ref(),
                mask.as_ref().map(|m| &m.0),
            ];
            if inputs.into_iter().flatten().any(|i| i.overlaps(o)) {
                return Err(invalid(
                    "out must not share memory with yTrue, yPred, weights or mask",
                ));
            }
        }
        let grad = match &job.grad {
            None => None,
            Some(g) => {
                let o = View::from_js("grad.out", g.out)?;
                if !matches!(o.kind, Kind::F32 | Kind::F64) {
                    return Err(invalid("grad.out must be a Float32Array or Float64Array"));
                }
                let scale = g
                    .scale
                    .map(|s| View::from_js("grad.scale", s))
                    .transpose()?;
                if scale.is_some_and(|s| s.kind != Kind::F64) {
                    return Err(invalid("grad.scale must be a Float64Array"));
                }
                let inputs = [
                    Some(&y_true),
                    Some(&y_pred),
                    weights.as_ref(),
                    mask.as_ref().map(|m| &m.0),
                ];
                let outputs = [out.as_ref(), scale.as_ref()];
                if inputs.into_iter().flatten().any(|i| i.overlaps(&o))
                    || outputs.into_iter().flatten().any(|i| i.overlaps(&o))
                {
                    return Err(invalid(
                        "grad.out must not share memory with another array of the job",
                    ));
                }
                Some((o, scale))
            }
        };
        Ok(Self {
            y_true,
            y_pred,
            weights,
            map,
            mask,
            out,
            grad,
        })
    }

    /// The core's job, built and validated once.
    ///
    /// # Safety
    /// The arrays must stay alive for `'b`, and not be written by anyone else
    /// meanwhile (`read` ruled out `out` aliasing an input).
    pub unsafe fn job<'b>(self, job: &Job<'_>) -> napi::Result<ValidJob<'b>> {
        // SAFETY: forwarded to the caller.
        let core = unsafe {
            hinge_core::Job {
                loss: match job.kind {
                    LossKind::Hinge => Loss::Hinge,
                    LossKind::SquaredHinge => Loss::SquaredHinge,
                    LossKind::CategoricalHinge => Loss::CategoricalHinge,
                    LossKind::SparseCategoricalHinge => Loss::SparseCategoricalHinge,
                },
                dtype: match job.dtype {
                    DType::F32 => hinge_core::DType::F32,
                    DType::F64 => hinge_core::DType::F64,
                },
                labels: match job.labels {
                    LabelMode::Auto => Labels::Auto,
                    LabelMode::Convert => Labels::Convert,
                    LabelMode::Keep => Labels::Keep,
                },
                rows: count("rows", job.rows)?,
                cols: count("cols", job.cols)?,
                y_true: self.y_true.source()?,
                y_pred: self.y_pred.source()?,
                weights: match &self.weights {
                    Some(w) => Some(Weights {
                        data: w.source()?,
                        map: self.map,
                    }),
                    None => None,
                },
                mask: match (self.mask, &job.mask) {
                    (Some((data, map)), Some(m)) => Some(CoreMask {
                        values: Weights {
                            data: data.source()?,
                            map,
                        },
                        scale: m.scale,
                    }),
                    _ => None,
                },
                out: self.out.and_then(|o| o.output()),
                grad: match (self.grad, &job.grad) {
                    (Some((out, scale)), Some(g)) => Some(hinge_core::Grad {
                        out: out
                            .output()
                            .ok_or_else(|| invalid("grad.out must be a float array"))?,
                        kink: match g.kink {
                            Kink::Full => hinge_core::Kink::Full,
                            Kink::Half => hinge_core::Kink::Half,
                            Kink::Zero => hinge_core::Kink::Zero,
                        },
                        factor: g.factor,
                        scale: scale.and_then(|s| match s.input() {
                            hinge_core::Input::F64(s) => Some(s),
                            _ => None,
                        }),
                    }),
                    _ => None,
                },
            }
        };
        core.validate().map_err(|e| invalid(e.to_string()))
    }

    /// References keeping every array alive until an async call settles.
    pub fn pins(&self, job: &Job<'_>) -> napi::Result<Vec<Pin>> {
        let mut pins = self.y_true.pins(&job.y_true)?;
        pins.extend(self.y_pred.pins(&job.y_pred)?);
        if let (Some(v), Some(w)) = (&self.weights, &job.weights) {
            pins.extend(v.pins(w)?);
        }
        if let (Some((v, _)), Some(m)) = (&self.mask, &job.mask) {
            pins.extend(v.pins(&m.data)?);
        }
        if let (Some(v), Some(o)) = (&self.out, job.out) {
            pins.push(v.pin(o)?);
        }
        if let (Some((out, scale)), Some(g)) = (&self.grad, &job.grad) {
            pins.push(out.pin(g.out)?);
            if let (Some(v), Some(s)) = (scale, g.scale) {
                pins.push(v.pin(s)?);
            }
        }
        Ok(pins)
    }
}

fn half(h: &Half) -> crate::view::Half {
    match h {
        Half::Float16 => crate::view::Half::F16,
        Half::Bfloat16 => crate::view::Half::BF16,
    }
}

/// A JS number as a count: a non-negative safe integer.
fn count(name: &str, x: f64) -> napi::Result<usize> {
    if x.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&x) {
        Ok(x as usize)
    } else {
        Err(invalid(format!(
            "{name} must be an integer from 0 to {MAX_SAFE}, got {x}"
        )))
    }
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
    let groups = data
        .chunks_exact(3)
        .map(|t| {
            Ok(Group {
                inner: count("weightMap entries", t[0])?,
                extent: count("weightMap entries", t[1])?,
                stride: count("weightMap entries", t[2])?,
            })
        })
        .collect::<napi::Result<Vec<_>>>()?;
    Ok(WeightMap::new(groups))
}
