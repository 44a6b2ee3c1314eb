#!/bin/sh
# Boot the kernel test image once per mode and report each test.
# x86_64: IPC fast path on ("PASS|FAIL kernel[x86_64].name"), then off
# ("kernel[x86_64,nofastpath].name"). aarch64: fast path on with all 16-bit
# ASIDs ("kernel[aarch64].name"), fast path off ("kernel[aarch64,nofastpath]"),
# and fast path on with one ASID for every space ("kernel[aarch64,asids2].name":
# `asids=2`, a rollover at each switch between spaces). riscv64: fast path
# on with all ASIDs ("kernel[riscv64].name"), fast path off
# ("kernel[riscv64,nofastpath]"), `asids=2`, and `asids=1`: no ASIDs, the
# TLB flushed at every switch ("kernel[riscv64,asids1].name", the fallback
# for harts without them). The last line counts them.
set -u
BUILD=${1:-build}
ARCH=${ARCH:-x86_64}
case $ARCH in
x86_64) modes="fastpath nofastpath" ;;
aarch64) modes="default nofastpath asids2" ;;
riscv64) modes="default nofastpath asids2 asids1" ;;
*) modes="default" ;;
esac
# KVM=1 (x86_64): under KVM, -cpu host (tools/qemu.sh), on the host's clock
# instead of -icount; the labels say kvm ("kernel[x86_64,kvm].name").
accel="-icount shift=0,sleep=off"; kvm=""
if [ "${KVM:-0}" = 1 ]; then
	accel=""; kvm=",kvm"
	if [ "$ARCH" != x86_64 ] || ! why=$(sh tools/kvm-check.sh 2>&1); then
		echo "FAIL kernel[$ARCH,kvm].run  # KVM=1 needs an x86_64 host and guest and a usable /dev/kvm${why:+: $why}"
		echo "kernel[$ARCH]: 0 passed, 1 failed"
		exit 1
	fi
fi
export ARCH KVM
TIMEOUT=${KTEST_TIMEOUT:-600}
mkdir -p "$BUILD/logs"
pass=0; fail=0
for mode in $modes; do
	case $mode in
	fastpath|default) append=""; label=$ARCH$kvm ;;
	asids*) append="asids=${mode#asids}"; label="$ARCH$kvm,$mode" ;;
	*) append="$mode"; label="$ARCH$kvm,$mode" ;;
	esac
	log="$BUILD/logs/ktest-$mode.log"
	# --idle: a root task that halted prints nothing more (the suite prints
	# a line per test, each a few milliseconds): given up after 3 minutes.
	python3 tests/qemu_run.py --quiet --timeout "$TIMEOUT" --idle 180 --marker "KTEST-END" --log "$log" -- \
		tools/qemu.sh -b "$BUILD" -m 256 -r "$BUILD/ktest.elf" -c "$append" -- $accel
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
