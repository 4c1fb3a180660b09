//! The process-wide rayon pool, shared by the main thread and every worker.

use std::env::{self, VarError};
use std::sync::OnceLock;

use rayon::{ThreadPool, ThreadPoolBuilder};

use crate::error::invalid;

const VAR: &str = "HINGE_LOSSES_NUM_THREADS";
/// Far above any core count we target; guards against spawning a runaway
/// number of threads from a typo.
const MAX_THREADS: usize = 1024;

static POOL: OnceLock<Result<ThreadPool, String>> = OnceLock::new();

/// The pool, built on first use. A bad environment variable is remembered,
/// so every call keeps failing with the same message instead of silently
/// falling back.
pub(crate) fn get() -> napi::Result<&'static ThreadPool> {
    POOL.get_or_init(build).as_ref().map_err(invalid)
}

fn build() -> Result<ThreadPool, String> {
    let threads = match env::var(VAR) {
        Err(VarError::NotPresent) => default_threads(),
        Err(VarError::NotUnicode(raw)) => {
            return Err(bad_value(&raw.to_string_lossy()));
        }
        Ok(v) if v.trim().is_empty() => default_threads(),
        Ok(v) => parse(&v).ok_or_else(|| bad_value(&v))?,
    };
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("hinge-losses-{i}"))
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
