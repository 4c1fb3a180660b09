//! Values from Keras 3.6 for y_true [[0,1],[0,0]], y_pred [[0.6,0.4],[0.4,0.6]].

mod common;

use common::{job, run_f32, run_f64};
use hinge_core::{DType, Group, Input, Job, Loss, WeightMap, Weights};

const YT: [f32; 4] = [0.0, 1.0, 0.0, 0.0];
const YP: [f32; 4] = [0.6, 0.4, 0.4, 0.6];

fn f32_job(loss: Loss) -> Job<'static> {
    job(loss, DType::F32, 2, 2, Input::F32(&YT), Input::F32(&YP))
}

#[test]
fn per_sample_f32() {
    for (loss, want) in [
        (Loss::Hinge, [1.1_f32, 1.5]),
        (Loss::SquaredHinge, [1.46, 2.26]),
        (Loss::CategoricalHinge, [1.2, 1.6]),
    ] {
        let (out, totals) = run_f32(f32_job(loss));
        assert_eq!(out, want, "{loss:?}");
        assert_eq!(totals.sum, want[0] as f64 + want[1] as f64);
        assert_eq!(totals.weight_sum, 2.0);
    }
}

#[test]
fn per_sample_f64() {
    let yp: Vec<f64> = [0.6, 0.4, 0.4, 0.6].to_vec();
    for (loss, want) in [
        (Loss::Hinge, [1.1_f64, 1.5]),
        (Loss::SquaredHinge, [1.46, 2.26]),
        (Loss::CategoricalHinge, [1.2, 1.6]),
    ] {
        let j = job(loss, DType::F64, 2, 2, Input::F32(&YT), Input::F64(&yp));
        let (out, _) = run_f64(j);
        for (o, w) in out.iter().zip(want) {
            assert!((o - w).abs() < 1e-15, "{loss:?}: {o} vs {w}");
        }
    }
}

#[test]
fn weighted_sum() {
    let w = [1.0_f32, 0.0];
    let map = WeightMap::new(vec![Group {
        inner: 1,
        extent: 2,
        stride: 1,
    }]);
    let j = Job {
        weights: Some(Weights {
            data: Input::F32(&w).into(),
            map,
        }),
        ..f32_job(Loss::Hinge)
    };
    let (out, totals) = run_f32(j);
    assert_eq!(out, [1.1, 0.0]);
    assert_eq!(totals.sum, 1.1_f32 as f64);
    assert_eq!(totals.weight_sum, 1.0);
}

#[test]
fn scalar_weight_and_no_output() {
    let w = [0.5_f64];
    let j = Job {
        weights: Some(Weights {
            data: Input::F64(&w).into(),
            map: WeightMap::scalar(),
        }),
        ..f32_job(Loss::CategoricalHinge)
    };
    let totals = hinge_core::run(j.validate().unwrap(), &common::pool(1)).unwrap();
    assert_eq!(totals.sum, 0.6_f32 as f64 + 0.8_f32 as f64);
    assert_eq!(totals.weight_sum, 1.0);
}

#[test]
fn broadcast_weights() {
    // losses of shape [2, 3] (6 rows of 1 col), weights of shape [3]
    let yt = [1.0_f32; 6];
    let yp = [0.0_f32, 0.5, 1.0, 2.0, -1.0, 0.25];
    let w = [1_u8, 2, 3];
    let map = WeightMap::new(vec![
        Group {
            inner: 3,
            extent: 2,
            stride: 0,
        },
        Group {
            inner: 1,
            extent: 3,
            stride: 1,
        },
    ]);
    let j = Job {
        weights: Some(Weights {
            data: Input::U8(&w).into(),
            map,
        }),
        ..job(
            Loss::Hinge,
            DType::F32,
            6,
            1,
            Input::F32(&yt),
            Input::F32(&yp),
        )
    };
    let (out, totals) = run_f32(j);
    assert_eq!(out, [1.0, 1.0, 0.0, 0.0, 4.0, 2.25]);
    assert_eq!(totals.sum, 8.25);
    assert_eq!(totals.weight_sum, 12.0);
}

#[test]
fn empty_batch() {
    let j = job(
        Loss::Hinge,
        DType::F32,
        0,
        0,
        Input::F32(&[]),
        Input::U8(&[]),
    );
    let (out, totals) = run_f32(j);
    assert!(out.is_empty());
    assert_eq!((totals.sum, totals.weight_sum), (0.0, 0.0));
}
