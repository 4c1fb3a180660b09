//! 64-bit integer inputs (JavaScript's `BigInt64Array` and `BigUint64Array`,
//! whose values the package accepts within ±2^53) give bit for bit what the
//! same numbers give as float inputs.

mod common;

use common::{job, reference, run_f32, run_f64, Rng};
use hinge_core::{DType, Group, Input, Job, Loss, Totals, WeightMap, Weights};

/// 2^53: the largest magnitude of a 64-bit integer input.
const SAFE: i64 = 1 << 53;

const LOSSES: [Loss; 3] = [Loss::Hinge, Loss::SquaredHinge, Loss::CategoricalHinge];

/// The ends of the range, and `f32` rounding ties and near-ties at every
/// exponent from 2^24 (where `f32` stops holding every integer) to 2^53.
fn edges() -> Vec<i64> {
    let mut v = vec![0, 1, -1, 2, SAFE, SAFE - 1, SAFE - 2, -SAFE, 1 - SAFE];
    for e in 24..53 {
        let (p, half) = (1_i64 << e, 1_i64 << (e - 24));
        for x in [
            p,
            p - 1,
            p + 1,
            p + half,
            p + half - 1,
            p + half + 1,
            p + 3 * half,
        ] {
            v.extend([x, -x]);
        }
    }
    v
}

/// Magnitudes spread over every exponent up to 2^53, either sign.
fn spread(rng: &mut Rng, n: usize) -> Vec<i64> {
    (0..n)
        .map(|_| {
            let m = (rng.next_u64() >> (11 + rng.below(53))) as i64;
            if rng.below(2) == 0 {
                m
            } else {
                -m
            }
        })
        .collect()
}

fn as_i64(v: &[u64]) -> Vec<i64> {
    v.iter().map(|&x| x as i64).collect()
}

fn unsigned(v: &[i64]) -> Vec<u64> {
    v.iter().map(|&x| x.unsigned_abs()).collect()
}

fn assert_same_totals(got: Totals, want: Totals, what: &str) {
    assert_eq!(got.sum.to_bits(), want.sum.to_bits(), "sum {what}");
    assert_eq!(
        got.weight_sum.to_bits(),
        want.weight_sum.to_bits(),
        "weight sum {what}"
    );
}

/// The shape of one comparison: which loss, how many rows and columns, and
/// the weight map when weighted.
struct Setup<'m> {
    loss: Loss,
    rows: usize,
    cols: usize,
    map: Option<&'m WeightMap>,
}

impl Setup<'_> {
    fn job<'a>(&self, dtype: DType, yt: Input<'a>, yp: Input<'a>, w: Input<'a>) -> Job<'a> {
        Job {
            weights: self.map.map(|map| Weights {
                data: w.into(),
                map: map.clone(),
            }),
            ..job(self.loss, dtype, self.rows, self.cols, yt, yp)
        }
    }

    /// Per-row values and both sums from the integers against those from
    /// floats, for each compute dtype, the floats being the integers in that
    /// dtype as JavaScript converts them (`Number(v)`, then `Math.fround`
    /// for `f32`), so read in place, not converted.
    fn compare(&self, what: &str, ints: [Input<'_>; 3], f64s: [&[f64]; 3]) {
        let [yt, yp, w] = ints;
        let f32s = f64s.map(|v| v.iter().map(|&x| x as f32).collect::<Vec<_>>());
        let [t, p, w32] = [0, 1, 2].map(|i| Input::F32(&f32s[i]));
        let (got, got_t) = run_f32(self.job(DType::F32, yt, yp, w));
        let (want, want_t) = run_f32(self.job(DType::F32, t, p, w32));
        let bits32 = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits32(&got), bits32(&want), "f32 {what}");
        assert_same_totals(got_t, want_t, &format!("f32 {what}"));

        let [t, p, w64] = f64s.map(Input::F64);
        let (got, got_t) = run_f64(self.job(DType::F64, yt, yp, w));
        let (want, want_t) = run_f64(self.job(DType::F64, t, p, w64));
        assert_eq!(common::bits(&got), common::bits(&want), "f64 {what}");
        assert_same_totals(got_t, want_t, &format!("f64 {what}"));
    }
}

#[test]
fn labels_predictions_and_weights_agree_with_floats_bit_for_bit() {
    let mut rng = Rng::new(64);
    // Short rows, rows across the conversion chunk, and single columns.
    for (rows, cols) in [(300, 7), (6, 1500), (2000, 1)] {
        let n = rows * cols;
        let binary: Vec<u64> = (0..n).map(|_| rng.below(2)).collect();
        let signed: Vec<i64> = binary.iter().map(|&t| 2 * t as i64 - 1).collect();
        let mut wide = edges();
        wide.extend(spread(&mut rng, n));
        wide.truncate(n);
        let small: Vec<i64> = (0..n).map(|_| rng.below(7) as i64 - 3).collect();
        let mut preds = spread(&mut rng, n);
        for (p, e) in preds.iter_mut().zip(edges()) {
            *p = e;
        }
        let weights: Vec<i64> = (0..rows)
            .map(|r| if r == 1 { SAFE } else { rng.below(4) as i64 })
            .collect();
        let map = WeightMap::new(vec![Group {
            inner: 1,
            extent: rows,
            stride: 1,
        }]);

        let binary_i = as_i64(&binary);
        let labels: [(&str, Vec<i64>); 4] = [
            ("binary", binary_i),
            ("signed", signed),
            ("small", small.clone()),
            ("wide", wide),
        ];
        let pred_sets: [(&str, Vec<i64>); 2] = [("small", small), ("wide", preds)];
        for (label_name, yt) in &labels {
            for (pred_name, yp) in &pred_sets {
                let floats = |v: &[i64]| v.iter().map(|&x| x as f64).collect::<Vec<_>>();
                let (yt_u, yp_u) = (unsigned(yt), unsigned(yp));
                let (t, p, w) = (floats(yt), floats(yp), floats(&weights));
                let (tu, pu) = (floats(&as_i64(&yt_u)), floats(&as_i64(&yp_u)));
                let w_u = unsigned(&weights);
                for loss in LOSSES {
                    for map in [None, Some(&map)] {
                        let setup = Setup {
                            loss,
                            rows,
                            cols,
                            map,
                        };
                        let what = format!(
                            "{loss:?} {rows}x{cols} labels {label_name} preds {pred_name} \
                             weighted {}",
                            map.is_some()
                        );
                        setup.compare(
                            &format!("i64 {what}"),
                            [Input::I64(yt), Input::I64(yp), Input::I64(&weights)],
                            [&t, &p, &w],
                        );
                        setup.compare(
                            &format!("u64 {what}"),
                            [Input::U64(&yt_u), Input::U64(&yp_u), Input::U64(&w_u)],
                            [&tu, &pu, &w],
                        );
                    }
                }
            }
        }
    }
}

/// Keras converts `{0,1}` labels to `{-1,1}` for (squared) hinge; integer
/// labels are judged on their values, as float ones are.
#[test]
fn binary_rule_applies_to_wide_integer_labels() {
    let mut rng = Rng::new(2);
    let (rows, cols) = (500, 3);
    let n = rows * cols;
    let binary: Vec<u64> = (0..n).map(|_| rng.below(2)).collect();
    let yp: Vec<i64> = (0..n).map(|_| rng.below(9) as i64 - 4).collect();
    let t: Vec<f64> = binary.iter().map(|&x| x as f64).collect();
    let p: Vec<f64> = yp.iter().map(|&x| x as f64).collect();
    let signed: Vec<f64> = t.iter().map(|&x| 2.0 * x - 1.0).collect();
    let binary_i = as_i64(&binary);
    for loss in [Loss::Hinge, Loss::SquaredHinge] {
        let want = reference(loss, &t, &p, cols);
        assert_eq!(want, reference(loss, &signed, &p, cols));
        let t32: Vec<f32> = t.iter().map(|&x| x as f32).collect();
        let p32: Vec<f32> = p.iter().map(|&x| x as f32).collect();
        let want32 = reference(loss, &t32, &p32, cols);
        for yt in [Input::U64(&binary), Input::I64(&binary_i)] {
            let (got, _) = run_f64(job(loss, DType::F64, rows, cols, yt, Input::I64(&yp)));
            assert_eq!(common::bits(&got), common::bits(&want), "{loss:?}");
            let (got, _) = run_f32(job(loss, DType::F32, rows, cols, yt, Input::I64(&yp)));
            assert_eq!(got, want32, "{loss:?}");
        }
    }
    // One label of 2^53 makes the labels non-binary: no conversion.
    let mut wide = binary_i.clone();
    wide[n - 1] = SAFE;
    let mut tw = t.clone();
    tw[n - 1] = SAFE as f64;
    for loss in [Loss::Hinge, Loss::SquaredHinge] {
        let want = reference(loss, &tw, &p, cols);
        let (got, _) = run_f64(job(
            loss,
            DType::F64,
            rows,
            cols,
            Input::I64(&wide),
            Input::I64(&yp),
        ));
        assert_eq!(common::bits(&got), common::bits(&want), "{loss:?}");
        assert_ne!(
            common::bits(&got),
            common::bits(&reference(loss, &signed, &p, cols)),
            "{loss:?}"
        );
    }
}
