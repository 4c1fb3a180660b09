//! `hinge_core::run` for Loss::Hinge against the scalar reference.
#![no_main]

use hinge_core::Loss;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| hinge_core_fuzz::check(bytes, Loss::Hinge));
