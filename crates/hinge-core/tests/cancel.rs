//! A set cancellation flag stops a run at its next block of rows; an unset
//! one changes nothing.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use common::{job, pool};
use hinge_core::{run, run_cancellable, DType, Input, Labels, Loss, Stopped};

/// Labels in {0,1} (the checking pass, then possibly a second) and in {-1,1}.
fn inputs(rows: usize, cols: usize, binary: bool) -> (Vec<f64>, Vec<f64>) {
    let n = rows * cols;
    let low = if binary { 0.0 } else { -1.0 };
    let yt = (0..n).map(|i| if i % 3 == 0 { 1.0 } else { low }).collect();
    let yp = (0..n).map(|i| (i % 7) as f64 / 3.0 - 1.0).collect();
    (yt, yp)
}

#[test]
fn a_set_flag_cancels_every_pass_on_any_pool() {
    let cancel = AtomicBool::new(true);
    for threads in [1, 2] {
        for binary in [false, true] {
            let (yt, yp) = inputs(1 << 16, 4, binary);
            for (loss, labels) in [
                (Loss::Hinge, Labels::Auto),
                (Loss::SquaredHinge, Labels::Keep),
                (Loss::CategoricalHinge, Labels::Auto),
            ] {
                let j = hinge_core::Job {
                    labels,
                    ..job(
                        loss,
                        DType::F64,
                        1 << 16,
                        4,
                        Input::F64(&yt),
                        Input::F64(&yp),
                    )
                };
                let got = run_cancellable(j.validate().unwrap(), &pool(threads), &cancel);
                assert_eq!(got, Err(Stopped::Cancelled), "{loss:?} {threads} threads");
            }
        }
    }
}

#[test]
fn an_unset_flag_gives_the_same_bits_as_run() {
    let cancel = AtomicBool::new(false);
    let (yt, yp) = inputs(1 << 15, 4, true);
    let make = || {
        job(
            Loss::Hinge,
            DType::F32,
            1 << 15,
            4,
            Input::F64(&yt),
            Input::F64(&yp),
        )
    };
    let p = pool(2);
    let want = run(make().validate().unwrap(), &p).unwrap();
    let got = run_cancellable(make().validate().unwrap(), &p, &cancel).unwrap();
    assert_eq!(want.sum.to_bits(), got.sum.to_bits());
    assert_eq!(want.weight_sum.to_bits(), got.weight_sum.to_bits());
}

#[test]
fn a_flag_set_during_the_run_stops_it_early() {
    let (yt, yp) = inputs(1 << 22, 4, false);
    let make = || {
        job(
            Loss::Hinge,
            DType::F32,
            1 << 22,
            4,
            Input::F64(&yt),
            Input::F64(&yp),
        )
    };
    let p = pool(1);
    let start = Instant::now();
    run(make().validate().unwrap(), &p).unwrap();
    let whole = start.elapsed();
    let cancel = AtomicBool::new(false);
    let (got, stopped) = thread::scope(|s| {
        let worker = s.spawn(|| {
            let got = run_cancellable(make().validate().unwrap(), &p, &cancel);
            (got, Instant::now())
        });
        thread::sleep(whole / 8);
        cancel.store(true, Ordering::Relaxed);
        let set = Instant::now();
        let (got, end) = worker.join().unwrap();
        (got, end.saturating_duration_since(set))
    });
    assert_eq!(got, Err(Stopped::Cancelled));
    assert!(
        stopped < whole / 4 + Duration::from_millis(5),
        "stopped {stopped:?} after the flag; the whole run takes {whole:?}"
    );
}
