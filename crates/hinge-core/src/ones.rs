//! A mask of bytes counted: how many are 1, each checked to be 0 or 1.

/// Bytes added lane by lane, as wide as two AVX2 registers.
const LANES: usize = 32;

/// Rows of `LANES` bytes added up per lane before a check: a lane's sum of
/// 0s and 1s then stays below 256. Branch-free within, the loop vectorises
/// to byte additions and ors; a sum of `u32`s ran at a quarter the speed.
const ROWS: usize = 255;

const BLOCK: usize = LANES * ROWS;

/// How many of `mask` are 1 when each is 0 or 1; `Err(i)` when byte `i` is
/// the first that is neither.
pub fn count_ones(mask: &[u8]) -> Result<usize, usize> {
    let mut ones = 0;
    for (b, block) in mask.chunks(BLOCK).enumerate() {
        let rows = block.chunks_exact(LANES);
        let tail = rows.remainder();
        let (mut sums, mut any) = ([0_u8; LANES], [0_u8; LANES]);
        for row in rows {
            for j in 0..LANES {
                sums[j] = sums[j].wrapping_add(row[j]);
                any[j] |= row[j];
            }
        }
        let any = any.iter().chain(tail).fold(0, |o, &x| o | x);
        // A byte above 1 has a bit other than the lowest set.
        if any > 1 {
            if let Some(i) = block.iter().position(|&x| x > 1) {
                return Err(b * BLOCK + i);
            }
        }
        ones += sums
            .iter()
            .chain(tail)
            .map(|&x| usize::from(x))
            .sum::<usize>();
    }
    Ok(ones)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_ones_and_names_the_first_other_byte() {
        assert_eq!(count_ones(&[]), Ok(0));
        let mut mask: Vec<u8> = (0..3 * BLOCK + 5).map(|i| u8::from(i % 3 != 0)).collect();
        let ones = mask.iter().filter(|&&x| x == 1).count();
        assert_eq!(count_ones(&mask), Ok(ones));
        // Every value but 0 and 1, at block edges and inside blocks, behind
        // a later bad byte too.
        for at in [0, 1, BLOCK - 1, BLOCK, 2 * BLOCK + 7, mask.len() - 1] {
            for bad in [2, 3, 128, 255] {
                let keep = mask[at];
                mask[at] = bad;
                let last = mask.len() - 1;
                let later = (at < last).then(|| std::mem::replace(&mut mask[last], 2));
                assert_eq!(count_ones(&mask), Err(at), "{bad} at {at}");
                if let Some(v) = later {
                    mask[last] = v;
                }
                mask[at] = keep;
            }
        }
    }
}
