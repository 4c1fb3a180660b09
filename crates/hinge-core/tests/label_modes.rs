//! `Labels`: Keras' rule over the job (auto), conversion forced (convert)
//! or left out (keep). Categorical hinge never converts.

mod common;

use common::{bits, job, pool, reference_with, Rng};
use hinge_core::{DType, Input, Job, Labels, Loss, Output};

fn run(
    loss: Loss,
    labels: Labels,
    yt: &[f32],
    yp: &[f32],
    cols: usize,
    threads: usize,
) -> Vec<f32> {
    let rows = yt.len() / cols;
    let mut out = vec![f32::NAN; rows];
    let j = Job {
        labels,
        out: Some(Output::F32(&mut out)),
        ..job(loss, DType::F32, rows, cols, Input::F32(yt), Input::F32(yp))
    };
    hinge_core::run(j.validate().unwrap(), &pool(threads)).unwrap();
    out
}

fn same(a: &[f32], b: &[f32]) -> bool {
    bits(&a.iter().map(|&x| f64::from(x)).collect::<Vec<_>>())
        == bits(&b.iter().map(|&x| f64::from(x)).collect::<Vec<_>>())
}

#[test]
fn each_mode_on_binary_and_signed_labels() {
    let mut rng = Rng::new(5);
    let cols = 5;
    let n = 1000 * cols;
    let binary: Vec<f32> = (0..n).map(|_| rng.below(2) as f32).collect();
    let signed: Vec<f32> = binary.iter().map(|&t| 2.0 * t - 1.0).collect();
    let yp: Vec<f32> = (0..n).map(|_| rng.uniform(-2.0, 2.0) as f32).collect();
    for loss in [Loss::Hinge, Loss::SquaredHinge] {
        let kept = reference_with(loss, &binary, &yp, cols, false);
        let converted = reference_with(loss, &binary, &yp, cols, true);
        assert!(!same(&kept, &converted));
        assert!(same(
            &run(loss, Labels::Auto, &binary, &yp, cols, 1),
            &converted
        ));
        assert!(same(
            &run(loss, Labels::Convert, &binary, &yp, cols, 1),
            &converted
        ));
        assert!(same(&run(loss, Labels::Keep, &binary, &yp, cols, 1), &kept));
        // Signed labels are not binary: auto keeps them, convert maps -1 to -3.
        let signed_kept = reference_with(loss, &signed, &yp, cols, false);
        assert!(same(&signed_kept, &converted));
        assert!(same(
            &run(loss, Labels::Auto, &signed, &yp, cols, 1),
            &signed_kept
        ));
        assert!(same(
            &run(loss, Labels::Keep, &signed, &yp, cols, 1),
            &signed_kept
        ));
        let forced = reference_with(loss, &signed, &yp, cols, true);
        assert!(same(
            &run(loss, Labels::Convert, &signed, &yp, cols, 1),
            &forced
        ));
    }
    let want = reference_with(Loss::CategoricalHinge, &binary, &yp, cols, false);
    for labels in [Labels::Auto, Labels::Convert, Labels::Keep] {
        let got = run(Loss::CategoricalHinge, labels, &binary, &yp, cols, 1);
        assert!(same(&got, &want), "{labels:?}");
    }
}

/// A label outside {0,1} in the last row: auto must notice it (from any
/// block, on any pool), convert must not look.
#[test]
fn late_non_binary_label_on_every_pool() {
    let mut rng = Rng::new(9);
    let cols = 2;
    let n = 300_000 * cols;
    let mut yt: Vec<f32> = (0..n).map(|_| rng.below(2) as f32).collect();
    yt[0] = 0.0;
    yt[n - 1] = 0.5;
    let yp: Vec<f32> = (0..n).map(|_| rng.uniform(-2.0, 2.0) as f32).collect();
    let kept = reference_with(Loss::Hinge, &yt, &yp, cols, false);
    let converted = reference_with(Loss::Hinge, &yt, &yp, cols, true);
    for threads in [1, 2, 4] {
        assert!(same(
            &run(Loss::Hinge, Labels::Auto, &yt, &yp, cols, threads),
            &kept
        ));
        assert!(same(
            &run(Loss::Hinge, Labels::Convert, &yt, &yp, cols, threads),
            &converted
        ));
        assert!(same(
            &run(Loss::Hinge, Labels::Keep, &yt, &yp, cols, threads),
            &kept
        ));
    }
}
