//! Why a job is refused.

use std::fmt;

use crate::job::DType;

/// Why a [`Job`](crate::Job) was refused: by [`Job::validate`](crate::Job::validate),
/// before anything is computed, except [`ClassId`](Self::ClassId), which the
/// run finds as it reads the labels.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JobError {
    /// `rows * cols` does not fit in `usize`.
    ShapeOverflow { rows: usize, cols: usize },
    /// A non-empty batch needs at least one class per row.
    ZeroCols { rows: usize },
    /// A slice does not hold the number of elements the shape implies.
    Length {
        what: &'static str,
        expected: usize,
        actual: usize,
    },
    /// The output slice's dtype differs from the compute dtype.
    OutputDType { expected: DType, actual: DType },
    /// A weight-map group with `inner == 0` or `extent == 0`.
    BadGroup {
        index: usize,
        inner: usize,
        extent: usize,
    },
    /// Some row would read a weight past the end of the weights.
    WeightIndex { max_index: usize, len: usize },
    /// The largest reachable weight index does not fit in `usize`.
    WeightIndexOverflow,
    /// A sparse label that is not a class id in `[0, cols)`: the first such
    /// row.
    ClassId { index: usize, cols: usize },
    /// Span `index` of an input has another element type than its first.
    MixedSpans { index: usize },
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ShapeOverflow { rows, cols } => {
                write!(f, "rows * cols overflows: {rows} * {cols}")
            }
            Self::ZeroCols { rows } => {
                write!(f, "cols must be >= 1 when rows > 0, got cols 0 with {rows} rows")
            }
            Self::Length {
                what,
                expected,
                actual,
            } => write!(
                f,
                "{what} must have {expected} elements, got {actual}"
            ),
            Self::OutputDType { expected, actual } => write!(
                f,
                "out must be {} to match the compute dtype, got {}",
                expected.name(),
                actual.name()
            ),
            Self::BadGroup {
                index,
                inner,
                extent,
            } => write!(
                f,
                "weight map group {index} must have inner >= 1 and extent >= 1, got inner {inner}, extent {extent}"
            ),
            Self::WeightIndex { max_index, len } => write!(
                f,
                "weight map reaches index {max_index} but weights has {len} elements"
            ),
            Self::WeightIndexOverflow => {
                write!(f, "weight map indices overflow usize")
            }
            Self::ClassId { index, cols } => {
                write!(f, "yTrue[{index}] must be a class id in [0, {cols})")
            }
            Self::MixedSpans { index } => write!(
                f,
                "span {index} of an input has another element type than its first"
            ),
        }
    }
}

impl std::error::Error for JobError {}

/// Why a run stopped before its end; the outputs may hold some rows'
/// values.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stopped {
    /// The run's cancellation flag was set.
    Cancelled,
    /// A label the kernels check as they read it was refused: a sparse label
    /// that is not a class id ([`JobError::ClassId`], naming the first such
    /// row).
    Refused(JobError),
}

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Cancelled => f.write_str("the computation was cancelled"),
            Self::Refused(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Stopped {}
