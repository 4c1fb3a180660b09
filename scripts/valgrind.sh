#!/usr/bin/env bash
# Runs the kernel crate's tests under valgrind memcheck, outside CI (tens of times
# slower than native). The stable toolchain has no Miri and no sanitizers; memcheck
# sees every read of uninitialised or unowned memory and every leak in the real
# optimised code, SIMD included (valgrind's CPUID hides instruction sets it cannot
# emulate, so runtime dispatch picks one it can).
#
#   scripts/valgrind.sh [extra cargo test args, e.g. a test name filter]
#
# Runs twice: with the widest instruction set found, then with --features force-scalar.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }

# Optimised like the shipped code, with symbols for readable reports.
export CARGO_PROFILE_RELEASE_DEBUG=true CARGO_PROFILE_RELEASE_STRIP=none
failed=0
for features in "" "--features force-scalar"; do
  # shellcheck disable=SC2086 # $features is a flag pair or nothing
  binaries=$(cargo test -p hinge-core --release $features --no-run --message-format=json "$@" 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const l of s.split("\n")){if(!l)continue;const m=JSON.parse(l);if(m.reason==="compiler-artifact"&&m.profile.test&&m.executable)console.log(m.executable)}})')
  for binary in $binaries; do
    echo "== ${features:-default features}: $(basename "$binary")"
    # One test thread: memcheck serialises threads anyway, and reports stay readable.
    # Leaks are listed, not failed on: a test may leak on purpose (Box::leak for a
    # 'static slice); invalid reads and writes and uninitialised values fail the run.
    if ! valgrind --tool=memcheck --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
      --errors-for-leak-kinds=none --quiet "$binary" --test-threads=1 -q; then
      failed=1
    fi
  done
done
[ "$failed" = 0 ] && echo "valgrind memcheck: no errors" || { echo "valgrind memcheck: errors above" >&2; exit 1; }
