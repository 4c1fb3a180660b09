//! `lossAsync`: the work runs on a libuv pool thread, which hands the rows
//! to the asynchronous rayon pool and blocks until they are done or
//! cancelled.

use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::Arc;

use hinge_core::ValidJob;
use napi::{Env, Task};
use napi_derive::napi;

use crate::error::invalid;
use crate::view::Pin;
use crate::{compute, pool, Totals};

/// Cancels the `lossAsync` calls it is passed to: once `cancel()` is
/// called, their work stops at the next block of rows and their promises
/// reject.
#[napi]
#[derive(Default)]
pub struct CancelFlag(Arc<AtomicBool>);

#[napi]
impl CancelFlag {
    #[napi(constructor)]
    pub fn new() -> Self {
        Self::default()
    }

    #[napi]
    pub fn cancel(&self) {
        self.0.store(true, Relaxed);
    }
}

pub struct LossTask {
    /// Taken by `compute`; its borrows are what `_pins` keeps alive.
    job: Option<ValidJob<'static>>,
    cancel: Arc<AtomicBool>,
    /// Dropped by napi on the JavaScript thread after the promise settles.
    _pins: Vec<Pin>,
}

impl LossTask {
    pub(crate) fn new(job: ValidJob<'static>, pins: Vec<Pin>, cancel: Option<&CancelFlag>) -> Self {
        Self {
            job: Some(job),
            cancel: cancel.map_or_else(Arc::default, |c| Arc::clone(&c.0)),
            _pins: pins,
        }
    }
}

impl Task for LossTask {
    type Output = Totals;
    type JsValue = Totals;

    fn compute(&mut self) -> napi::Result<Totals> {
        let pool = pool::get_async()?;
        let job = self
            .job
            .take()
            .ok_or_else(|| invalid("the job already ran"))?;
        compute(job, pool, &self.cancel)
    }

    fn resolve(&mut self, _env: Env, totals: Totals) -> napi::Result<Totals> {
        Ok(totals)
    }
}
