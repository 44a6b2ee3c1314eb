#!/bin/sh
# Boot the kernel-call fuzzer image (tests/fuzz/): FUZZ_CALLS random kernel calls
# from an unprivileged space, seed FUZZ_SEED ("random" picks one), on ARCH
# (default x86_64). Prints "PASS|FAIL fuzz[ARCH].name" lines and a count; on a kernel panic, a hang or a
# failed check, the seed and the last call number reported, to reproduce:
#   ARCH=<arch> FUZZ_SEED=<seed> FUZZ_FROM=<epoch start> FUZZ_CALLS=<call+1> FUZZ_TRACE=<call-100> tests/run-fuzz.sh
# FUZZ_EPOCH: calls per fresh fuzz space; FUZZ_KCMD: more kernel arguments (nofastpath;
# fuzzkmem=N: the fuzz space's kernel-memory limit in frames, 256 by default);
# FUZZ_LABEL: a run's name beside ARCH, fuzz[ARCH,LABEL].name, and in its log's.
set -u
BUILD=${1:-build}
ARCH=${ARCH:-x86_64}
export ARCH
CALLS=${FUZZ_CALLS:-1000000}
SEED=${FUZZ_SEED:-0x5eed}
EPOCH=${FUZZ_EPOCH:-100000}
FROM=${FUZZ_FROM:-0}
TRACE=${FUZZ_TRACE:-0}
if [ "$SEED" = random ]; then
	SEED=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
	SEED=0x$SEED
fi
# Generous: 2000 calls/s plus boot (TCG on the shared host does 13,000-16,000).
TIMEOUT=${FUZZ_TIMEOUT:-$((120 + (CALLS - FROM) / 2000))}
name=$ARCH${FUZZ_LABEL:+,$FUZZ_LABEL}
mkdir -p "$BUILD/logs"
log="$BUILD/logs/fuzz${FUZZ_LABEL:+-$FUZZ_LABEL}.log"
append="fuzzseed=$SEED fuzzcalls=$CALLS fuzzepoch=$EPOCH fuzzfrom=$FROM fuzztrace=$TRACE ${FUZZ_KCMD:-}"
echo "fuzz[$name]: seed $SEED, $CALLS calls, log $log" >&2
start=$(date +%s)
# The root prints progress every 10,000 calls (about a second): two minutes of
# silence is a hung kernel, whatever the overall timeout.
python3 tests/qemu_run.py --quiet --timeout "$TIMEOUT" --idle 120 --marker "FUZZ-END" --log "$log" -- \
	tools/qemu.sh -b "$BUILD" -m 256 -r "$BUILD/fuzz.elf" -c "$append"
rc=$?
secs=$(($(date +%s) - start))
n=$(grep -ac '^TEST ' "$log")
pass=$(grep -ac '^TEST .* PASS ' "$log")
fail=$((n - pass))
grep -a '^TEST ' "$log" | sed "s/^TEST \([^ ]*\) *\([A-Z]*\) *# \(.*\)/\2 fuzz[$name].\1  # \3/"
expected=$(LC_ALL=C sed -n 's/^FUZZ-END .* \([0-9]*\) expected.*/\1/p' "$log")
last=$(grep -ao 'call=[0-9]*' "$log" | tail -1 | cut -d= -f2)
epoch_start=$(( ${last:-0} / EPOCH * EPOCH ))
if [ "$rc" != 0 ] || [ -z "$expected" ] || [ "$n" != "$expected" ]; then
	why="QEMU run incomplete"
	grep -aq 'KERNEL PANIC' "$log" && why="KERNEL PANIC"
	if grep -aq 'no output for' "$log"; then
		why="$why (no output for 120 s: the kernel hangs)"
	elif [ "$rc" = 124 ]; then
		why="$why (timeout after ${TIMEOUT}s: hang?)"
	fi
	echo "FAIL fuzz[$name].run  # $why: seed $SEED, last reported call ${last:-none} (rc $rc, $n of ${expected:-?} tests); see $log"
	grep -aE 'PANIC|halted|TIMEOUT|exited without|FUZZ leak|FUZZ rebuild' "$log" | tail -5 | sed 's/^/    /'
	echo "    reproduce: ARCH=$ARCH FUZZ_SEED=$SEED FUZZ_FROM=$epoch_start FUZZ_CALLS=$CALLS FUZZ_TRACE=${last:-0}${FUZZ_KCMD:+ FUZZ_KCMD=\"$FUZZ_KCMD\"} tests/run-fuzz.sh $BUILD"
	fail=$((fail + 1))
elif case " ${FUZZ_KCMD:-} " in *" nofastpath "*) true ;; *) false ;; esac &&
     ! grep -aq '^\[kernel\] .* fastpath off' "$log"; then
	echo "FAIL fuzz[$name].run  # asked for nofastpath, but the kernel's boot line does not say fastpath off; see $log"
	fail=$((fail + 1))
elif [ "$fail" != 0 ]; then
	echo "    reproduce: ARCH=$ARCH FUZZ_SEED=$SEED FUZZ_CALLS=$CALLS${FUZZ_KCMD:+ FUZZ_KCMD=\"$FUZZ_KCMD\"} tests/run-fuzz.sh $BUILD"
fi
echo "fuzz[$name]: $pass passed, $fail failed (seed $SEED, ${secs}s)"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
