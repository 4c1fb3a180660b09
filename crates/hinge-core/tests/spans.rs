//! Inputs cut into spans (Arrow's chunks) give, bit for bit, what the one
//! slice they make gives: per-row values, totals and gradients, wherever the
//! cuts fall (inside rows, at row ends, inside a run of weights or mask
//! entries), in both dtypes, for every loss, on one thread and on several.

mod common;

use common::{pool, Rng};
use hinge_core::{
    DType, Float, Grad, Group, Input, Job, Kink, Labels, Loss, Mask, Output, Source, Totals,
    WeightMap, Weights,
};

/// `values` cut before each position of `cuts` (sorted, repeats and ends
/// allowed: they make empty spans).
fn cut<'a, T>(values: &'a [T], cuts: &[usize], wrap: fn(&'a [T]) -> Input<'a>) -> Source<'a> {
    let mut spans = Vec::new();
    let mut from = 0;
    for &at in cuts.iter().chain([&values.len()]) {
        spans.push(wrap(&values[from..at]));
        from = at;
    }
    Source::spans(spans).unwrap()
}

/// One configuration's inputs, owned; `case` builds its job.
struct Case {
    loss: Loss,
    rows: usize,
    cols: usize,
    /// One-hot or {0,1} labels (or class ids), as f32 and as i8.
    labels: Vec<f32>,
    labels_i8: Vec<i8>,
    preds: Vec<f32>,
    preds_f64: Vec<f64>,
    preds_f16: Vec<half::f16>,
    weights: Vec<f32>,
    mask: Vec<u8>,
}

impl Case {
    fn new(loss: Loss, rows: usize, cols: usize, rng: &mut Rng) -> Self {
        let n = rows * cols;
        let labels: Vec<f32> = if loss == Loss::SparseCategoricalHinge {
            (0..rows).map(|_| rng.below(cols as u64) as f32).collect()
        } else {
            // Binary labels: the {0,1} guess is made, then checked in the pass.
            (0..n).map(|_| rng.below(2) as f32).collect()
        };
        let specials = [f32::NAN, f32::INFINITY, -0.0, 0.0, 1.0];
        let preds: Vec<f32> = (0..n)
            .map(|i| {
                if i % 89 == 7 {
                    specials[i % specials.len()]
                } else {
                    rng.uniform(-2.0, 2.0) as f32
                }
            })
            .collect();
        Self {
            loss,
            rows,
            cols,
            labels_i8: labels.iter().map(|&x| x as i8).collect(),
            preds_f64: preds.iter().map(|&x| f64::from(x) * 1.000_000_1).collect(),
            preds_f16: preds.iter().map(|&x| half::f16::from_f32(x)).collect(),
            labels,
            preds,
            weights: (0..rows).map(|_| rng.uniform(0.0, 2.0) as f32).collect(),
            mask: (0..rows).map(|_| u8::from(rng.below(4) > 0)).collect(),
        }
    }
}

/// Everything a run gives, as bits.
#[derive(Debug, PartialEq)]
struct Outcome {
    values: Vec<u64>,
    grad: Vec<u64>,
    sum: u64,
    weight_sum: u64,
}

/// The inputs of one run; `weights` and `mask` when given.
struct Inputs<'a> {
    y_true: Source<'a>,
    y_pred: Source<'a>,
    weights: Option<Source<'a>>,
    mask: Option<Source<'a>>,
}

/// Runs a job of `inputs`, writing the values and the gradient.
fn run<F: Float + Default>(
    case: &Case,
    dtype: DType,
    threads: usize,
    inputs: Inputs<'_>,
    wrap: fn(&mut [F]) -> Output<'_>,
) -> Outcome {
    let (rows, cols) = (case.rows, case.cols);
    let mut values = vec![F::default(); rows];
    let mut grad = vec![F::default(); rows * cols];
    let per_row = || {
        WeightMap::new(vec![Group {
            inner: 1,
            extent: rows,
            stride: 1,
        }])
    };
    let Inputs {
        y_true,
        y_pred,
        weights,
        mask,
    } = inputs;
    let job = Job {
        loss: case.loss,
        dtype,
        labels: Labels::Auto,
        rows,
        cols,
        y_true,
        y_pred,
        weights: weights.map(|data| Weights {
            data,
            map: per_row(),
        }),
        mask: mask.map(|data| Mask {
            values: Weights {
                data,
                map: per_row(),
            },
            scale: 1.25,
        }),
        out: Some(wrap(&mut values)),
        grad: Some(Grad {
            out: wrap(&mut grad),
            kink: Kink::Half,
            factor: 0.25,
            scale: None,
        }),
    };
    let Totals { sum, weight_sum } =
        hinge_core::run(job.validate().unwrap(), &pool(threads)).unwrap();
    // Every NaN as one: a NaN's sign is not part of the contract.
    let bits = |v: &[F]| -> Vec<u64> {
        v.iter()
            .map(|x| {
                let x = x.to_f64();
                if x.is_nan() {
                    u64::MAX
                } else {
                    x.to_bits()
                }
            })
            .collect()
    };
    Outcome {
        values: bits(&values),
        grad: bits(&grad),
        sum: if sum.is_nan() {
            u64::MAX
        } else {
            sum.to_bits()
        },
        weight_sum: weight_sum.to_bits(),
    }
}

fn f32_out(s: &mut [f32]) -> Output<'_> {
    Output::F32(s)
}

fn f64_out(s: &mut [f64]) -> Output<'_> {
    Output::F64(s)
}

/// The case cut at `label_cuts`, `pred_cuts` and `weight_cuts` against the
/// same data in one slice, for each element type of the predictions, each
/// dtype, with and without weights.
fn check(
    case: &Case,
    label_cuts: &[usize],
    pred_cuts: &[usize],
    weight_cuts: &[usize],
    threads: usize,
) {
    let what = format!(
        "{:?} {}x{} labels {label_cuts:?} preds {pred_cuts:?} weights {weight_cuts:?}",
        case.loss, case.rows, case.cols
    );
    type Wrap<'a, T> = fn(&'a [T]) -> Input<'a>;
    let preds: [(Input<'_>, Source<'_>); 3] = [
        (
            Input::F32(&case.preds),
            cut(&case.preds, pred_cuts, Input::F32 as Wrap<f32>),
        ),
        (
            Input::F64(&case.preds_f64),
            cut(&case.preds_f64, pred_cuts, Input::F64 as Wrap<f64>),
        ),
        (
            Input::F16(&case.preds_f16),
            cut(&case.preds_f16, pred_cuts, Input::F16 as Wrap<half::f16>),
        ),
    ];
    let labels = [
        (
            Input::F32(&case.labels),
            cut(&case.labels, label_cuts, Input::F32 as Wrap<f32>),
        ),
        (
            Input::I8(&case.labels_i8),
            cut(&case.labels_i8, label_cuts, Input::I8 as Wrap<i8>),
        ),
    ];
    let weights = cut(&case.weights, weight_cuts, Input::F32 as Wrap<f32>);
    let mask = cut(&case.mask, weight_cuts, Input::U8 as Wrap<u8>);
    for (one_pred, spans_pred) in &preds {
        for (one_label, spans_label) in &labels {
            for (weighted, masked) in [(false, false), (true, false), (false, true), (true, true)] {
                let inputs = |spans: bool| Inputs {
                    y_true: if spans {
                        spans_label.clone()
                    } else {
                        (*one_label).into()
                    },
                    y_pred: if spans {
                        spans_pred.clone()
                    } else {
                        (*one_pred).into()
                    },
                    weights: weighted.then(|| {
                        if spans {
                            weights.clone()
                        } else {
                            Input::F32(&case.weights).into()
                        }
                    }),
                    mask: masked.then(|| {
                        if spans {
                            mask.clone()
                        } else {
                            Input::U8(&case.mask).into()
                        }
                    }),
                };
                let outcome = |dtype, spans| match dtype {
                    DType::F32 => run::<f32>(case, dtype, threads, inputs(spans), f32_out),
                    DType::F64 => run::<f64>(case, dtype, threads, inputs(spans), f64_out),
                };
                for dtype in [DType::F32, DType::F64] {
                    assert_eq!(
                        outcome(dtype, true),
                        outcome(dtype, false),
                        "{what} {one_pred:?} {dtype:?} weighted {weighted} masked {masked}"
                    );
                }
            }
        }
    }
}

const LOSSES: [Loss; 4] = [
    Loss::Hinge,
    Loss::SquaredHinge,
    Loss::CategoricalHinge,
    Loss::SparseCategoricalHinge,
];

/// Two spans, cut at every position of a small batch.
#[test]
fn a_cut_at_every_position() {
    let mut rng = Rng::new(41);
    for loss in LOSSES {
        let case = Case::new(loss, 7, 3, &mut rng);
        let (n, labels) = (case.preds.len(), case.labels.len());
        for at in 0..=n {
            check(&case, &[at.min(labels)], &[at], &[at.min(case.rows)], 1);
        }
    }
}

/// Many spans at seeded positions, in shapes that take each path of the
/// engine: short rows, rows filling a conversion buffer, rows longer than
/// it, and batches large enough for several blocks on several threads.
#[test]
fn seeded_cuts_in_every_path() {
    let mut rng = Rng::new(97);
    let cuts = |rng: &mut Rng, n: usize, k: usize| {
        let mut c: Vec<usize> = (0..k).map(|_| rng.below(n as u64 + 1) as usize).collect();
        c.sort_unstable();
        c
    };
    for (rows, cols, threads) in [
        (300, 1, 1),
        (61, 4, 1),
        (40, 256, 1),
        (9, 1025, 1),
        (3, 2500, 2),
        (3000, 50, 2),
    ] {
        for loss in LOSSES {
            let case = Case::new(loss, rows, cols, &mut rng);
            for k in [1, 3, 12] {
                let label_cuts = cuts(&mut rng, case.labels.len(), k);
                let pred_cuts = cuts(&mut rng, case.preds.len(), k);
                let weight_cuts = cuts(&mut rng, rows, k);
                check(&case, &label_cuts, &pred_cuts, &weight_cuts, threads);
            }
            // Cuts at row ends, as FixedSizeList chunks fall.
            let ends: Vec<usize> = (1..rows).step_by(rows.div_ceil(5)).collect();
            let per = if loss == Loss::SparseCategoricalHinge {
                1
            } else {
                cols
            };
            let label_ends: Vec<usize> = ends.iter().map(|r| r * per).collect();
            let pred_ends: Vec<usize> = ends.iter().map(|r| r * cols).collect();
            check(&case, &label_ends, &pred_ends, &ends, threads);
        }
    }
}

/// Non-binary labels in a later span are found by the checking pass, which
/// then redoes the job without conversion, as for one slice.
#[test]
fn the_label_check_sees_every_span() {
    let mut rng = Rng::new(5);
    let mut case = Case::new(Loss::Hinge, 50, 2, &mut rng);
    case.labels[0] = 0.0;
    case.labels[97] = 0.5;
    case.labels_i8[97] = 3;
    check(&case, &[10, 96, 98], &[7], &[], 1);
}
