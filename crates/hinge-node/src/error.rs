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

/// A run its caller cancelled; the JS side rejects with its own AbortError.
pub(crate) fn cancelled(e: hinge_core::Cancelled) -> Error {
    Error::new(Status::Cancelled, e.to_string())
}
