#!/bin/sh
# The whole test suite: build, host unit tests, QEMU suites; one final count line.
set -u
BUILD=${1:-build}
out="$BUILD/logs/summary.txt"
mkdir -p "$BUILD/logs"
: > "$out"
step() {
	echo "== $1" >&2
	shift
	"$@" 2>&1 | tee -a "$out"
}
echo "== build" >&2
if ! make -s -j2 BUILD="$BUILD" all >"$BUILD/logs/build.log" 2>&1; then
	cat "$BUILD/logs/build.log"
	echo "FAIL build" | tee -a "$out"
fi
step "host unit tests" tests/host/run.sh "$BUILD"
step "kernel tests in QEMU" tests/run-ktest.sh "$BUILD"
step "kernel-call fuzzer in QEMU (1,000,000 calls)" env FUZZ_CALLS=1000000 tests/run-fuzz.sh "$BUILD"
step "Iguana tests in QEMU" make -s --no-print-directory BUILD="$BUILD" test-iguana
step "Wombat (Linux 6.1) tests in QEMU" tests/run-wombat.sh "$BUILD"
pass=$(grep -c '^PASS ' "$out")
fail=$(grep -c '^FAIL ' "$out")
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
