//! The one place where failures become JS errors.

use napi::{Error, Status};

/// An argument the caller got wrong; thrown as a JS `Error`.
pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::new(Status::InvalidArg, message.into())
}

/// A panic caught at the FFI boundary: reported instead of aborting Node.
pub(crate) fn internal(payload: Box<dyn std::any::Any + Send>) -> Error {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    Error::new(
        Status::GenericFailure,
        format!("hinge-losses internal error: {detail}"),
    )
}

/// A run that stopped early: cancelled by its caller (the JS side rejects
/// with its own AbortError), or refused over a label the kernels check as
/// they read it (the facade names the class id from the row this message
/// names: keep the two in step, see `src/native/backend.ts`).
pub(crate) fn stopped(e: hinge_core::Stopped) -> Error {
    match e {
        hinge_core::Stopped::Cancelled => Error::new(Status::Cancelled, e.to_string()),
        _ => invalid(e.to_string()),
    }
}
