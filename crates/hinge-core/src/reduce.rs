//! Deterministic sums: fixed-size row blocks, each summed in four f64
//! lanes, combined pairwise in block order. Block boundaries depend only on
//! the shape, never on the thread count, so any pool gives the same bits.

use std::ops::Add;

use crate::float::Float;
use crate::simd::row_sum;
use crate::simd::Kernels;

/// Target elements per block: large enough to amortise scheduling (a
/// 2^24-element batch makes 256 tasks), small enough that a batch at the
/// parallel threshold splits in two.
pub(crate) const BLOCK_ELEMS: usize = 1 << 16;

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

/// A block's running sums: the value of the block's row `i` goes to lane
/// `i % 4`, so four additions are in flight instead of one, in an order
/// that depends only on the rows.
#[derive(Debug, Default)]
pub(crate) struct Sums {
    values: [f64; 4],
    weights: [f64; 4],
    rows: usize,
}

impl Sums {
    /// The next rows' values, by the kernel set's [`fold`].
    pub fn add<F: Float>(&mut self, kernels: &'static Kernels<F>, vals: &[F]) {
        kernels.fold(&mut self.values, self.rows, vals);
        self.rows += vals.len();
    }

    /// The value lanes, for a kernel to add the next `rows` values itself
    /// (lane `i % 4` for its row `i`); `None` unless those rows start at
    /// lane 0, and then the caller must call [`add`](Self::add).
    pub fn lanes(&mut self, rows: usize) -> Option<&mut [f64; 4]> {
        if self.rows.is_multiple_of(4) {
            self.rows += rows;
            Some(&mut self.values)
        } else {
            None
        }
    }

    /// The next rows' values, weighted in place (`round(value * weight)`,
    /// which `out` then receives), and their weights, by the kernel set's
    /// [`weigh`].
    pub fn add_weighted<F: Float>(
        &mut self,
        kernels: &'static Kernels<F>,
        vals: &mut [F],
        weights: &[F],
    ) {
        kernels.weigh(
            [&mut self.values, &mut self.weights],
            self.rows,
            vals,
            weights,
        );
        self.rows += vals.len();
    }

    pub fn total(&self) -> Partial {
        Partial {
            sum: row_sum(self.values),
            weight_sum: row_sum(self.weights),
        }
    }
}

/// Adds each of `xs`, the rows from `first` on, to its lanes, all of them
/// in one loop: each lane's additions are a chain of their latency, and
/// the arrays' chains then overlap. Compiled in each kernel set, as
/// [`weigh`] is.
#[inline(always)]
pub(crate) fn fold<F: Float, const N: usize>(
    lanes: [&mut [f64; 4]; N],
    first: usize,
    xs: [&[F]; N],
) {
    let len = xs.iter().map(|x| x.len()).min().unwrap_or(0);
    let head = ((4 - first % 4) % 4).min(len);
    let whole = head + (len - head) / 4 * 4;
    // After the head the rows start at lane 0; local copies keep the
    // lanes in registers.
    let mut local = [[0.0; 4]; N];
    for ((l, lane), x) in local.iter_mut().zip(&lanes).zip(xs) {
        *l = **lane;
        for (k, v) in x[..head].iter().enumerate() {
            l[(first + k) % 4] += v.to_f64();
        }
    }
    for i in (head..whole).step_by(4) {
        for (l, x) in local.iter_mut().zip(xs) {
            for (lane, v) in l.iter_mut().zip(&x[i..i + 4]) {
                *lane += v.to_f64();
            }
        }
    }
    for ((lane, l), x) in lanes.into_iter().zip(local).zip(xs) {
        *lane = l;
        for (k, v) in x[whole..len].iter().enumerate() {
            lane[k] += v.to_f64();
        }
    }
}

/// Weighs the values of the rows from `first` on in place and adds them to
/// `lanes[0]`, their weights to `lanes[1]`: compiled in each kernel set,
/// whose registers it then uses (as baseline SSE2 it took about 1 ns a
/// row of W3m in cache, as `fold` did of W8).
#[inline(always)]
pub(crate) fn weigh<F: Float>(
    lanes: [&mut [f64; 4]; 2],
    first: usize,
    vals: &mut [F],
    weights: &[F],
) {
    for (v, &w) in vals.iter_mut().zip(weights) {
        *v = *v * w;
    }
    fold(lanes, first, [vals, weights]);
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

    #[test]
    fn lanes_follow_rows_across_calls() {
        let xs: Vec<f64> = (0..11).map(|i| f64::from(1 << i)).collect();
        let kernels = &crate::simd::select().f64;
        let mut whole = Sums::default();
        whole.add(kernels, &xs);
        let mut split = Sums::default();
        for part in [&xs[..1], &xs[1..6], &xs[6..]] {
            split.add(kernels, part);
        }
        assert_eq!(whole.values, split.values);
        assert_eq!(whole.values[1], 2.0 + 32.0 + 512.0);
        assert_eq!(whole.total().sum, 2047.0);
    }
}
