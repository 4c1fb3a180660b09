//! `lossAsync`: the work runs on a libuv pool thread, which hands the rows
//! to the asynchronous rayon pool and blocks until they are done.

use hinge_core::Totals;
use napi::{Env, Task};

use crate::call::Call;
use crate::pool;
use crate::view::Pin;

pub struct LossTask {
    call: Call,
    /// Dropped by napi on the JavaScript thread after the promise settles.
    _pins: Vec<Pin>,
}

impl LossTask {
    pub(crate) fn new(call: Call, pins: Vec<Pin>) -> Self {
        Self { call, _pins: pins }
    }
}

impl Task for LossTask {
    type Output = Totals;
    type JsValue = ();

    fn compute(&mut self) -> napi::Result<Totals> {
        let pool = pool::get_async()?;
        // SAFETY: the pins keep every array alive; the caller's contract
        // (documented) is not to write, transfer or detach them until the
        // promise settles, and `Call::parse` ruled out `out` aliasing inputs.
        unsafe { self.call.compute(pool) }
    }

    fn resolve(&mut self, _env: Env, totals: Totals) -> napi::Result<()> {
        // SAFETY: back on the JavaScript thread, the result array pinned.
        unsafe { self.call.write_result(totals) };
        Ok(())
    }
}
