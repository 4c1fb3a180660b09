//! Sparse class ids against the one-hot form, and gradients against the
//! contract's formula and finite differences.

mod common;

use common::{job, pool, run_f32, Rng};
use hinge_core::{DType, Grad, Input, Job, JobError, Kink, Labels, Loss, Output, Source};

#[test]
fn sparse_ids_equal_the_one_hot_rows_bit_for_bit() {
    let mut rng = Rng::new(7);
    for cols in [2, 5, 16, 1500] {
        let rows = 300;
        let ids: Vec<i32> = (0..rows).map(|_| rng.below(cols as u64) as i32).collect();
        let mut one_hot = vec![0_u8; rows * cols];
        for (r, &id) in ids.iter().enumerate() {
            one_hot[r * cols + id as usize] = 1;
        }
        let specials = [f32::NAN, f32::INFINITY, f32::NEG_INFINITY];
        let yp: Vec<f32> = (0..rows * cols)
            .map(|i| {
                if i % 97 == 3 {
                    specials[i % 3]
                } else {
                    rng.uniform(-2.0, 2.0) as f32
                }
            })
            .collect();
        let (sparse, st) = run_f32(job(
            Loss::SparseCategoricalHinge,
            DType::F32,
            rows,
            cols,
            Input::I32(&ids),
            Input::F32(&yp),
        ));
        let (dense, dt) = run_f32(job(
            Loss::CategoricalHinge,
            DType::F32,
            rows,
            cols,
            Input::U8(&one_hot),
            Input::F32(&yp),
        ));
        // Bits, with every NaN as one: a NaN's sign is not part of the contract.
        let bits = |v: &[f32]| {
            v.iter()
                .map(|x| if x.is_nan() { u32::MAX } else { x.to_bits() })
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(&sparse), bits(&dense), "cols {cols}");
        // A NaN's sign may differ between the two sums; a NaN is a NaN.
        let same = st.sum.to_bits() == dt.sum.to_bits() || (st.sum.is_nan() && dt.sum.is_nan());
        assert!(same, "cols {cols}: {} vs {}", st.sum, dt.sum);
    }
}

#[test]
fn ids_outside_the_classes_are_refused() {
    for bad in [[0.0_f32, 3.0], [-1.0, 0.0], [0.5, 1.0], [f32::NAN, 0.0]] {
        let j = job(
            Loss::SparseCategoricalHinge,
            DType::F32,
            2,
            3,
            Input::F32(&bad),
            Input::F32(&[0.0; 6]),
        );
        let got = j.validate().and_then(|j| hinge_core::run(j, &pool(1)));
        assert!(matches!(got, Err(JobError::ClassId { .. })), "{bad:?}");
    }
}

/// The ids are checked as the pass reads them, block by block on any pool:
/// the error names the first bad row, whichever block meets one first.
#[test]
fn a_bad_id_stops_the_pass_naming_the_first() {
    let (rows, cols) = (100_000, 4);
    let yp: Vec<f32> = (0..rows * cols).map(|i| (i % 5) as f32 - 2.0).collect();
    let mut out = vec![0.0_f32; rows];
    for bad_rows in [
        vec![0],
        vec![rows - 1],
        vec![70_000, 12_345, 99_000],
        vec![4095, 4096],
    ] {
        let mut ids: Vec<i32> = (0..rows).map(|i| (i % cols) as i32).collect();
        for (k, &r) in bad_rows.iter().enumerate() {
            ids[r] = [-1, cols as i32, i32::MAX][k % 3];
        }
        let first = *bad_rows.iter().min().unwrap();
        for threads in [1, 2] {
            let mut j = job(
                Loss::SparseCategoricalHinge,
                DType::F32,
                rows,
                cols,
                Input::I32(&ids),
                Input::F32(&yp),
            );
            j.out = Some(Output::F32(&mut out));
            let got = hinge_core::run(j.validate().unwrap(), &pool(threads));
            assert_eq!(
                got,
                Err(JobError::ClassId { index: first, cols }),
                "{bad_rows:?}, {threads} threads"
            );
        }
    }
}

/// `ids` cut into three spans.
fn three_spans(ids: &[u16]) -> Source<'_> {
    let (a, rest) = ids.split_at(301);
    let (b, c) = rest.split_at(9_000);
    Source::spans(vec![Input::U16(a), Input::U16(b), Input::U16(c)]).unwrap()
}

/// Ids in spans: a bad one is named by its position in the whole, the
/// groups of rows crossing from one span into the next.
#[test]
fn a_bad_id_in_spans_is_named_by_its_position_in_the_whole() {
    let (rows, cols) = (20_000, 5);
    let yp: Vec<f32> = (0..rows * cols).map(|i| (i % 7) as f32 - 3.0).collect();
    let ids: Vec<u16> = (0..rows).map(|i| (i * 3 % cols) as u16).collect();
    let run = |y_true: Source<'_>, threads| {
        let j = Job {
            y_true,
            ..job(
                Loss::SparseCategoricalHinge,
                DType::F32,
                rows,
                cols,
                Input::U16(&[]),
                Input::F32(&yp),
            )
        };
        hinge_core::run(j.validate().unwrap(), &pool(threads))
    };
    let whole = run(Input::U16(&ids).into(), 1).unwrap();
    for threads in [1, 2] {
        assert_eq!(
            run(three_spans(&ids), threads),
            Ok(whole),
            "{threads} threads"
        );
        for bad in [0, 300, 301, 5_000, 9_301, rows - 1] {
            let mut broken = ids.clone();
            broken[bad] = cols as u16;
            broken[rows - 1] = u16::MAX;
            let got = run(three_spans(&broken), threads);
            assert_eq!(got, Err(JobError::ClassId { index: bad, cols }), "{bad}");
        }
    }
}

/// Every label type reads ids as their values: integers in `[0, cols)`,
/// whatever the storage (-0 is 0); anything else is refused.
#[test]
fn ids_of_every_type() {
    let cols = 3;
    let yp = [0.5_f32, -1.0, 2.0];
    let value = |ids: Input<'_>| {
        let j = job(
            Loss::SparseCategoricalHinge,
            DType::F32,
            1,
            cols,
            ids,
            Input::F32(&yp),
        );
        j.validate().and_then(|j| hinge_core::run(j, &pool(1)))
    };
    let want = value(Input::U8(&[2])).unwrap();
    let good = [
        Input::I8(&[2]),
        Input::I16(&[2]),
        Input::U16(&[2]),
        Input::I32(&[2]),
        Input::U32(&[2]),
        Input::I64(&[2]),
        Input::U64(&[2]),
        Input::F32(&[2.0]),
        Input::F64(&[2.0]),
        Input::F16(&[hinge_core::f16::from_f32(2.0)]),
        Input::BF16(&[hinge_core::bf16::from_f32(2.0)]),
    ];
    for ids in good {
        assert_eq!(value(ids), Ok(want), "{ids:?}");
    }
    let zero = value(Input::U8(&[0])).unwrap();
    assert_eq!(value(Input::F64(&[-0.0])), Ok(zero));
    let refused = Err(JobError::ClassId { index: 0, cols });
    let bad = [
        Input::I8(&[-1]),
        Input::U8(&[3]),
        Input::I64(&[i64::MIN]),
        Input::U64(&[u64::MAX]),
        Input::F32(&[f32::INFINITY]),
        Input::F64(&[2.5]),
        Input::F64(&[1.8446744073709552e19]),
        Input::F64(&[-1e-300]),
        Input::F16(&[hinge_core::f16::NAN]),
        Input::BF16(&[hinge_core::bf16::from_f32(-1.0)]),
    ];
    for ids in bad {
        assert_eq!(value(ids), refused, "{ids:?}");
    }
}

/// d(sum of per-row values)/d(yPred) in f64 by central differences.
fn finite_differences(loss: Loss, yt: &[f64], yp: &[f64], cols: usize) -> Vec<f64> {
    let sum = |p: &[f64]| {
        let mut j = job(
            loss,
            DType::F64,
            yt.len() / cols,
            cols,
            Input::F64(yt),
            Input::F64(p),
        );
        j.labels = Labels::Keep;
        hinge_core::run(j.validate().unwrap(), &pool(1))
            .unwrap()
            .sum
    };
    (0..yp.len())
        .map(|i| {
            let (mut up, mut down) = (yp.to_vec(), yp.to_vec());
            up[i] += 1e-6;
            down[i] -= 1e-6;
            (sum(&up) - sum(&down)) / 2e-6
        })
        .collect()
}

#[test]
fn gradients_match_finite_differences_away_from_kinks() {
    let mut rng = Rng::new(3);
    let (rows, cols) = (40, 6);
    for loss in [Loss::Hinge, Loss::SquaredHinge, Loss::CategoricalHinge] {
        let yt: Vec<f64> = (0..rows * cols)
            .map(|i| match loss {
                Loss::CategoricalHinge => f64::from(u8::from(i % cols == (i / cols) % cols)),
                _ => [-1.0, 1.0][rng.below(2) as usize],
            })
            .collect();
        let yp: Vec<f64> = (0..rows * cols).map(|_| rng.uniform(-1.7, 1.7)).collect();
        let mut g = vec![f64::NAN; rows * cols];
        let mut j = job(
            loss,
            DType::F64,
            rows,
            cols,
            Input::F64(&yt),
            Input::F64(&yp),
        );
        j.labels = Labels::Keep;
        j.grad = Some(Grad {
            out: Output::F64(&mut g),
            kink: Kink::Full,
            factor: 1.0,
            scale: None,
        });
        hinge_core::run(j.validate().unwrap(), &pool(2)).unwrap();
        for (i, (a, b)) in g
            .iter()
            .zip(finite_differences(loss, &yt, &yp, cols))
            .enumerate()
        {
            assert!((a - b).abs() < 1e-6, "{loss:?} element {i}: {a} vs {b}");
        }
    }
}

#[test]
fn kinks_scales_and_nan() {
    // 1 - y·p = 0 exactly for both elements; row scales 2 and 3 by `scale`.
    let (yt, yp) = ([1.0_f32, -1.0, 1.0, -1.0], [1.0_f32, -1.0, 1.0, -1.0]);
    let scale = [2.0, 3.0];
    for (kink, k) in [(Kink::Full, 1.0), (Kink::Half, 0.5), (Kink::Zero, 0.0)] {
        let mut g = [f32::NAN; 4];
        let mut j = job(
            Loss::Hinge,
            DType::F32,
            2,
            2,
            Input::F32(&yt),
            Input::F32(&yp),
        );
        j.grad = Some(Grad {
            out: Output::F32(&mut g),
            kink,
            factor: 0.5,
            scale: Some(&scale),
        });
        hinge_core::run(j.validate().unwrap(), &pool(1)).unwrap();
        let want = [-0.5 * k, 0.5 * k, -0.75 * k, 0.75 * k];
        assert!(g.iter().zip(want).all(|(a, b)| *a == b), "{kink:?}: {g:?}");
    }
    let mut g = [0.0_f32; 4];
    let mut j = job(
        Loss::CategoricalHinge,
        DType::F32,
        2,
        2,
        Input::F32(&[1.0, 0.0, 0.0, 1.0]),
        Input::F32(&[f32::NAN, 0.5, 0.2, 0.1]),
    );
    j.grad = Some(Grad {
        out: Output::F32(&mut g),
        kink: Kink::Full,
        factor: 1.0,
        scale: None,
    });
    hinge_core::run(j.validate().unwrap(), &pool(1)).unwrap();
    assert!(
        g[0].is_nan() && g[1].is_nan(),
        "a NaN makes the row's gradient NaN"
    );
    assert!(!g[2].is_nan() && !g[3].is_nan());
}
