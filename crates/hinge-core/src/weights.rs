//! Per-row weights read through a broadcast map, so a weight tensor never
//! has to be expanded to one value per row.

use crate::error::JobError;
use crate::float::Float;
use crate::source::Source;

/// One axis of a broadcast: row `r` contributes
/// `((r / inner) % extent) * stride` to its weight index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    pub inner: usize,
    pub extent: usize,
    pub stride: usize,
}

/// Maps a row to the index of its weight; no groups means one scalar weight.
///
/// This expresses NumPy broadcasting of a weight tensor against the
/// per-sample losses without materialising the broadcast weights.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeightMap(pub Vec<Group>);

impl WeightMap {
    pub fn new(groups: Vec<Group>) -> Self {
        Self(groups)
    }

    /// Every row reads weight 0.
    pub fn scalar() -> Self {
        Self(Vec::new())
    }

    pub fn groups(&self) -> &[Group] {
        &self.0
    }

    #[inline]
    pub fn index(&self, row: usize) -> usize {
        self.0
            .iter()
            .map(|g| (row / g.inner) % g.extent * g.stride)
            .sum()
    }

    /// An upper bound of `index(r)` over `r < rows`, exact for broadcast
    /// layouts (where the last row reaches every group's last position).
    fn max_index(&self, rows: usize) -> Result<usize, JobError> {
        let last = rows - 1;
        self.0.iter().try_fold(0_usize, |acc, g| {
            let reach = (g.extent - 1).min(last / g.inner);
            reach
                .checked_mul(g.stride)
                .and_then(|v| acc.checked_add(v))
                .ok_or(JobError::WeightIndexOverflow)
        })
    }
}

/// Per-row weights, read through a [`WeightMap`].
#[derive(Debug, Clone)]
pub struct Weights<'a> {
    pub data: Source<'a>,
    pub map: WeightMap,
}

impl Weights<'_> {
    #[inline]
    pub(crate) fn get<F: Float>(&self, index: usize) -> F {
        self.data.get(index)
    }

    pub(crate) fn validate(&self, rows: usize) -> Result<(), JobError> {
        for (index, g) in self.map.0.iter().enumerate() {
            if g.inner == 0 || g.extent == 0 {
                return Err(JobError::BadGroup {
                    index,
                    inner: g.inner,
                    extent: g.extent,
                });
            }
        }
        if rows == 0 {
            return Ok(());
        }
        let max_index = self.map.max_index(rows)?;
        let len = self.data.len();
        if max_index < len {
            Ok(())
        } else {
            Err(JobError::WeightIndex { max_index, len })
        }
    }
}

/// Keras' mask as a second per-row factor (its `apply_mask`): row `r`'s
/// weight is `w · (m · scale)` with a sample weight `w`, or `m · scale`
/// without one, each operation in the compute dtype, `m` read through the
/// mask's own map. Fused so, a masked pass reads the mask and nothing more.
#[derive(Debug, Clone)]
pub struct Mask<'a> {
    pub values: Weights<'a>,
    /// `total / valid` for the reductions that average over the batch, 1
    /// otherwise; a value of the compute dtype.
    pub scale: f64,
}

impl WeightMap {
    /// Whether row `r` reads entry `r` for every `r < rows`.
    pub(crate) fn is_per_row(&self, rows: usize) -> bool {
        matches!(self.0[..], [Group { inner: 1, extent, stride: 1 }] if extent >= rows)
    }
}

/// Walks [`WeightMap::index`] row by row without its two divisions per
/// group, which dominate when rows are short.
pub(crate) struct Cursor<'m> {
    groups: &'m [Group],
    /// Per group: `(row % inner, (row / inner) % extent)`.
    pos: Vec<(usize, usize)>,
    index: usize,
}

impl<'m> Cursor<'m> {
    pub fn new(map: &'m WeightMap, row: usize) -> Self {
        Self {
            groups: &map.0,
            pos: map
                .0
                .iter()
                .map(|g| (row % g.inner, (row / g.inner) % g.extent))
                .collect(),
            index: map.index(row),
        }
    }

    #[inline]
    pub fn index(&self) -> usize {
        self.index
    }

    #[inline]
    pub fn advance(&mut self) {
        for (g, (rem, q)) in self.groups.iter().zip(&mut self.pos) {
            *rem += 1;
            if *rem == g.inner {
                *rem = 0;
                *q += 1;
                // Wrapping: past the last row the sum may leave usize for a
                // moment; it is exact again (and unused) modulo 2^64.
                self.index = self.index.wrapping_add(g.stride);
                if *q == g.extent {
                    *q = 0;
                    self.index = self.index.wrapping_sub(g.extent.wrapping_mul(g.stride));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcast_index() {
        // weights of shape [3, 1] against losses [3, 2]: row r = (i, j)
        let map = WeightMap::new(vec![
            Group {
                inner: 2,
                extent: 3,
                stride: 1,
            },
            Group {
                inner: 1,
                extent: 2,
                stride: 0,
            },
        ]);
        let idx: Vec<_> = (0..6).map(|r| map.index(r)).collect();
        assert_eq!(idx, [0, 0, 1, 1, 2, 2]);
        assert_eq!(map.max_index(6), Ok(2));
        for start in 0..6 {
            let mut c = Cursor::new(&map, start);
            for r in start..20 {
                assert_eq!(c.index(), map.index(r), "start {start} row {r}");
                c.advance();
            }
        }
        assert_eq!(map.max_index(3), Ok(1));
    }
}
