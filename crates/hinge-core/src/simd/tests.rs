//! Every kernel set this CPU runs, the portable one included, against a
//! reference built from the running row states (the sparse kernels: from
//! the one-hot form's operations; the conversions: from the element casts
//! and the portable binary16 decoding), bit for bit, on random and
//! adversarial rows. Sets the CPU lacks are skipped.

use crate::float::Float;
use crate::input::Input;
use crate::labels;
use crate::source::Source;

use super::binary16;
use super::scalar::{sparse_value, CategoricalRow, HingeRow, RowState};
use super::{available, KernelSet, Kernels, LabelPass, Pass, Rows};

/// The reference kernel of `pass`: each row through its row state.
fn reference<F: Float>(pass: Pass) -> Rows<F> {
    let (squared, labels) = match pass {
        Pass::Categorical => return Rows(rows::<F, CategoricalRow<F>, false>),
        Pass::Hinge { squared, labels } => (squared, labels),
    };
    Rows(match (squared, labels) {
        (false, LabelPass::Keep) => rows::<F, HingeRow<false, false>, false>,
        (false, LabelPass::Convert) => rows::<F, HingeRow<false, true>, false>,
        (false, LabelPass::Check) => rows::<F, HingeRow<false, true>, true>,
        (true, LabelPass::Keep) => rows::<F, HingeRow<true, false>, false>,
        (true, LabelPass::Convert) => rows::<F, HingeRow<true, true>, false>,
        (true, LabelPass::Check) => rows::<F, HingeRow<true, true>, true>,
    })
}

fn rows<F: Float, R: RowState<F>, const CHECK: bool>(
    yt: &[F],
    yp: &[F],
    cols: usize,
    vals: &mut [F],
    sums: Option<&mut [f64; 4]>,
) -> bool {
    let (yt, yp) = (&yt[..vals.len() * cols], &yp[..vals.len() * cols]);
    if CHECK && !labels::all_binary(yt) {
        return false;
    }
    for ((v, t), p) in vals.iter_mut().zip(yt.chunks(cols)).zip(yp.chunks(cols)) {
        let mut row = R::new();
        row.update(t, p);
        *v = row.finish(cols);
    }
    if let Some(lanes) = sums {
        for (i, v) in vals.iter().enumerate() {
            lanes[i % 4] += v.to_f64();
        }
    }
    true
}

trait Pick: Float {
    fn pick(set: &'static KernelSet) -> &'static Kernels<Self>;
    /// Finite values whose products overflow and whose sums cancel.
    const BIG: Self;
    /// The largest finite value: sums of a few overflow.
    const LARGEST: Self;
}

impl Pick for f32 {
    fn pick(set: &'static KernelSet) -> &'static Kernels<f32> {
        &set.f32
    }
    const BIG: f32 = 1e30;
    const LARGEST: f32 = f32::MAX;
}

impl Pick for f64 {
    fn pick(set: &'static KernelSet) -> &'static Kernels<f64> {
        &set.f64
    }
    const BIG: f64 = 1e300;
    const LARGEST: f64 = f64::MAX;
}

fn passes() -> Vec<Pass> {
    let mut all = vec![Pass::Categorical];
    for squared in [false, true] {
        for labels in [LabelPass::Keep, LabelPass::Convert, LabelPass::Check] {
            all.push(Pass::Hinge { squared, labels });
        }
    }
    all
}

/// xorshift64*: reproducible data without extra dependencies.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[(self.next() % from.len() as u64) as usize]
    }

    fn uniform<F: Float>(&mut self) -> F {
        F::from_f64((self.next() >> 11) as f64 / (1u64 << 53) as f64 * 4.0 - 2.0)
    }
}

fn same<F: Float>(a: F, b: F) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_f64().to_bits() == b.to_f64().to_bits()
}

/// Every pass of every set gives the reference's values, label verdict
/// and row sums (added to lanes that already hold a value, so their order
/// shows).
fn compare<F: Pick>(yt: &[F], yp: &[F], cols: usize, what: &dyn Fn() -> String) {
    let rows = yt.len() / cols;
    let start = [0.5, -1.0, 1e-3, 3.0];
    for pass in passes() {
        let mut want = vec![F::ZERO; rows];
        let mut want_sums = start;
        let ok = reference::<F>(pass).run(yt, yp, cols, &mut want, Some(&mut want_sums));
        for set in available() {
            for summing in [false, true] {
                // A value no kernel produces here, to catch unwritten rows.
                let mut got = vec![F::from_f64(-7.0); rows];
                let mut sums = start;
                let lanes = summing.then_some(&mut sums);
                let got_ok = F::pick(set).rows(pass).run(yt, yp, cols, &mut got, lanes);
                let name = set.name;
                assert_eq!(ok, got_ok, "{name} {pass:?} label check, {}", what());
                if !ok {
                    continue;
                }
                for (i, (&w, &g)) in want.iter().zip(&got).enumerate() {
                    assert!(
                        same(w, g),
                        "{name} {pass:?} row {i}: {g:?} != {w:?}, {}",
                        what()
                    );
                }
                if summing {
                    for (k, (&w, &g)) in want_sums.iter().zip(&sums).enumerate() {
                        assert!(
                            same(w, g),
                            "{name} {pass:?} lane {k}: {g} != {w}, {}",
                            what()
                        );
                    }
                }
            }
        }
    }
}

/// Labels: Keras' {0,1}, signs, arbitrary values, one-hot rows.
fn labels<F: Float>(rng: &mut Rng, kind: usize, rows: usize, cols: usize) -> Vec<F> {
    let pick = |rng: &mut Rng, from: &[f64]| F::from_f64(rng.pick(from));
    (0..rows * cols)
        .map(|i| match kind {
            0 => pick(rng, &[0.0, 1.0, -0.0]),
            1 => pick(rng, &[-1.0, 1.0]),
            2 => pick(rng, &[-1.0, 0.0, 0.5, 1.0, 2.0, -0.0]),
            _ => F::from_f64(f64::from(u8::from(i % cols == (i / cols * 5) % cols))),
        })
        .collect()
}

fn random_case<F: Pick>(rng: &mut Rng, rows: usize, cols: usize) {
    for kind in 0..4 {
        let yt = labels::<F>(rng, kind, rows, cols);
        let yp: Vec<F> = (0..rows * cols).map(|_| rng.uniform()).collect();
        compare(&yt, &yp, cols, &|| format!("labels {kind}, {rows}x{cols}"));
        // Magnitudes far apart make every change of summation order show.
        let wild = [
            F::BIG,
            F::ZERO - F::BIG,
            F::ONE,
            F::from_f64(-3.0),
            F::from_f64(1e-30),
        ];
        let yp: Vec<F> = (0..rows * cols).map(|_| rng.pick(&wild)).collect();
        compare(&yt, &yp, cols, &|| {
            format!("wild, labels {kind}, {rows}x{cols}")
        });
    }
    // Categorical sums of +-BIG and 1 cancel differently in every order.
    let ones = vec![F::ONE; rows * cols];
    let cancel = [F::BIG, F::ZERO - F::BIG, F::ONE];
    let yp: Vec<F> = (0..rows * cols).map(|_| rng.pick(&cancel)).collect();
    compare(&ones, &yp, cols, &|| format!("cancelling, {rows}x{cols}"));
}

fn random_shapes<F: Pick>() {
    let mut rng = Rng(0x5eed);
    for cols in 1..=33 {
        for rows in 0..=9 {
            random_case::<F>(&mut rng, rows, cols);
        }
    }
    for cols in 34..=129 {
        random_case::<F>(&mut rng, 5, cols);
    }
    for rows in 10..=129 {
        random_case::<F>(&mut rng, rows, 1);
    }
}

#[test]
fn random_rows_f32() {
    random_shapes::<f32>();
}

#[test]
fn random_rows_f64() {
    random_shapes::<f64>();
}

/// The special values every kernel is tried with.
fn special_values<F: Pick>() -> [F; 7] {
    [
        F::NAN,
        F::ZERO - F::NEG_INFINITY,
        F::NEG_INFINITY,
        F::BIG,
        F::ZERO - F::BIG,
        F::NEG_ZERO,
        F::ZERO,
    ]
}

/// Calls `f` with each special value at each position of a row inside a
/// four-row group (row 1) and of a leftover row (row 5) of six rows.
fn at_every_position<F: Pick>(cols: usize, mut f: impl FnMut(usize, usize, usize, F)) {
    for row in [1, 5] {
        for col in 0..cols {
            for v in special_values::<F>() {
                f(row * cols + col, row, col, v);
            }
        }
    }
}

/// One special value at every position of a row, in labels and in
/// predictions (see `at_every_position`).
fn specials<F: Pick>() {
    let mut rng = Rng(17);
    let rows = 6;
    for cols in 1..=33 {
        let yt = labels::<F>(&mut rng, 0, rows, cols);
        let yp: Vec<F> = (0..rows * cols).map(|_| rng.uniform()).collect();
        at_every_position(cols, |at, row, col, v: F| {
            special_at(&yt, &yp, cols, at, v, &|| format!("{row},{col} of {cols}"));
        });
    }
}

/// `compare` with `v` at element `at` of the labels, then of the scores.
fn special_at<F: Pick>(
    yt: &[F],
    yp: &[F],
    cols: usize,
    at: usize,
    v: F,
    place: &dyn Fn() -> String,
) {
    let mut t = yt.to_vec();
    t[at] = v;
    compare(&t, yp, cols, &|| format!("yTrue {v:?} at {}", place()));
    let mut p = yp.to_vec();
    p[at] = v;
    compare(yt, &p, cols, &|| format!("yPred {v:?} at {}", place()));
}

#[test]
fn specials_in_every_lane_f32() {
    specials::<f32>();
}

#[test]
fn specials_in_every_lane_f64() {
    specials::<f64>();
}

/// Rows of eight go eight rows at a time in the AVX-512 set: one special
/// value at every position of two blocks of them, followed by leftover
/// rows, in labels and in predictions.
fn blocks_of_eight<F: Pick>() {
    let mut rng = Rng(88);
    let (rows, cols) = (19, 8);
    for kind in 0..3 {
        let yt = labels::<F>(&mut rng, kind, rows, cols);
        let yp: Vec<F> = (0..rows * cols).map(|_| rng.uniform()).collect();
        for at in 0..16 * cols {
            for v in special_values::<F>() {
                special_at(&yt, &yp, cols, at, v, &|| format!("{at}, labels {kind}"));
            }
        }
    }
    // Terms 2^53, 2^29, 1, 1 and four zeros, shuffled in each row: whether
    // a 1 is lost to 2^53 depends on the order of the additions, and with
    // 2^29 the sum lies at a tie of f32 rounding, so that the lost 1 shows.
    let ones = vec![F::ONE; rows * cols];
    let terms = [-2f64.powi(53), -2f64.powi(29), 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
    for case in 0..20 {
        let mut yp = Vec::with_capacity(rows * cols);
        for _ in 0..rows {
            let mut row = terms;
            for i in (1..cols).rev() {
                row.swap(i, (rng.next() % (i as u64 + 1)) as usize);
            }
            yp.extend(row.map(F::from_f64));
        }
        compare(&ones, &yp, cols, &|| {
            format!("magnitudes apart, case {case}")
        });
    }
}

#[test]
fn specials_in_blocks_of_eight_rows_f32() {
    blocks_of_eight::<f32>();
}

#[test]
fn specials_in_blocks_of_eight_rows_f64() {
    blocks_of_eight::<f64>();
}

/// Categorical rows of sixteen with one-hot labels go sixteen rows at a
/// time in the AVX-512 set: one special value, a second 1 or a 0.5 at
/// every position of two blocks of them, followed by leftover rows, in
/// labels and in predictions.
fn one_hot_blocks<F: Pick>() {
    let mut rng = Rng(0x10_4077);
    let (rows, cols) = (37, 16);
    let yt: Vec<F> = (0..rows * cols)
        .map(|i| match (i % cols == (i / cols * 7 + 3) % cols, i % 3) {
            (true, _) => F::ONE,
            (false, 0) => F::NEG_ZERO,
            (false, _) => F::ZERO,
        })
        .collect();
    let yp: Vec<F> = (0..rows * cols).map(|_| rng.uniform()).collect();
    compare(&yt, &yp, cols, &|| "one-hot".into());
    let huge = [F::LARGEST, F::LARGEST, F::ZERO - F::LARGEST, F::ONE];
    let big: Vec<F> = (0..rows * cols).map(|_| rng.pick(&huge)).collect();
    compare(&yt, &big, cols, &|| "one-hot, huge".into());
    for at in 0..32 * cols {
        for v in special_values::<F>() {
            special_at(&yt, &yp, cols, at, v, &|| format!("{at}, one-hot"));
        }
        for v in [F::ONE, F::from_f64(0.5)] {
            let mut t = yt.clone();
            t[at] = v;
            compare(&t, &yp, cols, &|| format!("yTrue {v:?} at {at}, one-hot"));
        }
    }
}

#[test]
fn one_hot_rows_in_blocks_of_sixteen_f32() {
    one_hot_blocks::<f32>();
}

#[test]
fn one_hot_rows_in_blocks_of_sixteen_f64() {
    one_hot_blocks::<f64>();
}

#[cfg(feature = "bench")]
fn sums<F: Pick>() {
    for len in 0..=129 {
        // Small integers: every order gives the exact sum.
        let data: Vec<F> = (0..len)
            .map(|i| F::from_f64((i % 7) as f64 - 2.0))
            .collect();
        let want: f64 = data.iter().map(|x| x.to_f64()).sum();
        for set in available() {
            assert_eq!(F::pick(set).sum(&data), want, "{} length {len}", set.name);
        }
    }
}

#[cfg(feature = "bench")]
#[test]
fn read_sums() {
    sums::<f32>();
    sums::<f64>();
}

/// `stream` folds every byte it reads into its result, the xor of the
/// little-endian words of each slice, and writes every byte it writes (the
/// output does not depend on what the buffer held), in every set, for
/// lengths around the vector and step sizes.
#[cfg(feature = "bench")]
#[test]
fn streams_read_and_write_every_byte() {
    for set in available() {
        for len in [0, 1, 31, 32, 63, 64, 65, 129, 4095, 4097, 9000] {
            let a: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            let b: Vec<u8> = (0..len / 3).map(|i| (i * 5 + 1) as u8).collect();
            let written = |fill: u8| {
                let mut w = vec![fill; len * 2 / 3 + 1];
                set.stream(&[&a, &b], Some(&mut w));
                w
            };
            assert_eq!(written(0), written(0xff), "{} length {len}", set.name);
            let want = [&a, &b].iter().flat_map(|s| s.chunks(4)).fold(0, |x, c| {
                let mut w = [0; 4];
                w[..c.len()].copy_from_slice(c);
                x ^ u32::from_le_bytes(w)
            });
            assert_eq!(
                set.stream(&[&a, &b], None),
                want,
                "{} length {len}",
                set.name
            );
        }
    }
}

#[test]
fn selection() {
    let name = super::select().name;
    if cfg!(feature = "force-scalar") || !cfg!(target_arch = "x86_64") {
        assert_eq!(name, "scalar");
    } else {
        assert_eq!(name, available().last().unwrap().name);
    }
}

/// Every set widens every binary16 pattern as the portable decoding does,
/// bit for bit, in vectors and in tails, to either dtype.
#[test]
fn half_conversion_is_the_portable_decoding_in_every_set() {
    let all: Vec<half::f16> = (0..=u16::MAX).map(half::f16::from_bits).collect();
    let input = Input::F16(&all);
    for set in available() {
        // Starts off the vector boundaries, and lengths that leave tails.
        for (start, len) in [(0, all.len()), (1, all.len() - 1), (3, 4093), (5, 3)] {
            let mut f32s = vec![0.0_f32; len];
            let mut f64s = vec![0.0_f64; len];
            set.f32.convert(&input, start, &mut f32s);
            set.f64.convert(&input, start, &mut f64s);
            for (i, (&a, &b)) in f32s.iter().zip(&f64s).enumerate() {
                let bits = all[start + i].to_bits();
                let want = binary16::to_f32(bits);
                assert_eq!(a.to_bits(), want.to_bits(), "{} {bits:#06x}", set.name);
                let wide = f64::from(want).to_bits();
                assert_eq!(b.to_bits(), wide, "{} {bits:#06x} as f64", set.name);
            }
        }
    }
}

/// Every set converts every other element type as its `as` cast does.
#[test]
fn casts_are_the_element_conversions_in_every_set() {
    let mut rng = Rng(29);
    let n = 300;
    let mut words: Vec<u64> = (0..n).map(|_| rng.next()).collect();
    words[..6].copy_from_slice(&[0, 1, u64::MAX, 1 << 63, (1 << 53) + 1, (1 << 24) + 1]);
    let wide: Vec<f64> = words.iter().map(|&w| f64::from_bits(w)).collect();
    let narrow: Vec<f32> = words.iter().map(|&w| f32::from_bits(w as u32)).collect();
    let i8s: Vec<i8> = words.iter().map(|&w| w as i8).collect();
    let u8s: Vec<u8> = words.iter().map(|&w| w as u8).collect();
    let i16s: Vec<i16> = words.iter().map(|&w| w as i16).collect();
    let u16s: Vec<u16> = words.iter().map(|&w| w as u16).collect();
    let i32s: Vec<i32> = words.iter().map(|&w| w as i32).collect();
    let u32s: Vec<u32> = words.iter().map(|&w| w as u32).collect();
    let i64s: Vec<i64> = words.iter().map(|&w| w as i64).collect();
    let bf16s: Vec<half::bf16> = u16s.iter().map(|&b| half::bf16::from_bits(b)).collect();
    let inputs = [
        Input::F32(&narrow),
        Input::F64(&wide),
        Input::I8(&i8s),
        Input::U8(&u8s),
        Input::I16(&i16s),
        Input::U16(&u16s),
        Input::I32(&i32s),
        Input::U32(&u32s),
        Input::I64(&i64s),
        Input::U64(&words),
        Input::BF16(&bf16s),
    ];
    for set in available() {
        for input in &inputs {
            for (start, len) in [(0, n), (1, 70), (7, 33), (n, 0)] {
                let mut f32s = vec![0.0_f32; len];
                let mut f64s = vec![0.0_f64; len];
                set.f32.convert(input, start, &mut f32s);
                set.f64.convert(input, start, &mut f64s);
                for i in 0..len {
                    let (a, b) = (input.get::<f32>(start + i), input.get::<f64>(start + i));
                    assert!(same(f32s[i], a), "{} {input:?} at {}", set.name, start + i);
                    assert!(same(f64s[i], b), "{} {input:?} at {}", set.name, start + i);
                }
            }
        }
    }
}

/// The reference of the sparse kernels: each row through the one-hot
/// form's own operations.
fn sparse_reference<F: Float>(ids: &[usize], yp: &[F], cols: usize) -> Vec<F> {
    ids.iter()
        .zip(yp.chunks(cols))
        .map(|(&id, row)| sparse_value(cols, id, |j| row[j]))
        .collect()
}

/// Every set's sparse kernel against the reference, bit for bit: random
/// rows of every short length, and one special value at every position of
/// a row in a four-row group and of a leftover row.
fn sparse_rows<F: Pick>() {
    let mut rng = Rng(41);
    let check = |ids: &[usize], yp: &[F], cols: usize, what: &dyn Fn() -> String| {
        let want = sparse_reference(ids, yp, cols);
        let labels: Vec<u32> = ids.iter().map(|&id| id as u32).collect();
        for set in available() {
            let mut got = vec![F::from_f64(-7.0); ids.len()];
            let mut buf = vec![0; ids.len()];
            let kernels = F::pick(set);
            let labels = Source::from(Input::U32(&labels));
            let read = kernels.sparse(&labels, 0, &mut buf, yp, cols, &mut got);
            assert_eq!(read, Ok(()), "{} {}", set.name, what());
            assert_eq!(buf, ids, "{} {}", set.name, what());
            for (i, (&w, &g)) in want.iter().zip(&got).enumerate() {
                assert!(
                    same(w, g),
                    "{} row {i}: {g:?} != {w:?}, {}",
                    set.name,
                    what()
                );
            }
        }
    };
    for cols in 1..=40 {
        for rows in 0..=9 {
            let ids: Vec<usize> = (0..rows)
                .map(|_| (rng.next() % cols as u64) as usize)
                .collect();
            let yp: Vec<F> = (0..rows * cols).map(|_| rng.uniform()).collect();
            check(&ids, &yp, cols, &|| format!("{rows}x{cols}"));
            // Ties and zeros of both signs, where the order of maxima shows.
            let ties = [F::ONE, F::ZERO, F::NEG_ZERO, F::from_f64(-1.0)];
            let yp: Vec<F> = (0..rows * cols).map(|_| rng.pick(&ties)).collect();
            check(&ids, &yp, cols, &|| format!("ties, {rows}x{cols}"));
        }
        let rows = 6;
        let ids: Vec<usize> = (0..rows)
            .map(|_| (rng.next() % cols as u64) as usize)
            .collect();
        let yp: Vec<F> = (0..rows * cols).map(|_| rng.uniform()).collect();
        at_every_position(cols, |at, row, col, v: F| {
            let mut p = yp.clone();
            p[at] = v;
            check(&ids, &p, cols, &|| {
                format!("{v:?} at {row},{col} of {cols}")
            });
        });
    }
    // Rows of sixteen go sixteen rows at a time in the AVX-512 set: two
    // blocks of them and leftover rows, every class at many row positions,
    // and a special value at every position of both blocks.
    let (rows, cols) = (37, 16);
    for case in 0..8 {
        let ids: Vec<usize> = (0..rows)
            .map(|_| (rng.next() % cols as u64) as usize)
            .collect();
        let yp: Vec<F> = (0..rows * cols).map(|_| rng.uniform()).collect();
        check(&ids, &yp, cols, &|| format!("blocks, case {case}"));
        let ties = [F::ONE, F::ZERO, F::NEG_ZERO, F::from_f64(-1.0)];
        let yp: Vec<F> = (0..rows * cols).map(|_| rng.pick(&ties)).collect();
        check(&ids, &yp, cols, &|| format!("blocks, ties, case {case}"));
        // Finite scores whose sums overflow, which send a block to the
        // test of each row.
        let huge = [F::LARGEST, F::LARGEST, F::ZERO - F::LARGEST, F::ONE];
        let yp: Vec<F> = (0..rows * cols).map(|_| rng.pick(&huge)).collect();
        check(&ids, &yp, cols, &|| format!("blocks, huge, case {case}"));
    }
    let ids: Vec<usize> = (0..rows).map(|i| (7 * i + i / cols) % cols).collect();
    let yp: Vec<F> = (0..rows * cols).map(|_| rng.uniform()).collect();
    for at in 0..32 * cols {
        for v in special_values::<F>() {
            let mut p = yp.clone();
            p[at] = v;
            check(&ids, &p, cols, &|| format!("blocks, {v:?} at {at}"));
        }
    }
}

#[test]
fn sparse_rows_f32() {
    sparse_rows::<f32>();
}

#[test]
fn sparse_rows_f64() {
    sparse_rows::<f64>();
}

/// A bad class id stops the kernel, naming its row, whatever its position.
#[test]
fn sparse_kernels_refuse_bad_ids() {
    let (rows, cols) = (9, 3);
    let yp = vec![0.5_f32; rows * cols];
    for set in available() {
        for at in 0..rows {
            for bad in [-1, 3, i64::MAX] {
                let mut labels = vec![1_i64; rows];
                labels[at] = bad;
                let (mut ids, mut vals) = (vec![0; rows], vec![0.0; rows]);
                let whole = Source::from(Input::I64(&labels));
                let read = set.f32.sparse(&whole, 0, &mut ids, &yp, cols, &mut vals);
                assert_eq!(read, Err(at), "{} {bad} at {at}", set.name);
                // Cut into spans, the ids are read across the boundary.
                let (a, b) = labels.split_at(4);
                let spans = Source::spans(vec![Input::I64(a), Input::I64(b)]).unwrap();
                let read = set
                    .f32
                    .sparse(&spans, 1, &mut ids, &yp, cols, &mut vals[1..]);
                let want = if at == 0 { Ok(()) } else { Err(at - 1) };
                assert_eq!(read, want, "{} {bad} at {at}, spans", set.name);
            }
        }
    }
}

/// The hinge gradient element by element, in the formulas of `crate::grad`.
fn hinge_grad_reference<F: Float>(
    squared: bool,
    convert: bool,
    t: &[F],
    p: &[F],
    c: F,
    kink: F,
) -> Vec<F> {
    let grad = |(&t, &p): (&F, &F)| {
        let y = if convert { F::TWO * t - F::ONE } else { t };
        let x = F::ONE - y * p;
        if squared {
            ((F::ZERO - y) * F::ZERO.max_sse(x)) * c
        } else {
            let k = if x > F::ZERO {
                F::ONE
            } else if x < F::ZERO {
                F::ZERO
            } else if x == F::ZERO {
                kink
            } else {
                F::NAN
            };
            k * ((F::ZERO - y) * c)
        }
    };
    t.iter().zip(p).map(grad).collect()
}

/// Every set's hinge gradient against the reference, bit for bit: every
/// length up to 40 (full vectors and tails), labels and scores on the kink
/// (`y·p = 1`), random, and one special value at every position.
fn hinge_grads<F: Pick>() {
    let mut rng = Rng(23);
    let labels = [F::ONE, F::ZERO - F::ONE, F::ZERO, F::TWO, F::from_f64(0.5)];
    let scores = [
        F::ONE,
        F::ZERO - F::ONE,
        F::from_f64(0.5),
        F::TWO,
        F::NEG_ZERO,
    ];
    let check = |t: &[F], p: &[F], what: &dyn Fn() -> String| {
        for (squared, convert) in [(false, false), (false, true), (true, false), (true, true)] {
            for (c, kink) in [(0.125, 1.0), (-0.37, 0.5), (3e-5, 0.0)] {
                let (c, kink) = (F::from_f64(c), F::from_f64(kink));
                let want = hinge_grad_reference(squared, convert, t, p, c, kink);
                for set in available() {
                    let mut got = vec![F::from_f64(-7.0); t.len()];
                    F::pick(set).hinge_grad(squared, convert, t, p, c, kink, &mut got);
                    for (i, (&w, &g)) in want.iter().zip(&got).enumerate() {
                        assert!(
                            same(w, g),
                            "{} squared {squared} convert {convert} element {i}: {g:?} != {w:?}, {}",
                            set.name,
                            what()
                        );
                    }
                }
            }
        }
    };
    for n in 0..=40 {
        let t: Vec<F> = (0..n).map(|_| rng.pick(&labels)).collect();
        let on_kink: Vec<F> = (0..n).map(|_| rng.pick(&scores)).collect();
        check(&t, &on_kink, &|| format!("kinks, {n} elements"));
        let p: Vec<F> = (0..n).map(|_| rng.uniform()).collect();
        check(&t, &p, &|| format!("random, {n} elements"));
        for at in 0..n {
            for v in special_values::<F>() {
                let mut q = p.clone();
                q[at] = v;
                check(&t, &q, &|| format!("score {v:?} at {at} of {n}"));
                let mut u = t.clone();
                u[at] = v;
                check(&u, &p, &|| format!("label {v:?} at {at} of {n}"));
            }
        }
    }
}

#[test]
fn hinge_grads_f32() {
    hinge_grads::<f32>();
}

#[test]
fn hinge_grads_f64() {
    hinge_grads::<f64>();
}

/// Every set's kernels over uint8 labels and binary16 scores read in place
/// give the bits of the same kernels over the inputs converted first:
/// values, label verdict and row sums, for every pass and pair of feeds.
fn fed_rows<F: Pick>() {
    use super::{LabelFeed, ScoreFeed};
    let mut rng = Rng(0xfeed);
    let halves = |rng: &mut Rng, n: usize, wild: bool| -> Vec<half::f16> {
        (0..n)
            .map(|_| match wild {
                // Every bit pattern: subnormals, infinities and NaNs too.
                true => half::f16::from_bits(rng.next() as u16),
                false => half::f16::from_f64(rng.uniform::<f64>()),
            })
            .collect()
    };
    let mut shapes: Vec<(usize, usize)> = (1..=33)
        .flat_map(|cols| (0..=9).map(move |rows| (rows, cols)))
        .collect();
    shapes.extend([(130, 1), (67, 8), (41, 16), (3, 1030)]);
    for (rows, cols) in shapes {
        let n = rows * cols;
        for (kind, wild) in [(0, false), (0, true), (1, false), (1, true)] {
            let bytes: Vec<u8> = (0..n)
                .map(|_| match kind {
                    0 => rng.pick(&[0, 1]),
                    _ => rng.pick(&[0, 1, 2, 255]),
                })
                .collect();
            let scores = halves(&mut rng, n, wild);
            let t: Vec<F> = bytes.iter().map(|&b| F::from_elem(b)).collect();
            let p: Vec<F> = scores.iter().map(|&h| F::from_elem(h)).collect();
            for pass in passes() {
                for set in available() {
                    let kernels = F::pick(set);
                    let mut want = vec![F::ZERO; rows];
                    let mut want_sums = [0.5, -1.0, 1e-3, 3.0];
                    let ok = kernels
                        .rows(pass)
                        .run(&t, &p, cols, &mut want, Some(&mut want_sums));
                    let feeds = [
                        (LabelFeed::Bytes(&bytes), ScoreFeed::Same(&p[..])),
                        (LabelFeed::Same(&t[..]), ScoreFeed::Halves(&scores)),
                        (LabelFeed::Bytes(&bytes), ScoreFeed::Halves(&scores)),
                    ];
                    for (k, (yt, yp)) in feeds.into_iter().enumerate() {
                        let what = || format!("{} {pass:?} feeds {k}, {rows}x{cols}", set.name);
                        let mut got = vec![F::from_f64(-7.0); rows];
                        let mut sums = [0.5, -1.0, 1e-3, 3.0];
                        let got_ok =
                            kernels
                                .feed_rows(pass)
                                .run(yt, yp, cols, &mut got, Some(&mut sums));
                        assert_eq!(ok, got_ok, "label check, {}", what());
                        if !ok {
                            continue;
                        }
                        for (i, (&w, &g)) in want.iter().zip(&got).enumerate() {
                            assert!(same(w, g), "row {i}: {g:?} != {w:?}, {}", what());
                        }
                        for (i, (&w, &g)) in want_sums.iter().zip(&sums).enumerate() {
                            assert!(same(w, g), "lane {i}: {g} != {w}, {}", what());
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn fed_rows_f32() {
    fed_rows::<f32>();
}

#[test]
fn fed_rows_f64() {
    fed_rows::<f64>();
}

/// Hinge of uint8 labels and binary16 scores goes sixteen rows of eight at
/// a time in the AVX-512 sets, with its sums split exactly in f32, or
/// (with FP16) in int32 fixed point for `2^-13 <= |u| < 8`: against the
/// reference, with scores of every finite magnitude, scores whose
/// `1 - c * p` rounds in f32, scores across the fixed point's range and at
/// its edges, and one special value or bad label at every position of two
/// blocks.
#[test]
fn binary16_rows_in_blocks_of_sixteen() {
    use super::{LabelFeed, ScoreFeed};
    let (rows, cols) = (37, 8);
    let pass = Pass::Hinge {
        squared: false,
        labels: LabelPass::Check,
    };
    let check = |bytes: &[u8], scores: &[half::f16], what: &dyn Fn() -> String| {
        let t: Vec<f32> = bytes.iter().map(|&b| f32::from(b)).collect();
        let p: Vec<f32> = scores.iter().map(|h| h.to_f32()).collect();
        let mut want = vec![0.0; rows];
        let mut want_sums = [0.5, -1.0, 1e-3, 3.0];
        let ok = reference::<f32>(pass).run(&t, &p, cols, &mut want, Some(&mut want_sums));
        for set in available() {
            for summing in [false, true] {
                let mut got = vec![-7.0; rows];
                let mut sums = [0.5, -1.0, 1e-3, 3.0];
                let got_ok = f32::pick(set).feed_rows(pass).run(
                    LabelFeed::Bytes(bytes),
                    ScoreFeed::Halves(scores),
                    cols,
                    &mut got,
                    summing.then_some(&mut sums),
                );
                let name = set.name;
                assert_eq!(ok, got_ok, "{name} label check, {}", what());
                if !ok {
                    continue;
                }
                for (i, (&w, &g)) in want.iter().zip(&got).enumerate() {
                    assert!(same(w, g), "{name} row {i}: {g} != {w}, {}", what());
                }
                if summing {
                    for (k, (&w, &g)) in want_sums.iter().zip(&sums).enumerate() {
                        assert!(same(w, g), "{name} lane {k}: {g} != {w}, {}", what());
                    }
                }
            }
        }
    };
    let mut rng = Rng(0xf16);
    let n = rows * cols;
    // The edges of the terms: 1 - c * p at 0 and just above, the largest
    // scores, zeros, and the scores below 2^-13, whose 1 + p rounds.
    let edges: [u16; 14] = [
        0x3c00, 0xbc00, 0x3bff, 0xbbff, 0x0000, 0x8000, 0x7bff, 0xfbff, 0x0001, 0x8001, 0x03ff,
        0x0401, 0x07ff, 0x0bff,
    ];
    // Scores of biased exponents `from..=to`, either sign: 2..=17 is every
    // exponent of the fixed point's range, 2^-13 to 4.
    let exponents = |rng: &mut Rng, from: u64, to: u64| {
        let exponent = from + rng.next() % (to - from + 1);
        (rng.next() as u16 & 0x83ff) | (exponent << 10) as u16
    };
    // Its edges: 2^-13 and the score below, the largest scores below 8
    // and 8, the exponent of 4 (whose scale is int16's -2^15), and -1 and
    // the scores around it, where `u` is clamped. They go among scores of
    // the range without one of its ends, so that a range one exponent
    // wider at either end would be taken too.
    let fixed_edges: [u16; 14] = [
        0x0800, 0x8800, 0x07ff, 0x87ff, 0x47ff, 0xc7ff, 0x4800, 0xc800, 0x4400, 0xc400, 0xbc00,
        0xbc01, 0xbbff, 0x3c00,
    ];
    let edged = |rng: &mut Rng, from, to| match rng.next() % 64 {
        0 => rng.pick(&fixed_edges),
        _ => exponents(rng, from, to),
    };
    let kinds: [&dyn Fn(&mut Rng) -> u16; 7] = [
        &|rng| loop {
            let h = rng.next() as u16;
            if h & 0x7c00 != 0x7c00 {
                break h;
            }
        },
        &|rng| (rng.next() % 0x0c00) as u16 | (rng.next() as u16 & 0x8000),
        &|rng| half::f16::from_f64(rng.uniform::<f64>()).to_bits(),
        &|rng| rng.pick(&edges),
        &|rng| exponents(rng, 2, 17),
        &|rng| edged(rng, 2, 16),
        &|rng| edged(rng, 3, 17),
    ];
    for (kind, score) in kinds.iter().enumerate() {
        for case in 0..8 {
            let bytes: Vec<u8> = (0..n).map(|_| rng.pick(&[0, 1])).collect();
            let scores: Vec<half::f16> = (0..n)
                .map(|_| half::f16::from_bits(score(&mut rng)))
                .collect();
            check(&bytes, &scores, &|| format!("scores {kind}, case {case}"));
        }
    }
    // Each edge of the fixed point's range at every position of a block,
    // as the score the label leaves and flipped, among scores of the range
    // without either end; and blocks whose even rows' terms are all 0.
    let labels: Vec<u8> = (0..n).map(|_| rng.pick(&[0, 1])).collect();
    let inner: Vec<u16> = (0..n).map(|_| exponents(&mut rng, 3, 16)).collect();
    let as_scores = |bits: &[u16]| -> Vec<half::f16> {
        bits.iter().map(|&b| half::f16::from_bits(b)).collect()
    };
    for (v, at) in fixed_edges
        .iter()
        .flat_map(|&v| (0..128).map(move |at| (v, at)))
    {
        for flip in [0, 0x8000] {
            let mut p = inner.clone();
            p[at] = v ^ flip ^ (u16::from(labels[at]) << 15);
            check(&labels, &as_scores(&p), &|| {
                format!("edge {v:#06x} ^ {flip:#06x} at {at}")
            });
        }
    }
    for case in 0..8 {
        // At most -1 once the label's sign is applied.
        let p: Vec<u16> = (0..n)
            .map(|i| match (i / cols) % 2 {
                0 => exponents(&mut rng, 15, 17) & 0x7fff | (u16::from(labels[i] == 0) << 15),
                _ => exponents(&mut rng, 2, 17),
            })
            .collect();
        check(&labels, &as_scores(&p), &|| {
            format!("rows of zero terms, case {case}")
        });
    }
    let bytes: Vec<u8> = (0..n).map(|_| rng.pick(&[0, 1])).collect();
    // The special values among scores of any finite magnitude, and among
    // scores of the fixed point's range, whose blocks it takes.
    let scores: Vec<half::f16> = (0..2 * n)
        .map(|i| match i < n {
            true => kinds[0](&mut rng),
            false => kinds[4](&mut rng),
        })
        .map(half::f16::from_bits)
        .collect();
    let (anywhere, in_range) = scores.split_at(n);
    let specials: [u16; 5] = [0x7e00, 0xfe00, 0x7c01, 0x7c00, 0xfc00];
    for at in 0..32 * cols {
        for (v, scores) in specials
            .iter()
            .flat_map(|&v| [(v, anywhere), (v, in_range)])
        {
            let mut p = scores.to_vec();
            p[at] = half::f16::from_bits(v);
            check(&bytes, &p, &|| format!("score {v:#06x} at {at}"));
        }
        for scores in [anywhere, in_range] {
            let mut t = bytes.clone();
            t[at] = 2;
            check(&t, scores, &|| format!("label 2 at {at}"));
        }
    }
}
