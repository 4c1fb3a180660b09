//! Where a computed value may land when only the order of its `f64` sums is
//! free.
//!
//! Element-wise terms are exact IEEE operations, but the rounding of a sum
//! depends on the order of its additions (blocks, SIMD lanes). An interval
//! holds every value any order can give; `Nan` means every order gives NaN;
//! `Any` means some order may overflow or meet `Inf - Inf`, so nothing is
//! promised.

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Iv {
    Nan,
    Any,
    Range(f64, f64),
}

/// Finite sums whose magnitudes stay below this cannot overflow in any order.
const SAFE: f64 = f64::MAX / 2.0;

impl Iv {
    pub fn point(x: f64) -> Self {
        if x.is_nan() {
            Self::Nan
        } else {
            Self::Range(x, x)
        }
    }

    /// `f` applied to the interval; `f` must be monotone on it.
    pub fn map(self, f: impl Fn(f64) -> f64) -> Self {
        let Self::Range(lo, hi) = self else {
            return self;
        };
        let (a, b) = (f(lo), f(hi));
        match (a.is_nan(), b.is_nan()) {
            (true, true) => Self::Nan,
            (false, false) => Self::Range(a.min(b), a.max(b)),
            // NaN at one end only (Inf * 0, Inf - Inf): order-dependent.
            _ => Self::Any,
        }
    }

    pub fn contains(self, x: f64) -> bool {
        match self {
            Self::Any => true,
            Self::Nan => x.is_nan(),
            Self::Range(lo, hi) => x >= lo && x <= hi,
        }
    }
}

/// Every `f64` sum, in any order, of one value from each interval.
///
/// Reordering a sum of `m` terms moves it at most `(m - 1)·2^-53·Σ|x|` from
/// the exact sum; the slack is twice that on each side, to cover this
/// function's own rounding as well.
pub fn sum(items: &[Iv]) -> Iv {
    if items.contains(&Iv::Nan) {
        return Iv::Nan;
    }
    let ranges = || {
        items.iter().filter_map(|i| match *i {
            Iv::Range(lo, hi) => Some((lo, hi)),
            _ => None,
        })
    };
    let sure_pos = ranges().any(|(lo, _)| lo == f64::INFINITY);
    let sure_neg = ranges().any(|(_, hi)| hi == f64::NEG_INFINITY);
    if sure_pos && sure_neg {
        return Iv::Nan;
    }
    if items.contains(&Iv::Any) {
        return Iv::Any;
    }
    let may_pos = ranges().any(|(_, hi)| hi == f64::INFINITY);
    let may_neg = ranges().any(|(lo, _)| lo == f64::NEG_INFINITY);
    if may_pos && may_neg {
        return Iv::Any;
    }
    let finite = |x: f64| if x.is_finite() { x } else { 0.0 };
    let (mut lo, mut hi, mut magnitude) = (0.0, 0.0, 0.0_f64);
    for (l, h) in ranges() {
        lo += finite(l);
        hi += finite(h);
        magnitude += finite(l).abs().max(finite(h).abs());
    }
    if magnitude >= SAFE {
        return Iv::Any;
    }
    let slack = items.len() as f64 * 2f64.powi(-51) * magnitude;
    if sure_pos {
        return Iv::point(f64::INFINITY);
    }
    if sure_neg {
        return Iv::point(f64::NEG_INFINITY);
    }
    Iv::Range(
        if may_neg {
            f64::NEG_INFINITY
        } else {
            lo - slack
        },
        if may_pos { f64::INFINITY } else { hi + slack },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums() {
        let p = Iv::point;
        assert_eq!(sum(&[]), p(0.0));
        assert_eq!(sum(&[p(1.0), p(f64::NAN)]), Iv::Nan);
        assert_eq!(sum(&[p(f64::INFINITY), p(f64::NEG_INFINITY)]), Iv::Nan);
        assert_eq!(sum(&[p(f64::INFINITY), p(-3.0)]), p(f64::INFINITY));
        assert_eq!(sum(&[p(f64::MAX), p(-f64::MAX)]), Iv::Any);
        let Iv::Range(lo, hi) = sum(&[p(1e16), p(1.0), p(-1e16)]) else {
            panic!()
        };
        assert!(lo <= 0.0 && hi >= 2.0 && hi - lo < 100.0);
    }
}
