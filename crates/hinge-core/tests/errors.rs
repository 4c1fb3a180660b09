//! Refused jobs: `Job::validate` says why, and only a validated job runs.

mod common;

use common::job;
use hinge_core::{DType, Group, Input, Job, JobError, Loss, Output, WeightMap, Weights};

fn err(j: Job<'_>) -> JobError {
    j.validate().unwrap_err()
}

const Y: [f32; 4] = [0.0, 1.0, 0.0, 0.0];

#[test]
fn bad_lengths() {
    let short = [0.0_f32; 3];
    let e = err(job(
        Loss::Hinge,
        DType::F32,
        2,
        2,
        Input::F32(&Y),
        Input::F32(&short),
    ));
    assert!(matches!(
        e,
        JobError::Length {
            what: "yPred",
            expected: 4,
            actual: 3
        }
    ));
    assert!(e.to_string().contains("yPred"));
    let e = err(job(
        Loss::Hinge,
        DType::F32,
        2,
        2,
        Input::U8(&[0; 5]),
        Input::F32(&Y),
    ));
    assert!(matches!(e, JobError::Length { what: "yTrue", .. }));
}

#[test]
fn shape_errors() {
    let e = err(job(
        Loss::Hinge,
        DType::F32,
        usize::MAX,
        2,
        Input::F32(&Y),
        Input::F32(&Y),
    ));
    assert!(matches!(e, JobError::ShapeOverflow { .. }));
    let e = err(job(
        Loss::Hinge,
        DType::F32,
        2,
        0,
        Input::F32(&[]),
        Input::F32(&[]),
    ));
    assert!(matches!(e, JobError::ZeroCols { rows: 2 }));
}

#[test]
fn bad_output() {
    let mut out = [7.0_f32; 3];
    let j = Job {
        out: Some(Output::F32(&mut out)),
        ..job(
            Loss::Hinge,
            DType::F32,
            2,
            2,
            Input::F32(&Y),
            Input::F32(&Y),
        )
    };
    assert!(matches!(err(j), JobError::Length { what: "out", .. }));
    assert_eq!(out, [7.0; 3]);
    let mut out = [7.0_f32; 2];
    let j = Job {
        out: Some(Output::F32(&mut out)),
        ..job(
            Loss::Hinge,
            DType::F64,
            2,
            2,
            Input::F32(&Y),
            Input::F32(&Y),
        )
    };
    assert!(matches!(err(j), JobError::OutputDType { .. }));
    assert_eq!(out, [7.0; 2]);
}

#[test]
fn weight_map_out_of_range() {
    let w = [1.0_f32, 2.0];
    let weighted = |groups: Vec<Group>, data: &'static [f32]| Job {
        weights: Some(Weights {
            data: Input::F32(data).into(),
            map: WeightMap::new(groups),
        }),
        ..job(
            Loss::Hinge,
            DType::F32,
            2,
            2,
            Input::F32(&Y),
            Input::F32(&Y),
        )
    };
    let g = |inner, extent, stride| Group {
        inner,
        extent,
        stride,
    };
    let w: &'static [f32] = Box::leak(Box::new(w));
    let e = err(weighted(vec![g(1, 2, 2)], w));
    assert_eq!(
        e,
        JobError::WeightIndex {
            max_index: 2,
            len: 2
        }
    );
    assert!(matches!(
        err(weighted(vec![g(0, 2, 1)], w)),
        JobError::BadGroup { index: 0, .. }
    ));
    assert!(matches!(
        err(weighted(vec![g(1, 0, 1)], w)),
        JobError::BadGroup { .. }
    ));
    let e = err(weighted(vec![g(1, 2, usize::MAX), g(1, 2, 1)], w));
    assert_eq!(e, JobError::WeightIndexOverflow);
    assert!(matches!(
        err(weighted(vec![], &[])),
        JobError::WeightIndex { .. }
    ));
    // In range: 2 rows reach index 1 of 2.
    let ok = weighted(vec![g(1, 2, 1)], w);
    assert!(ok.validate().is_ok());
}
