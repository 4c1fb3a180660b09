//! A float32 reduction over 2^26 per-sample values: float64 accumulation
//! keeps it within 1e-6 of a float64 reference, where a float32 running sum
//! drifts far beyond that.

mod common;

use common::{job, pool, Rng};
use hinge_core::{DType, Input, Loss};

#[test]
fn f32_sum_of_2_pow_26_values() {
    let rows = 1 << 26;
    let mut rng = Rng::new(2026);
    let yt: Vec<i8> = (0..rows)
        .map(|_| if rng.below(2) == 0 { -1 } else { 1 })
        .collect();
    let yp: Vec<f32> = (0..rows).map(|_| rng.uniform(-2.0, 2.0) as f32).collect();
    let j = job(
        Loss::Hinge,
        DType::F32,
        rows,
        1,
        Input::I8(&yt),
        Input::F32(&yp),
    );
    let sum = hinge_core::run(j.validate().unwrap(), &pool(2))
        .unwrap()
        .sum;

    let values = yt
        .iter()
        .zip(&yp)
        .map(|(&t, &p)| (1.0 - f32::from(t) * p).max(0.0));
    let exact: f64 = values.clone().map(f64::from).sum();
    let naive: f32 = values.sum();
    let rel = |x: f64| ((x - exact) / exact).abs();
    assert!(rel(sum) <= 1e-6, "relative error {}", rel(sum));
    let mean = (sum / rows as f64) as f32;
    assert!(rel(f64::from(mean) * rows as f64) <= 1e-6);
    // The bound discriminates: a float32 running sum misses it.
    assert!(rel(f64::from(naive)) > 1e-6);
}
