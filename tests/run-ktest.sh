#!/bin/sh
# Boot the kernel test image twice (IPC fast path on, then off) and report each test.
# Prints "PASS|FAIL kernel[ARCH].name" (fast path on) and
# "kernel[ARCH,nofastpath].name" lines; the last line counts them. An
# architecture without an assembly fast path (aarch64 so far) runs once.
set -u
BUILD=${1:-build}
ARCH=${ARCH:-x86_64}
modes="fastpath nofastpath"
[ "$ARCH" = x86_64 ] || modes="nofastpath"
export ARCH
TIMEOUT=${KTEST_TIMEOUT:-600}
mkdir -p "$BUILD/logs"
pass=0; fail=0
for mode in $modes; do
	append=""
	label=$ARCH
	if [ "$mode" = nofastpath ]; then
		append="nofastpath"
		[ "$modes" = nofastpath ] || label="$ARCH,nofastpath"
	fi
	log="$BUILD/logs/ktest-$mode.log"
	python3 tests/qemu_run.py --quiet --timeout "$TIMEOUT" --marker "KTEST-END" --log "$log" -- \
		tools/qemu.sh -b "$BUILD" -m 256 -r "$BUILD/ktest.elf" -c "$append" -- -icount shift=0,sleep=off
	rc=$?
	n=$(grep -c '^TEST ' "$log")
	p=$(grep -c '^TEST .* PASS ' "$log")
	grep '^TEST ' "$log" | awk -v m="$label" '{ printf "%s kernel[%s].%s\n", $3, m, $2 }'
	expected=$(sed -n 's/^KTEST-END .* \([0-9]*\) expected.*/\1/p' "$log")
	if [ "$rc" != 0 ] || [ -z "$expected" ] || [ "$n" != "$expected" ]; then
		echo "FAIL kernel[$label].run  # QEMU run incomplete (rc $rc, $n of ${expected:-?} tests reported); see $log"
		grep -E 'PANIC|halted|TIMEOUT|exited without' "$log" | head -5 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
	pass=$((pass + p)); fail=$((fail + n - p))
done
echo "kernel[$ARCH]: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
