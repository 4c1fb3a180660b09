//! A mask weighs each row as the weights it stands for: `w · (m · scale)`,
//! or `m · scale` alone. Fused, it must give the very bits of those weights
//! passed as sample weights, through per-row and broadcast maps alike.

mod common;

use common::{job, run_f32, run_f64, Rng};
use hinge_core::{Group, Input, Loss, Mask, WeightMap, Weights};

const ROWS: usize = 3001;
const COLS: usize = 5;

fn per_row(rows: usize) -> WeightMap {
    WeightMap::new(vec![Group {
        inner: 1,
        extent: rows,
        stride: 1,
    }])
}

/// Rows of 3 read entry `r / 3`: a mask of shape [rows / 3, 1] on losses [rows / 3, 3].
fn every_third() -> WeightMap {
    WeightMap::new(vec![Group {
        inner: 3,
        extent: ROWS / 3 + 1,
        stride: 1,
    }])
}

#[test]
fn mask_equals_its_weights() {
    let mut rng = Rng::new(11);
    let n = ROWS * COLS;
    let yt: Vec<f32> = (0..n)
        .map(|_| if rng.below(2) == 0 { -1.0 } else { 1.0 })
        .collect();
    let yp: Vec<f32> = (0..n).map(|_| rng.uniform(-2.0, 2.0) as f32).collect();
    let mask: Vec<u8> = (0..ROWS).map(|_| u8::from(rng.below(5) != 0)).collect();
    let w: Vec<f32> = (0..ROWS)
        .map(|i| match i % 97 {
            0 => f32::INFINITY,
            1 => f32::NAN,
            _ => rng.uniform(0.0, 3.0) as f32,
        })
        .collect();
    let scale = 1.25_f32;
    for (map, at) in [
        (per_row(ROWS), (|r| r) as fn(usize) -> usize),
        (every_third(), |r| r / 3),
    ] {
        let alone: Vec<f32> = (0..ROWS).map(|r| f32::from(mask[at(r)]) * scale).collect();
        let both: Vec<f32> = (0..ROWS)
            .map(|r| w[r] * (f32::from(mask[at(r)]) * scale))
            .collect();
        for (weights, expected) in [(None, &alone), (Some(&w), &both)] {
            let base = || {
                job(
                    Loss::Hinge,
                    hinge_core::DType::F32,
                    ROWS,
                    COLS,
                    Input::F32(&yt),
                    Input::F32(&yp),
                )
            };
            let masked = hinge_core::Job {
                weights: weights.map(|w| Weights {
                    data: Input::F32(w).into(),
                    map: per_row(ROWS),
                }),
                mask: Some(Mask {
                    values: Weights {
                        data: Input::U8(&mask).into(),
                        map: map.clone(),
                    },
                    scale: f64::from(scale),
                }),
                ..base()
            };
            let weighted = hinge_core::Job {
                weights: Some(Weights {
                    data: Input::F32(expected).into(),
                    map: per_row(ROWS),
                }),
                ..base()
            };
            let (a, ta) = run_f32(masked);
            let (b, tb) = run_f32(weighted);
            let same = a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "per-row values differ");
            assert_eq!(ta.sum.to_bits(), tb.sum.to_bits());
            assert_eq!(ta.weight_sum.to_bits(), tb.weight_sum.to_bits());
        }
    }
}

#[test]
fn float64_mask_and_validation() {
    let yt = [1.0_f64, -1.0, 1.0, 1.0];
    let yp = [0.5_f64, 0.25, -1.0, 2.0];
    let mask = [1.0_f64, 0.0];
    let base = || {
        job(
            Loss::Hinge,
            hinge_core::DType::F64,
            2,
            2,
            Input::F64(&yt),
            Input::F64(&yp),
        )
    };
    let masked = |map| hinge_core::Job {
        mask: Some(Mask {
            values: Weights {
                data: Input::F64(&mask).into(),
                map,
            },
            scale: 2.0,
        }),
        ..base()
    };
    let (values, totals) = run_f64(masked(per_row(2)));
    let (plain, _) = run_f64(base());
    assert_eq!(values, [plain[0] * 2.0, 0.0]);
    assert_eq!(totals.weight_sum, 2.0);
    // A map reaching past the mask is refused before any row is read.
    let past = WeightMap::new(vec![Group {
        inner: 1,
        extent: 2,
        stride: 2,
    }]);
    assert!(masked(past).validate().is_err());
}
