//! The {0,1} decision is made over the whole tensor; a wrong first guess must
//! be redone, in both the sequential and the parallel paths.

mod common;

use common::{job, pool, reference, run_f32, Rng};
use hinge_core::{DType, Input, Job, Loss, Output};

#[test]
fn wrong_guess_small() {
    for late in [-1.0_f32, 0.5] {
        let yt = [0.0_f32, 1.0, 0.0, late];
        let yp = [0.6_f32, 0.4, 0.4, 0.6];
        for loss in [Loss::Hinge, Loss::SquaredHinge] {
            let (out, _) = run_f32(job(
                loss,
                DType::F32,
                2,
                2,
                Input::F32(&yt),
                Input::F32(&yp),
            ));
            assert_eq!(out, reference(loss, &yt, &yp, 2), "{loss:?} {late}");
        }
    }
    // Unconverted hinge of row 0: mean(max(1 - [0, 1] * [0.6, 0.4], 0)) = 0.8
    let yt = [0.0_f32, 1.0, 0.0, -1.0];
    let yp = [0.6_f32, 0.4, 0.4, 0.6];
    let (out, _) = run_f32(job(
        Loss::Hinge,
        DType::F32,
        2,
        2,
        Input::F32(&yt),
        Input::F32(&yp),
    ));
    assert_eq!(out[0], 0.8);
}

#[test]
fn wrong_guess_found_late_in_parallel() {
    let rows = 200_000;
    let mut rng = Rng::new(7);
    let mut yt: Vec<f32> = (0..rows * 2).map(|_| rng.below(2) as f32).collect();
    let yp: Vec<f32> = (0..rows * 2)
        .map(|_| rng.uniform(-2.0, 2.0) as f32)
        .collect();
    yt[0] = 0.0;
    *yt.last_mut().unwrap() = 0.5;
    let want = reference(Loss::Hinge, &yt, &yp, 2);
    for threads in [1, 2, 4] {
        let mut out = vec![f32::NAN; rows];
        let j = Job {
            out: Some(Output::F32(&mut out)),
            ..job(
                Loss::Hinge,
                DType::F32,
                rows,
                2,
                Input::F32(&yt),
                Input::F32(&yp),
            )
        };
        hinge_core::run(j.validate().unwrap(), &pool(threads)).unwrap();
        assert!(out == want, "threads {threads}");
    }
}

#[test]
fn all_ones_and_binary_agree_with_reference() {
    let yt = [1.0_f32, 1.0, 1.0, 1.0];
    let yp = [0.5_f32, -0.5, 2.0, 0.0];
    let (out, _) = run_f32(job(
        Loss::Hinge,
        DType::F32,
        2,
        2,
        Input::F32(&yt),
        Input::F32(&yp),
    ));
    assert_eq!(out, reference(Loss::Hinge, &yt, &yp, 2));
    let yt = [1_u8, 0, 0, 1];
    let ytf = [1.0_f32, 0.0, 0.0, 1.0];
    let (out, _) = run_f32(job(
        Loss::SquaredHinge,
        DType::F32,
        2,
        2,
        Input::U8(&yt),
        Input::F32(&yp),
    ));
    assert_eq!(out, reference(Loss::SquaredHinge, &ytf, &yp, 2));
}
