//! IEEE binary16 to float32 without the F16C instruction: the kernel sets'
//! fallback, exact, and bit for bit what F16C gives (NaNs keep their sign
//! and payload and come back quiet).

/// The float32 value of the binary16 bits `h`, without branches, so that a
/// loop of it vectorises.
#[inline(always)]
pub(crate) fn to_f32(h: u16) -> f32 {
    let h = u32::from(h);
    let sign = (h & 0x8000) << 16;
    let magnitude = h & 0x7fff;
    let fraction = h & 0x03ff;
    // Normal numbers: the fraction shifted into place and the exponent
    // rebiased from 15 to 127.
    let normal = (magnitude << 13) + ((127 - 15) << 23);
    // Zeros and subnormals: fraction · 2^-24, exact in float32.
    let small = (fraction as f32 * f32::from_bits((127 - 24) << 23)).to_bits();
    // Infinities and NaNs: the exponent all ones, a NaN's fraction kept and
    // its quiet bit set.
    let quiet = if fraction == 0 { 0 } else { 0x0040_0000 };
    let special = 0x7f80_0000 | (fraction << 13) | quiet;
    let bits = match magnitude >> 10 {
        0 => small,
        0x1f => special,
        _ => normal,
    };
    f32::from_bits(sign | bits)
}

#[cfg(test)]
mod tests {
    /// Every bit pattern against the `half` crate's software decoding.
    #[test]
    fn every_pattern_decodes_as_half_does() {
        for h in 0..=u16::MAX {
            let want = half::f16::from_bits(h).to_f32_const();
            assert_eq!(super::to_f32(h).to_bits(), want.to_bits(), "{h:#06x}");
        }
    }
}
