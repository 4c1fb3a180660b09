#!/usr/bin/env bash
# Fuzzes hinge_core::run against the scalar reference in crates/hinge-core/fuzz, one
# target per loss, each for a set time. Outside CI: it needs cargo-fuzz and libFuzzer.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET...]
#
# With a nightly toolchain the targets run under AddressSanitizer; on stable only,
# without a sanitizer (`-s none`). FUZZ_SCALAR=1 fuzzes the portable kernels instead of
# the widest instruction set this CPU offers. The working corpus starts from the seeds
# and grows under the fuzz crate's target/; findings land in target/artifacts/<target>/.
set -euo pipefail

seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(hinge squared_hinge categorical_hinge)

fuzz_dir="$(cd "$(dirname "$0")/../crates/hinge-core/fuzz" && pwd)"
cd "$fuzz_dir"

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked

if rustup run nightly rustc --version >/dev/null 2>&1; then
  toolchain=(+nightly)
  sanitizer=(--sanitizer address)
else
  toolchain=()
  sanitizer=(--sanitizer none)
fi
features=()
[ "${FUZZ_SCALAR:-0}" = 1 ] && features=(--features force-scalar)

failed=()
for target in "${targets[@]}"; do
  corpus="target/corpus/$target"
  artifacts="target/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  echo "== $target: ${seconds}s (${toolchain[*]:-stable} ${sanitizer[*]} ${features[*]})"
  if ! cargo "${toolchain[@]}" fuzz run --release "${sanitizer[@]}" "${features[@]}" "$target" "$corpus" seeds -- \
    -max_total_time="$seconds" -artifact_prefix="$artifacts" -print_final_stats=1 2>&1 |
    grep -E '^(Done|stat::number_of_executed_units|thread .* panicked|SUMMARY|==[0-9]+==ERROR)|outside|refused|accepted|differ'; then
    :
  fi
  if [ -n "$(ls -A "$artifacts")" ]; then failed+=("$target"); fi
done
# cargo-fuzz also makes its default artifacts folder, unused with -artifact_prefix.
rm -rf artifacts

if [ ${#failed[@]} -gt 0 ]; then
  echo "findings in: ${failed[*]} (reproduce: cargo ${toolchain[*]} fuzz run <target> <artifact>)"
  exit 1
fi
echo "no findings"
