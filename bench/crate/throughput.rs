//! Throughput of the benchmark workloads (W1, W2, W3, W5) against the
//! read-only roofline over the same buffers, on 1 and 2 threads, then hinge
//! float32 [n/8, 8] on 1 vs 2 threads across sizes. `cargo bench -p
//! hinge-core --features bench`, with `HINGE_INSTRUCTION_SET=sse2` (or
//! `scalar`) for a narrower set than the CPU's best; std only; median of
//! repeated runs.
//!
//! Two more modes, named after `--`:
//! - `sets`: the compute-heavier passes (categorical with 16 and 32
//!   classes, gradients, float16, sparse ids) on one thread in cache and
//!   from memory, and on two threads from memory, for comparing instruction
//!   sets (or builds) process by process;
//! - `scaling`: every workload of `BENCH.md` on pools of 1 and 2 threads,
//!   interleaved round by round with the read roofline, then the fixed
//!   cost of a call, of a block and of a pool task (`blocks`: those alone).

use std::hint::black_box;
use std::time::{Duration, Instant};

use hinge_core::{read_sum, DType, Floats, Input, Job, Labels, Loss};
use rayon::{ThreadPool, ThreadPoolBuilder};

/// xorshift64*: the same data on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn median(mut f: impl FnMut(), budget: Duration) -> Duration {
    f();
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5 || (start.elapsed() < budget && times.len() < 1000) {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

#[path = "modes.rs"]
mod modes;

fn pool(threads: usize) -> ThreadPool {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

fn run(loss: Loss, dtype: DType, cols: usize, yt: Input<'_>, yp: Input<'_>, pool: &ThreadPool) {
    let job = Job {
        loss,
        dtype,
        labels: Labels::Auto,
        rows: yt.len() / cols,
        cols,
        y_true: yt.into(),
        y_pred: yp.into(),
        weights: None,
        out: None,
        mask: None,
        grad: None,
    };
    black_box(hinge_core::run(job.validate().unwrap(), pool).unwrap());
}

fn floats(input: Input<'_>) -> Floats<'_> {
    match input {
        Input::F32(s) => Floats::F32(s),
        Input::F64(s) => Floats::F64(s),
        _ => unreachable!("the workloads are float"),
    }
}

fn main() {
    let mode = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    match mode.as_deref() {
        Some("sets") => return modes::sets(),
        Some("scaling") => return modes::scaling(),
        Some("blocks") => return modes::blocks(),
        _ => {}
    }
    let budget = Duration::from_millis(1500);
    let mut rng = Rng(42);
    let n = 1 << 24;
    let yp: Vec<f32> = (0..n).map(|_| (rng.next() * 4.0 - 2.0) as f32).collect();
    let signs: Vec<f32> = (0..n)
        .map(|_| if rng.next() < 0.5 { -1.0 } else { 1.0 })
        .collect();
    let binary: Vec<f32> = signs.iter().map(|&t| (t + 1.0) / 2.0).collect();
    let onehot: Vec<f32> = (0..n)
        .map(|i| f32::from(u8::from(i % 16 == (i / 16 * 7) % 16)))
        .collect();
    let yp64: Vec<f64> = yp[..n / 2].iter().map(|&x| f64::from(x)).collect();
    let signs64: Vec<f64> = signs[..n / 2].iter().map(|&x| f64::from(x)).collect();
    let workloads = [
        (
            "W1",
            Loss::Hinge,
            DType::F32,
            8,
            Input::F32(&signs),
            Input::F32(&yp),
        ),
        (
            "W2",
            Loss::Hinge,
            DType::F32,
            8,
            Input::F32(&binary),
            Input::F32(&yp),
        ),
        (
            "W3",
            Loss::CategoricalHinge,
            DType::F32,
            16,
            Input::F32(&onehot),
            Input::F32(&yp),
        ),
        (
            "W5",
            Loss::SquaredHinge,
            DType::F64,
            8,
            Input::F64(&signs64),
            Input::F64(&yp64),
        ),
    ];
    let bytes = 2 * n * 4;
    let gbs = |t: Duration| bytes as f64 / t.as_secs_f64() / 1e9;

    println!("instruction set: {}", hinge_core::instruction_set());
    let pools = [pool(1), pool(2)];
    for (threads, p) in [1, 2].into_iter().zip(&pools) {
        println!("{threads} thread(s), GB/s of input (% of the roofline over the same buffers):");
        for (name, loss, dtype, cols, yt, yp) in workloads {
            let roof = median(
                || {
                    black_box(read_sum(floats(yt), threads, p));
                    black_box(read_sum(floats(yp), threads, p));
                },
                budget,
            );
            let t = median(|| run(loss, dtype, cols, yt, yp, p), budget);
            println!(
                "  {name}: {:.1} GB/s, roofline {:.1} GB/s ({:.0} %)",
                gbs(t),
                gbs(roof),
                100.0 * roof.as_secs_f64() / t.as_secs_f64()
            );
        }
    }
    println!("hinge float32 [n/8, 8], median µs on 1 vs 2 threads:");
    let mut size = 1 << 12;
    while size <= n {
        let (yt, yp) = (Input::F32(&signs[..size]), Input::F32(&yp[..size]));
        let t: Vec<f64> = pools
            .iter()
            .map(|p| {
                let t = median(|| run(Loss::Hinge, DType::F32, 8, yt, yp, p), budget / 8);
                t.as_secs_f64() * 1e6
            })
            .collect();
        let k = size.trailing_zeros();
        println!(
            "  n = 2^{k:<2} {:>10.1} {:>10.1}  ({:.2}x)",
            t[0],
            t[1],
            t[0] / t[1]
        );
        size *= 4;
    }
}
