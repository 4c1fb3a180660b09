//! Keras' formulas written out element by element in `f64`, each element-wise
//! step rounded to the compute dtype (rounding an `f64` result of `+ - *` on
//! `f32` operands to `f32` is the correctly rounded `f32` result), sums left
//! to [`interval::sum`] because their order is the kernel's to choose.

use hinge_core::{DType, Labels, Loss};

use crate::data::Data;
use crate::interval::{sum, Iv};

/// What a correct `hinge_core::run` writes and returns for a valid job.
pub struct Expected {
    pub rows: Vec<Iv>,
    pub sum: Iv,
    pub weight_sum: Iv,
}

pub struct Spec<'a> {
    pub loss: Loss,
    pub dtype: DType,
    pub labels: Labels,
    pub rows: usize,
    pub cols: usize,
    pub y_true: &'a Data,
    pub y_pred: &'a Data,
    /// The weights and the weight index of every row.
    pub weights: Option<(&'a Data, Vec<usize>)>,
}

fn rounding(dtype: DType) -> fn(f64) -> f64 {
    match dtype {
        DType::F32 => |x| x as f32 as f64,
        DType::F64 => |x| x,
    }
}

/// NumPy's `maximum(x, 0)`: NaN stays NaN.
fn relu(x: f64) -> f64 {
    if x.is_nan() || x > 0.0 {
        x
    } else {
        0.0
    }
}

pub fn expected(s: &Spec<'_>) -> Expected {
    let r = rounding(s.dtype);
    let t: Vec<f64> = (0..s.rows * s.cols).map(|i| r(s.y_true.value(i))).collect();
    let p: Vec<f64> = (0..s.rows * s.cols).map(|i| r(s.y_pred.value(i))).collect();
    let convert = match s.labels {
        Labels::Auto => t.iter().all(|&v| v == 0.0 || v == 1.0),
        Labels::Convert => true,
        Labels::Keep => false,
    };
    let mut rows = Vec::with_capacity(s.rows);
    let mut weights = Vec::new();
    for row in 0..s.rows {
        let span = row * s.cols..(row + 1) * s.cols;
        let (ts, ps) = (&t[span.clone()], &p[span]);
        let loss = match s.loss {
            Loss::Hinge => hinge_row(ts, ps, convert, false, r),
            Loss::SquaredHinge => hinge_row(ts, ps, convert, true, r),
            Loss::CategoricalHinge => categorical_row(ts, ps, r),
            Loss::SparseCategoricalHinge => unreachable!("the fuzz cases hold one-hot rows"),
        };
        rows.push(match &s.weights {
            Some((data, index)) => {
                let w = r(data.value(index[row]));
                weights.push(Iv::point(w));
                loss.map(|x| r(x * w))
            }
            None => loss,
        });
    }
    Expected {
        sum: sum(&rows),
        weight_sum: match s.weights {
            Some(_) => sum(&weights),
            None => Iv::point(s.rows as f64),
        },
        rows,
    }
}

fn hinge_row(t: &[f64], p: &[f64], convert: bool, squared: bool, r: fn(f64) -> f64) -> Iv {
    let terms: Vec<Iv> = t
        .iter()
        .zip(p)
        .map(|(&y, &x)| {
            let y = if convert { r(r(2.0 * y) - 1.0) } else { y };
            let h = relu(r(1.0 - r(y * x)));
            Iv::point(if squared { r(h * h) } else { h })
        })
        .collect();
    let cols = t.len() as f64;
    sum(&terms).map(|s| r(s / cols))
}

fn categorical_row(t: &[f64], p: &[f64], r: fn(f64) -> f64) -> Iv {
    let pos = sum(&t
        .iter()
        .zip(p)
        .map(|(&y, &x)| Iv::point(r(y * x)))
        .collect::<Vec<_>>())
    .map(r);
    // NumPy's max over every class, the true one included: NaN anywhere wins.
    let neg = t.iter().zip(p).fold(f64::NEG_INFINITY, |m, (&y, &x)| {
        let v = r(r(1.0 - y) * x);
        if m.is_nan() || v.is_nan() {
            f64::NAN
        } else {
            m.max(v)
        }
    });
    pos.map(|x| relu(r(r(neg - x) + 1.0)))
}
