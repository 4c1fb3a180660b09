//! Keras' `{0,1}` label decision for (squared) hinge: one check over the whole
//! tensor, decided with a single compute pass in the common cases.

use crate::float::Float;
use crate::source::Source;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Guess {
    /// Every label is 1: both modes agree, nothing to check.
    AllOnes,
    /// The first label that is not 1 is 0: probably binary, to be confirmed
    /// while computing.
    Binary,
    /// Some label is neither 0 nor 1: certainly not binary.
    Plain,
}

/// Labels equal to 1 map to 1 under both modes, so the first other label
/// decides the guess; it is usually found at once.
pub(crate) fn guess<F: Float>(y_true: &Source<'_>) -> Guess {
    let first = y_true
        .parts()
        .iter()
        .find_map(|part| match F::borrow(part) {
            Some(s) => s.iter().copied().find(|&x| x != F::ONE),
            None => (0..part.len())
                .map(|i| part.get::<F>(i))
                .find(|&x| x != F::ONE),
        });
    match first {
        None => Guess::AllOnes,
        // -0 == 0 holds, NaN == 0 does not: as Keras' check.
        Some(x) if x == F::ZERO => Guess::Binary,
        Some(_) => Guess::Plain,
    }
}

/// Non-short-circuiting on purpose: random 0/1 labels would make a
/// per-element branch mispredict half the time, and this form vectorises.
#[inline]
pub(crate) fn all_binary<F: Float>(yt: &[F]) -> bool {
    yt.iter()
        .fold(true, |ok, &x| ok & ((x == F::ZERO) | (x == F::ONE)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Input;

    #[test]
    fn guesses() {
        assert_eq!(
            guess::<f32>(&Input::F32(&[1.0, 1.0]).into()),
            Guess::AllOnes
        );
        assert_eq!(guess::<f32>(&Input::F32(&[]).into()), Guess::AllOnes);
        assert_eq!(
            guess::<f32>(&Input::F32(&[1.0, -0.0, 3.0]).into()),
            Guess::Binary
        );
        assert_eq!(
            guess::<f32>(&Input::F32(&[1.0, f32::NAN]).into()),
            Guess::Plain
        );
        assert_eq!(guess::<f64>(&Input::I8(&[1, -1, 0]).into()), Guess::Plain);
        // 1 + 2^-30 rounds to 1 in f32 but not in f64.
        let near = [1.0 + 2f64.powi(-30), 0.0];
        assert_eq!(guess::<f32>(&Input::F64(&near).into()), Guess::Binary);
        assert_eq!(guess::<f64>(&Input::F64(&near).into()), Guess::Plain);
    }

    #[test]
    fn binary_check() {
        assert!(all_binary(&[0.0_f32, 1.0, -0.0]));
        assert!(!all_binary(&[0.0_f32, 0.5]));
        assert!(!all_binary(&[f64::NAN]));
    }
}
