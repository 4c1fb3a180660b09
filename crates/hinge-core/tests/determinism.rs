//! Per-row values and sums are bit-identical whatever the pool size.

mod common;

use common::{bits, job, pool, Rng};
use hinge_core::{DType, Float, Group, Input, Job, Loss, Output, Totals, WeightMap, Weights};
use rayon::ThreadPool;

/// Runs `job` with an output of its dtype, which starts as NaN so that an
/// unwritten row shows; returns the totals and the rows widened to f64.
fn run(job: Job<'_>, pool: &ThreadPool) -> (Totals, Vec<f64>) {
    match job.dtype {
        DType::F32 => run_into(job, pool, |o| Output::F32(o)),
        DType::F64 => run_into(job, pool, |o| Output::F64(o)),
    }
}

fn run_into<F: Float>(
    job: Job<'_>,
    pool: &ThreadPool,
    output: fn(&mut [F]) -> Output<'_>,
) -> (Totals, Vec<f64>) {
    let mut out = vec![F::NAN; job.rows];
    let job = Job {
        out: Some(output(&mut out)),
        ..job
    };
    let totals = hinge_core::run(job.validate().unwrap(), pool).unwrap();
    (totals, out.iter().map(|x| x.to_f64()).collect())
}

#[test]
fn same_bits_for_1_2_4_threads() {
    let rows = 1_000_000;
    let cols = 3;
    let mut rng = Rng::new(42);
    let yt: Vec<f32> = (0..rows * cols).map(|_| rng.below(2) as f32).collect();
    let yp: Vec<f32> = (0..rows * cols)
        .map(|_| rng.uniform(-2.0, 2.0) as f32)
        .collect();
    let w: Vec<f32> = (0..rows).map(|_| rng.uniform(0.0, 3.0) as f32).collect();
    let pools: Vec<_> = [1, 2, 4].into_iter().map(pool).collect();
    for loss in [Loss::Hinge, Loss::SquaredHinge, Loss::CategoricalHinge] {
        for dtype in [DType::F32, DType::F64] {
            for weighted in [false, true] {
                let what = format!("{loss:?} {dtype:?} weighted {weighted}");
                let mut sums = Vec::new();
                let mut outs = Vec::new();
                for p in &pools {
                    let mut j = job(loss, dtype, rows, cols, Input::F32(&yt), Input::F32(&yp));
                    j.weights = weighted.then(|| Weights {
                        data: Input::F32(&w).into(),
                        map: WeightMap::new(vec![Group {
                            inner: 1,
                            extent: rows,
                            stride: 1,
                        }]),
                    });
                    let (totals, out) = run(j, p);
                    // Every row written, and not all to one value.
                    assert!(out.iter().all(|v| v.is_finite()), "{what}");
                    assert!(out.iter().any(|&v| v != out[0]), "{what}");
                    sums.push(totals.sum);
                    sums.push(totals.weight_sum);
                    outs.push(bits(&out));
                }
                let s = bits(&sums);
                assert_eq!(s[0..2], s[2..4], "{what}");
                assert_eq!(s[0..2], s[4..6], "{what}");
                assert!(outs[0] == outs[1] && outs[0] == outs[2], "{what}");
                assert!(sums[0].is_finite() && sums[0] > 0.0, "{what}");
            }
        }
    }
}
