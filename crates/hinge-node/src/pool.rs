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
    let pool = POOL.get_or_init(|| build(threads()?, "hinge-losses", |_| {}));
    pool.as_ref().map_err(invalid)
}

/// The pool for asynchronous calls. While the work runs the JavaScript thread
/// mostly sleeps, so the pool has as many threads as the synchronous one, and
/// the last of them runs at the idle scheduling class: the JavaScript thread
/// takes that core the moment it wakes (the scheduler places a waking thread
/// on a core that runs only idle-class work, and preempts it at once) and
/// gives it back when it sleeps. The other threads keep the ordinary
/// priority. Where the idle class is missing or refused: N - 1 threads (at
/// least one), so the event loop keeps a core.
///
/// `bench/async-pool.js` on W1, 2 cores (docs/backends.md has the table):
/// this pool ran at 0.92× the synchronous throughput with 1 ms timers delayed
/// by 0.49 ms at the 99th percentile; N - 1 ordinary threads at 0.52×; N
/// ordinary threads at 1.01× but with a 4 ms delay, and a lower nice value
/// barely shortened it. While ordinary threads of the same process or
/// session keep every core busy, work taken by the idle thread waits for it:
/// lowering every thread stalled such calls to 0.01×, lowering one to 0.03×
/// at worst and 0.5–0.9× at the median. The results do not depend on the
/// pool.
pub(crate) fn get_async() -> napi::Result<&'static ThreadPool> {
    let pool = ASYNC_POOL.get_or_init(|| {
        let threads = threads()?;
        let name = "hinge-losses-async";
        if threads > 1 && idle_class::available() {
            build(threads, name, move |i| {
                if i + 1 == threads {
                    idle_class::enter();
                }
            })
        } else {
            build(threads.saturating_sub(1).max(1), name, |_| {})
        }
    });
    pool.as_ref().map_err(invalid)
}

/// The idle scheduling class (Linux `SCHED_IDLE`): a thread in it runs only on
/// a core that nothing else of its group wants.
#[cfg(target_os = "linux")]
mod idle_class {
    /// Whether a thread may enter the class here (a sandbox may refuse it):
    /// tried once, on a thread of its own.
    pub(super) fn available() -> bool {
        std::thread::Builder::new()
            .name("hinge-losses-probe".into())
            .spawn(enter)
            .is_ok_and(|probe| probe.join().unwrap_or(false))
    }

    /// Moves the calling thread, and only it, to the idle class; an
    /// unprivileged thread may always do so, but not come back.
    pub(super) fn enter() -> bool {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: `pthread_self()` names the calling thread, alive for the
        // whole call, and `param` is an initialised value the call only
        // reads. (musl's `sched_setscheduler` is a stub; this goes to the
        // per-thread system call on both C libraries.)
        unsafe { libc::pthread_setschedparam(libc::pthread_self(), libc::SCHED_IDLE, &param) == 0 }
    }
}

#[cfg(not(target_os = "linux"))]
mod idle_class {
    pub(super) fn available() -> bool {
        false
    }

    pub(super) fn enter() -> bool {
        false
    }
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
fn build(
    threads: usize,
    name: &'static str,
    start: impl Fn(usize) + Send + Sync + 'static,
) -> Result<ThreadPool, String> {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(move |i| format!("{name}-{i}"))
        .start_handler(start)
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
