//! Inputs of any element type behave as if cast to the compute dtype first.

mod common;

use common::{job, reference, run_f32, run_f64, Rng};
use hinge_core::{DType, Group, Input, Job, Loss, WeightMap, Weights};

#[test]
fn integer_labels_and_wide_predictions() {
    let mut rng = Rng::new(3);
    let (rows, cols) = (1000, 7);
    let n = rows * cols;
    let labels_u8: Vec<u8> = (0..n).map(|_| rng.below(2) as u8).collect();
    let labels_i16: Vec<i16> = (0..n).map(|_| rng.below(5) as i16 - 2).collect();
    let preds_f64: Vec<f64> = (0..n).map(|_| rng.uniform(-3.0, 3.0)).collect();
    let preds_i32: Vec<i32> = (0..n)
        .map(|_| rng.below(1 << 26) as i32 - (1 << 25))
        .collect();
    let preds_u32: Vec<u32> = (0..n).map(|_| rng.next_u64() as u32).collect();
    let preds_u16: Vec<u16> = (0..n).map(|_| rng.next_u64() as u16).collect();

    let as_f32 = |i: Input<'_>| -> Vec<f32> {
        match i {
            Input::U8(s) => s.iter().map(|&v| v as f32).collect(),
            Input::I16(s) => s.iter().map(|&v| v as f32).collect(),
            Input::F64(s) => s.iter().map(|&v| v as f32).collect(),
            Input::I32(s) => s.iter().map(|&v| v as f32).collect(),
            Input::U32(s) => s.iter().map(|&v| v as f32).collect(),
            Input::U16(s) => s.iter().map(|&v| v as f32).collect(),
            _ => unreachable!(),
        }
    };
    for yt in [Input::U8(&labels_u8), Input::I16(&labels_i16)] {
        for yp in [
            Input::F64(&preds_f64),
            Input::I32(&preds_i32),
            Input::U32(&preds_u32),
            Input::U16(&preds_u16),
        ] {
            for loss in [Loss::Hinge, Loss::SquaredHinge, Loss::CategoricalHinge] {
                let want = reference(loss, &as_f32(yt), &as_f32(yp), cols);
                let (out, _) = run_f32(job(loss, DType::F32, rows, cols, yt, yp));
                let same = out
                    .iter()
                    .zip(&want)
                    .all(|(a, b)| a.to_bits() == b.to_bits());
                assert!(same, "{loss:?}");
            }
        }
    }
}

#[test]
fn f32_inputs_under_f64_compute() {
    let yt = [0_i8, 1, -1, 1];
    let yp = [0.1_f32, 0.7, 0.3, -0.2];
    let ytf: Vec<f64> = yt.iter().map(|&v| v as f64).collect();
    let ypf: Vec<f64> = yp.iter().map(|&v| v as f64).collect();
    for loss in [Loss::Hinge, Loss::SquaredHinge, Loss::CategoricalHinge] {
        let (out, _) = run_f64(job(loss, DType::F64, 2, 2, Input::I8(&yt), Input::F32(&yp)));
        assert_eq!(out, reference(loss, &ytf, &ypf, 2));
    }
}

#[test]
fn huge_row_is_processed_in_chunks() {
    let mut rng = Rng::new(11);
    let cols = 1_000_003;
    let yt: Vec<u8> = (0..2 * cols).map(|_| rng.below(2) as u8).collect();
    let yp: Vec<f64> = (0..2 * cols).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let ytf: Vec<f32> = yt.iter().map(|&v| v as f32).collect();
    let ypf: Vec<f32> = yp.iter().map(|&v| v as f32).collect();
    for loss in [Loss::Hinge, Loss::CategoricalHinge] {
        let (out, _) = run_f32(job(
            loss,
            DType::F32,
            2,
            cols,
            Input::U8(&yt),
            Input::F64(&yp),
        ));
        assert_eq!(out, reference(loss, &ytf, &ypf, cols));
    }
}

/// Converted inputs go through buffers of whole rows (or row segments), in
/// groups of other sizes than borrowed ones; every value and both sums must
/// still come out bit for bit the same.
#[test]
fn converted_and_borrowed_agree_bit_for_bit() {
    let mut rng = Rng::new(23);
    for (rows, cols) in [
        (5000, 1),
        (37, 3),
        (37, 255),
        (37, 300),
        (9, 1023),
        (9, 1024),
        (9, 1025),
        (5, 2100),
    ] {
        let n = rows * cols;
        let yt: Vec<u8> = (0..n).map(|_| rng.below(2) as u8).collect();
        let yp: Vec<i16> = (0..n).map(|_| rng.below(7) as i16 - 3).collect();
        let w: Vec<f32> = (0..rows).map(|_| rng.uniform(0.0, 2.0) as f32).collect();
        let ytf: Vec<f32> = yt.iter().map(|&v| v as f32).collect();
        let ypf: Vec<f32> = yp.iter().map(|&v| v as f32).collect();
        for (loss, weighted) in [Loss::Hinge, Loss::SquaredHinge, Loss::CategoricalHinge]
            .into_iter()
            .flat_map(|l| [(l, false), (l, true)])
        {
            let make = |yt, yp| Job {
                weights: weighted.then(|| Weights {
                    data: Input::F32(&w).into(),
                    map: WeightMap::new(vec![Group {
                        inner: 1,
                        extent: rows,
                        stride: 1,
                    }]),
                }),
                ..job(loss, DType::F32, rows, cols, yt, yp)
            };
            let (want, want_totals) = run_f32(make(Input::F32(&ytf), Input::F32(&ypf)));
            let (got, got_totals) = run_f32(make(Input::U8(&yt), Input::I16(&yp)));
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "{loss:?} {rows}x{cols} {weighted}");
            assert_eq!(got_totals.sum.to_bits(), want_totals.sum.to_bits());
            assert_eq!(
                got_totals.weight_sum.to_bits(),
                want_totals.weight_sum.to_bits()
            );
        }
    }
}
