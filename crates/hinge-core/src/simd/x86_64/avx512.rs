//! AVX-512: the AVX2 lanes compiled with AVX-512F/VL/BW/DQ enabled, so
//! that the compiler may give the same operations their EVEX forms, 32
//! registers and mask registers; and, in 512-bit registers, (squared)
//! hinge rows of eight (`eights`; `split_eights` for uint8 labels with
//! binary16 scores), categorical rows of sixteen with one-hot labels
//! (`onehot`) and sparse rows of sixteen (`sixteens`). Every bit is the
//! AVX2 set's; in cache the passes ran 4-11 % faster than with AVX2 once
//! uint8 labels and binary16 scores were widened in registers (see
//! `bench/notes/avx512.md`).

use std::arch::x86_64::{__m256, __m256d};

use super::{eights, fixed_eights, onehot, sixteens, split_eights};
use crate::simd::rows::kernel_set;
use crate::simd::{KernelSet, Kernels};

kernel_set!(
    "avx512",
    __m256,
    __m256d,
    "avx2,f16c,avx512f,avx512vl,avx512bw,avx512dq",
    f32 = wide()
);

/// The generic f32 kernels, (squared) hinge taken by `eights`, hinge of
/// uint8 labels and binary16 scores by `split_eights`, categorical hinge
/// by `onehot` and sparse categorical hinge by `sixteens`.
const fn wide() -> Kernels<f32> {
    let mut k = kernels::<__m256>();
    k.same.hinge = eights::hinge::<f32, f32>();
    k.same.categorical = onehot::categorical;
    k.fused.bytes.hinge = eights::hinge::<u8, f32>();
    k.fused.halves.hinge = eights::hinge::<f32, half::f16>();
    k.fused.both.hinge = eights::hinge::<u8, half::f16>();
    k.fused.both.hinge[0][2] = split_eights::hinge;
    k.sparse = sixteens::sparse;
    k
}

/// This set on CPUs with AVX512-FP16 and AVX512-VNNI too: hinge of uint8
/// labels and binary16 scores summed in fixed point by `fixed_eights`.
///
/// Only valid on such a CPU; `select` checks before handing it out.
pub(in crate::simd) static FP16: KernelSet = KernelSet {
    name: "avx512fp16",
    f32: {
        let mut k = wide();
        k.fused.both.hinge[0][2] = fixed_eights::hinge;
        k
    },
    f64: kernels::<__m256d>(),
    #[cfg(feature = "bench")]
    stream,
};
