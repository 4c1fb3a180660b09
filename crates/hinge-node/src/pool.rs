//! The process-wide rayon pools, shared by the main thread and every worker:
//! one for synchronous calls, one for asynchronous ones.

use std::env::{self, VarError};
use std::sync::OnceLock;

use rayon::{ThreadPool, ThreadPoolBuilder};

use crate::error::invalid;

const VAR: &str = "HINGE_LOSSES_NUM_THREADS";
/// Far above any core count we target; guards against spawning a runaway
/// number of threads from a typo.
const MAX_THREADS: usize = 1024;

static THREADS: OnceLock<Result<usize, String>> = OnceLock::new();
static POOL: OnceLock<Result<ThreadPool, String>> = OnceLock::new();
static ASYNC_POOL: OnceLock<Result<ThreadPool, String>> = OnceLock::new();

/// The pool for synchronous calls, built on first use: HINGE_LOSSES_NUM_THREADS
/// threads, by default the available cores. A bad environment variable is
/// remembered, so every call keeps failing with the same message instead of
/// silently falling back.
pub(crate) fn get() -> napi::Result<&'static ThreadPool> {
    let pool = POOL.get_or_init(|| build(threads()?, "hinge-losses"));
    pool.as_ref().map_err(invalid)
}

/// The pool for asynchronous calls: as many threads as the synchronous one.
/// The JavaScript thread mostly sleeps while an asynchronous call runs, so a
/// pool of N - 1 threads left a core idle: `bench/async-pool.js` on W1 (2
/// cores, docs/backends.md has the table) measured it at 0.52x the
/// synchronous throughput, and N threads at 1.01x with 1 ms timers delayed by
/// 4 ms at the 99th percentile. Putting the last thread in the idle
/// scheduling class cut that delay to 0.5 ms, but stalled calls (down to
/// 0.03x) whenever other threads of the same process kept every core busy,
/// as a server's own work may: N ordinary threads keep the throughput under
/// such load. The results do not depend on the pool.
pub(crate) fn get_async() -> napi::Result<&'static ThreadPool> {
    let pool = ASYNC_POOL.get_or_init(|| build(threads()?, "hinge-losses-async"));
    pool.as_ref().map_err(invalid)
}

fn threads() -> Result<usize, String> {
    THREADS.get_or_init(read_threads).clone()
}

fn read_threads() -> Result<usize, String> {
    Ok(match env::var(VAR) {
        Err(VarError::NotPresent) => default_threads(),
        Err(VarError::NotUnicode(raw)) => {
            return Err(bad_value(&raw.to_string_lossy()));
        }
        Ok(v) if v.trim().is_empty() => default_threads(),
        Ok(v) => parse(&v).ok_or_else(|| bad_value(&v))?,
    })
}

/// `start` runs on each thread, with its index, before it takes work.
fn build(threads: usize, name: &'static str) -> Result<ThreadPool, String> {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(move |i| format!("{name}-{i}"))
        .build()
        .map_err(|e| format!("hinge-losses could not start {threads} threads ({VAR}): {e}"))
}

fn parse(v: &str) -> Option<usize> {
    let v = v.trim();
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok().filter(|n| (1..=MAX_THREADS).contains(n))
}

fn bad_value(v: &str) -> String {
    format!("{VAR} must be an integer from 1 to {MAX_THREADS}, got '{v}'")
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn parses_strictly() {
        assert_eq!(parse("4"), Some(4));
        assert_eq!(parse(" 2 "), Some(2));
        for bad in ["0", "-1", "+3", "1.5", "abc", "1e3", "99999"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
