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
# ARCHS: the architectures to test (default all three; `make test ARCH=aarch64`
# passes one). Each runs everything: kernel suite, fuzzer, Iguana suite,
# Wombat (Linux 6.1 on the architecture's UML subarch).
ARCHS=${ARCHS:-x86_64 aarch64 riscv64}
count() { grep -c "^$1 .*\[$2[],]" "$out"; }
for arch in $ARCHS; do
	b=$BUILD
	[ "$arch" = x86_64 ] || b=$BUILD-$arch
	mkdir -p "$b/logs"
	echo "== $arch: build" >&2
	if ! ARCH=$arch tools/deps.sh >"$b/logs/deps.log" 2>&1; then
		cat "$b/logs/deps.log"
		echo "FAIL build[$arch]  # could not install its Debian packages" | tee -a "$out"
		continue
	fi
	if ! make -s -j2 ARCH=$arch BUILD="$b" all >"$b/logs/build.log" 2>&1; then
		cat "$b/logs/build.log"
		echo "FAIL build[$arch]" | tee -a "$out"
		continue
	fi
	if [ "$arch" = x86_64 ]; then
		step "host unit tests" tests/host/run.sh "$BUILD"
		step "x86_64: kernel tests in QEMU" env ARCH=x86_64 tests/run-ktest.sh "$b"
		step "x86_64: kernel-call fuzzer in QEMU (1,000,000 calls)" env ARCH=x86_64 FUZZ_CALLS=1000000 tests/run-fuzz.sh "$b"
		step "x86_64: kernel-call fuzzer, fast paths off (300,000 calls)" env ARCH=x86_64 FUZZ_CALLS=300000 \
			FUZZ_KCMD=nofastpath FUZZ_LABEL=nofastpath tests/run-fuzz.sh "$b"
		step "x86_64: Iguana tests in QEMU" make -s --no-print-directory BUILD="$b" test-iguana
		step "x86_64: Wombat (Linux 6.1) tests in QEMU" env WOMBAT_ARCH=x86_64 tests/run-wombat.sh "$b"
	else
		step "$arch: kernel tests in QEMU" env ARCH=$arch tests/run-ktest.sh "$b"
		step "$arch: kernel-call fuzzer in QEMU (1,000,000 calls)" env ARCH=$arch FUZZ_CALLS=1000000 tests/run-fuzz.sh "$b"
		step "$arch: kernel-call fuzzer, fast paths off (300,000 calls)" env ARCH=$arch FUZZ_CALLS=300000 \
			FUZZ_KCMD=nofastpath FUZZ_LABEL=nofastpath tests/run-fuzz.sh "$b"
		step "$arch: Iguana tests in QEMU" make -s --no-print-directory ARCH=$arch BUILD="$b" test-iguana
		step "$arch: Wombat (Linux 6.1) tests in QEMU" env WOMBAT_ARCH=$arch tests/run-wombat.sh "$b"
	fi
done
# The failures again at the end, where a CI log's tail shows them, each
# with the last lines of the first log its line names.
if grep -q '^FAIL ' "$out"; then
	echo "== the failures:"
	grep '^FAIL ' "$out" | while IFS= read -r line; do
		echo "$line" | cut -c1-600
		for f in $(echo "$line" | grep -o '[^ (,]*\.\(log\|console\|results\)' ); do
			[ -f "$f" ] || continue
			echo "   last lines of $f:"
			tail -12 "$f" | cut -c1-300 | sed 's/^/   | /'
			break
		done
	done
fi
for arch in $ARCHS; do
	echo "$arch: $(count PASS "$arch") passed, $(count FAIL "$arch") failed (kernel, fuzz, iguana and wombat lines)"
done
pass=$(grep -c '^PASS ' "$out")
fail=$(grep -c '^FAIL ' "$out")
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
