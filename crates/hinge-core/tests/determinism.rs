//! Sums are bit-identical whatever the pool size.

mod common;

use common::{bits, job, pool, Rng};
use hinge_core::{DType, Group, Input, Job, Loss, Output, WeightMap, Weights};

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
                let mut sums = Vec::new();
                let mut outs = Vec::new();
                for p in &pools {
                    let mut out = vec![0.0_f64; rows];
                    let weights = weighted.then(|| Weights {
                        data: Input::F32(&w),
                        map: WeightMap::new(vec![Group {
                            inner: 1,
                            extent: rows,
                            stride: 1,
                        }]),
                    });
                    let mut j = job(loss, dtype, rows, cols, Input::F32(&yt), Input::F32(&yp));
                    j.weights = weights;
                    let j = if dtype == DType::F64 {
                        Job {
                            out: Some(Output::F64(&mut out)),
                            ..j
                        }
                    } else {
                        j
                    };
                    let totals = hinge_core::run(j.validate().unwrap(), p);
                    sums.push(totals.sum);
                    sums.push(totals.weight_sum);
                    outs.push(bits(&out));
                }
                let s = bits(&sums);
                assert_eq!(s[0..2], s[2..4], "{loss:?} {dtype:?} {weighted}");
                assert_eq!(s[0..2], s[4..6], "{loss:?} {dtype:?} {weighted}");
                assert!(outs[0] == outs[1] && outs[0] == outs[2]);
                assert!(sums[0].is_finite() && sums[0] > 0.0);
            }
        }
    }
}
