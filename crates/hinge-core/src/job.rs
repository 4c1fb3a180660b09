//! The description of one batch, and the validated form the kernels run.

use crate::error::JobError;
use crate::grad::Grad;
use crate::source::Source;
use crate::weights::{Mask, Weights};

/// The loss to compute per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    Hinge,
    SquaredHinge,
    CategoricalHinge,
    /// Categorical hinge whose labels are class ids, one per row, integers
    /// in `[0, cols)`: the one-hot form's values, without building it.
    SparseCategoricalHinge,
}

/// The compute dtype: element-wise arithmetic and per-row values use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    F32,
    F64,
}

impl DType {
    pub fn name(self) -> &'static str {
        match self {
            Self::F32 => "float32",
            Self::F64 => "float64",
        }
    }
}

/// Keras' `{0,1} -> {-1,1}` label conversion for hinge and squared hinge
/// (categorical hinge never converts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Labels {
    /// Keras' rule over this job: convert when every label is 0 or 1.
    #[default]
    Auto,
    /// Convert every label, unchecked: the caller decided over more data
    /// than one job holds.
    Convert,
    /// Never convert.
    Keep,
}

/// Where the per-row (weighted) values go; its dtype must be the compute dtype.
#[derive(Debug)]
pub enum Output<'a> {
    F32(&'a mut [f32]),
    F64(&'a mut [f64]),
}

impl Output<'_> {
    pub fn len(&self) -> usize {
        match self {
            Self::F32(s) => s.len(),
            Self::F64(s) => s.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn dtype(&self) -> DType {
        match self {
            Self::F32(_) => DType::F32,
            Self::F64(_) => DType::F64,
        }
    }
}

/// One batch: `rows x cols` row-major labels and predictions.
#[derive(Debug)]
pub struct Job<'a> {
    pub loss: Loss,
    pub dtype: DType,
    pub labels: Labels,
    pub rows: usize,
    pub cols: usize,
    /// `rows x cols` labels, or `rows` class ids for sparse labels.
    pub y_true: Source<'a>,
    pub y_pred: Source<'a>,
    pub weights: Option<Weights<'a>>,
    /// A mask, weighting each row beside (or instead of) `weights`.
    pub mask: Option<Mask<'a>>,
    pub out: Option<Output<'a>>,
    /// The gradient with respect to `y_pred` to write as well.
    pub grad: Option<Grad<'a>>,
}

/// `sum` = Σ of the (weighted) per-row values; `weight_sum` = Σ of the
/// per-row weights (mask included) in the compute dtype, or `rows` without
/// weights or mask. Both are
/// accumulated in `f64`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    pub sum: f64,
    pub weight_sum: f64,
}

impl<'a> Job<'a> {
    /// Every check [`run`](crate::run) relies on, made once before any data
    /// is read; only the job it returns can be run. Sparse labels are data:
    /// the run checks each class id as it reads it (the one pass over them),
    /// and stops with [`JobError::ClassId`] at a bad one.
    pub fn validate(self) -> Result<ValidJob<'a>, JobError> {
        let (rows, cols) = (self.rows, self.cols);
        let elems = rows
            .checked_mul(cols)
            .ok_or(JobError::ShapeOverflow { rows, cols })?;
        if cols == 0 && rows > 0 {
            return Err(JobError::ZeroCols { rows });
        }
        let labels = if self.loss == Loss::SparseCategoricalHinge {
            rows
        } else {
            elems
        };
        check_len("yTrue", labels, self.y_true.len())?;
        check_len("yPred", elems, self.y_pred.len())?;
        if let Some(out) = &self.out {
            check_len("out", rows, out.len())?;
            if out.dtype() != self.dtype {
                return Err(JobError::OutputDType {
                    expected: self.dtype,
                    actual: out.dtype(),
                });
            }
        }
        if let Some(w) = &self.weights {
            w.validate(rows)?;
        }
        if let Some(m) = &self.mask {
            m.values.validate(rows)?;
        }
        if let Some(g) = &self.grad {
            check_len("grad", elems, g.out.len())?;
            if g.out.dtype() != self.dtype {
                return Err(JobError::OutputDType {
                    expected: self.dtype,
                    actual: g.out.dtype(),
                });
            }
            if let Some(scale) = g.scale {
                check_len("grad scale", rows, scale.len())?;
            }
        }
        Ok(ValidJob(self))
    }
}

/// A [`Job`] that passed [`Job::validate`], the only kind [`run`](crate::run)
/// accepts: the checks are made once, and a job cannot reach the kernels
/// without them.
///
/// ```compile_fail
/// use hinge_core::{DType, Input, Job, Labels, Loss};
///
/// let pool = rayon::ThreadPoolBuilder::new().build().unwrap();
/// let job = Job {
///     loss: Loss::Hinge,
///     dtype: DType::F32,
///     labels: Labels::Auto,
///     rows: 1,
///     cols: 1,
///     y_true: Input::F32(&[1.0]).into(),
///     y_pred: Input::F32(&[0.5]).into(),
///     weights: None,
///     mask: None,
///     out: None,
///     grad: None,
/// };
/// hinge_core::run(job, &pool); // expected `ValidJob`, found `Job`
/// ```
#[derive(Debug)]
pub struct ValidJob<'a>(pub(crate) Job<'a>);

fn check_len(what: &'static str, expected: usize, actual: usize) -> Result<(), JobError> {
    if expected == actual {
        Ok(())
    } else {
        Err(JobError::Length {
            what,
            expected,
            actual,
        })
    }
}
