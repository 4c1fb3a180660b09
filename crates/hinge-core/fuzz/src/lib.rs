//! Differential fuzzing of `hinge_core::run`: every loss, dtype, element type,
//! labels mode, weight map and output, against the independent scalar
//! reference in [`reference`], on a one-thread and a two-thread pool.
//!
//! What a target asserts, for any bytes:
//! - `run` refuses every job whose lengths, output or weight map are wrong,
//!   accepts every well-formed broadcast, and writes nothing when it refuses;
//! - it never panics or reads out of bounds (a panic is a finding);
//! - accepted jobs give per-row values and totals inside the reference's
//!   intervals, with NaN exactly where the reference has it;
//! - both pools give the same bits.

mod case;
mod data;
mod interval;
mod reference;

use std::sync::OnceLock;

use arbitrary::Unstructured;
use hinge_core::{DType, Job, JobError, Loss, Output, Totals, Weights};
use rayon::{ThreadPool, ThreadPoolBuilder};

use case::{Case, Layout, OutCase};
use reference::{expected, Spec};

/// Written to the output first, so a refused job is seen to leave it alone.
const SENTINEL: f64 = -12345.5;

fn pools() -> &'static [ThreadPool; 2] {
    static POOLS: OnceLock<[ThreadPool; 2]> = OnceLock::new();
    POOLS.get_or_init(|| {
        let pool = |n| ThreadPoolBuilder::new().num_threads(n).build().unwrap();
        [pool(1), pool(2)]
    })
}

enum OutBuf {
    F32(Vec<f32>),
    F64(Vec<f64>),
}

impl OutBuf {
    fn values(&self) -> Vec<f64> {
        match self {
            Self::F32(v) => v.iter().map(|&x| f64::from(x)).collect(),
            Self::F64(v) => v.clone(),
        }
    }
}

fn run(case: &Case, pool: &ThreadPool) -> (Result<Totals, JobError>, Option<OutBuf>) {
    let mut out = match case.out {
        OutCase::None => None,
        OutCase::Slice {
            dtype: DType::F32,
            len,
        } => Some(OutBuf::F32(vec![SENTINEL as f32; len])),
        OutCase::Slice {
            dtype: DType::F64,
            len,
        } => Some(OutBuf::F64(vec![SENTINEL; len])),
    };
    let job = Job {
        loss: case.loss,
        dtype: case.dtype,
        labels: case.labels,
        rows: case.rows,
        cols: case.cols,
        y_true: case.y_true.input().into(),
        y_pred: case.y_pred.input().into(),
        weights: case.weights.as_ref().map(|w| Weights {
            data: w.data.input().into(),
            map: w.map.clone(),
        }),
        out: out.as_mut().map(|o| match o {
            OutBuf::F32(v) => Output::F32(v),
            OutBuf::F64(v) => Output::F64(v),
        }),
        mask: None,
        grad: None,
    };
    (job.validate().and_then(|j| hinge_core::run(j, pool)), out)
}

/// Whether the job is well formed, decided without `JobError`: `Some(true)`
/// must be accepted, `Some(false)` refused, `None` may go either way (an
/// arbitrary weight map the crate may bound conservatively).
fn well_formed(case: &Case) -> Option<bool> {
    let Some(elems) = case.rows.checked_mul(case.cols) else {
        return Some(false);
    };
    let out_ok = match case.out {
        OutCase::None => true,
        OutCase::Slice { dtype, len } => dtype == case.dtype && len == case.rows,
    };
    if (case.cols == 0 && case.rows > 0)
        || case.y_true.len() != elems
        || case.y_pred.len() != elems
        || !out_ok
    {
        return Some(false);
    }
    let Some(w) = &case.weights else {
        return Some(true);
    };
    let groups = w.map.groups();
    if groups.iter().any(|g| g.inner == 0 || g.extent == 0) {
        return Some(false);
    }
    let index = |row: usize| -> u128 {
        groups
            .iter()
            .map(|g| (row / g.inner % g.extent) as u128 * g.stride as u128)
            .sum()
    };
    if (0..case.rows).any(|row| index(row) >= w.data.len() as u128) {
        return Some(false);
    }
    match w.layout {
        Layout::Broadcast { .. } => Some(true),
        Layout::Arbitrary => None,
    }
}

fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

/// One fuzz input for `loss`; panics on any finding.
pub fn check(bytes: &[u8], loss: Loss) {
    let Ok(case) = Case::draw(&mut Unstructured::new(bytes), loss) else {
        return;
    };
    let [one, two] = pools();
    let (result, out) = run(&case, one);
    let (again, out2) = run(&case, two);
    let out = out.map(|o| o.values());
    let out2 = out2.map(|o| o.values());
    let verdict = well_formed(&case);
    let Ok(totals) = result else {
        assert_ne!(
            verdict,
            Some(true),
            "refused a well-formed job: {result:?}\n{case:?}"
        );
        assert!(again.is_err(), "refused on one pool only");
        if let Some(o) = out {
            assert!(
                o.iter().all(|&x| x == SENTINEL),
                "a refused job wrote its output"
            );
        }
        return;
    };
    assert_ne!(verdict, Some(false), "accepted a malformed job\n{case:?}");
    let again = again.expect("accepted on one pool only");
    assert!(
        same_bits(
            &[totals.sum, totals.weight_sum],
            &[again.sum, again.weight_sum]
        ),
        "totals differ between pools: {totals:?} vs {again:?}"
    );
    assert!(
        out.as_deref()
            .zip(out2.as_deref())
            .is_none_or(|(a, b)| same_bits(a, b)),
        "outputs differ between pools"
    );
    let weights = case.weights.as_ref().map(|w| {
        let index = match &w.layout {
            Layout::Broadcast { index } => index.clone(),
            Layout::Arbitrary => (0..case.rows).map(|r| w.map.index(r)).collect(),
        };
        (&w.data, index)
    });
    let want = expected(&Spec {
        loss,
        dtype: case.dtype,
        labels: case.labels,
        rows: case.rows,
        cols: case.cols,
        y_true: &case.y_true,
        y_pred: &case.y_pred,
        weights,
    });
    if let Some(o) = &out {
        for (row, (&got, iv)) in o.iter().zip(&want.rows).enumerate() {
            assert!(
                iv.contains(got),
                "row {row}: {got} outside {iv:?}\n{case:?}"
            );
        }
    }
    assert!(
        want.sum.contains(totals.sum),
        "sum {} outside {:?}\n{case:?}",
        totals.sum,
        want.sum
    );
    assert!(
        want.weight_sum.contains(totals.weight_sum),
        "weight sum {} outside {:?}\n{case:?}",
        totals.weight_sum,
        want.weight_sum
    );
}
