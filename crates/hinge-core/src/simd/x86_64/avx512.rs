//! AVX-512: the AVX2 lanes compiled with AVX-512F/VL/BW/DQ enabled, so
//! that the compiler may give the same operations their EVEX forms, 32
//! registers and mask registers. The arithmetic, and so every bit, is the
//! AVX2 set's; in cache the passes ran 4-11 % faster than with AVX2 once
//! uint8 labels and binary16 scores were widened in registers (see
//! `bench/notes/avx512.md`).

use std::arch::x86_64::{__m256, __m256d};

use crate::simd::rows::kernel_set;

kernel_set!(
    "avx512",
    __m256,
    __m256d,
    "avx2,f16c,avx512f,avx512vl,avx512bw,avx512dq"
);
