mod common;

use common::{job, run_f32};
use hinge_core::{DType, Input, Loss};

#[test]
fn nan_prediction_poisons_its_row_only() {
    let yt = [0.0_f32, 1.0, 1.0, 0.0];
    let yp = [f32::NAN, 0.5, 0.5, 0.5];
    for loss in [Loss::Hinge, Loss::SquaredHinge, Loss::CategoricalHinge] {
        let (out, totals) = run_f32(job(
            loss,
            DType::F32,
            2,
            2,
            Input::F32(&yt),
            Input::F32(&yp),
        ));
        assert!(out[0].is_nan(), "{loss:?}");
        assert!(!out[1].is_nan(), "{loss:?}");
        assert!(totals.sum.is_nan());
    }
}

#[test]
fn nan_label_is_not_binary() {
    let yt = [0.0_f32, f32::NAN, 1.0, 0.0];
    let yp = [0.5_f32, 0.5, 0.5, 0.5];
    let (out, _) = run_f32(job(
        Loss::Hinge,
        DType::F32,
        2,
        2,
        Input::F32(&yt),
        Input::F32(&yp),
    ));
    assert!(out[0].is_nan());
    // Not converted: mean(max(1 - [1, 0] * 0.5, 0)) = (0.5 + 1) / 2
    assert_eq!(out[1], 0.75);
}

#[test]
fn infinities() {
    let yt = [1.0_f32, 0.0];
    let yp = [f32::INFINITY, f32::INFINITY];
    let (out, _) = run_f32(job(
        Loss::Hinge,
        DType::F32,
        2,
        1,
        Input::F32(&yt),
        Input::F32(&yp),
    ));
    // 1 - 1*inf = -inf -> 0; 1 - (-1)*inf = inf
    assert_eq!(out, [0.0, f32::INFINITY]);

    let yp = [f32::NEG_INFINITY, 1.0];
    let (out, _) = run_f32(job(
        Loss::CategoricalHinge,
        DType::F32,
        1,
        2,
        Input::F32(&yt),
        Input::F32(&yp),
    ));
    // pos = -inf, neg = max(0*-inf = NaN, ...) = NaN
    assert!(out[0].is_nan());

    let yt = [0.5_f32, 0.5];
    let yp = [f32::NEG_INFINITY, 1.0];
    let (out, _) = run_f32(job(
        Loss::CategoricalHinge,
        DType::F32,
        1,
        2,
        Input::F32(&yt),
        Input::F32(&yp),
    ));
    // pos = -inf, neg = max(-inf, 0.5) = 0.5 -> inf
    assert_eq!(out, [f32::INFINITY]);
}

#[test]
fn squared_hinge_overflows_to_infinity_in_f32_only() {
    let yt = [-1.0_f32];
    let yp = [1e20_f32];
    let (out, _) = run_f32(job(
        Loss::SquaredHinge,
        DType::F32,
        1,
        1,
        Input::F32(&yt),
        Input::F32(&yp),
    ));
    assert_eq!(out, [f32::INFINITY]);
    let (out, _) = common::run_f64(job(
        Loss::SquaredHinge,
        DType::F64,
        1,
        1,
        Input::F32(&yt),
        Input::F32(&yp),
    ));
    assert!(out[0].is_finite());
}
