//! Deterministic sums: fixed-size row blocks, each summed sequentially in
//! f64, combined pairwise in block order. Block boundaries depend only on
//! the shape, never on the thread count, so any pool gives the same bits.

use std::ops::Add;

/// Target elements per block: large enough to amortise scheduling, small
/// enough to give two threads work from ~64 Ki elements.
pub(crate) const BLOCK_ELEMS: usize = 1 << 14;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Partial {
    pub sum: f64,
    pub weight_sum: f64,
}

impl Add for Partial {
    type Output = Self;

    fn add(self, o: Self) -> Self {
        Self {
            sum: self.sum + o.sum,
            weight_sum: self.weight_sum + o.weight_sum,
        }
    }
}

/// Rows per block for rows of `cols` elements; at least one row.
pub(crate) fn block_rows(cols: usize) -> usize {
    (BLOCK_ELEMS / cols.max(1)).max(1)
}

/// Pairwise combination in a fixed tree shape; also keeps rounding error at
/// O(log blocks) instead of O(blocks).
pub(crate) fn combine(parts: &[Partial]) -> Partial {
    match parts {
        [] => Partial::default(),
        [p] => *p,
        _ => {
            let (a, b) = parts.split_at(parts.len() / 2);
            combine(a) + combine(b)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_shape() {
        let p = |s| Partial {
            sum: s,
            weight_sum: 1.0,
        };
        let parts = [p(1e16), p(1.0), p(-1e16), p(1.0)];
        // ((1e16 + 1) + (-1e16 + 1)) = 1e16 + -1e16 = 0 in f64.
        assert_eq!(combine(&parts).sum, 0.0);
        assert_eq!(combine(&parts).weight_sum, 4.0);
        assert_eq!(block_rows(1), BLOCK_ELEMS);
        assert_eq!(block_rows(1 << 20), 1);
    }
}
