#!/bin/sh
# make bench KVM=1 (x86_64): the benchmarks on real hardware through KVM.
#   1. build Wombat (wombat/build.sh) and the same-config native reference
#      (tools/build-native.sh), as make bench does
#   2. the self-contained bundle, BUILD/kvm-bundle.tar.gz (tools/kvm_bundle.py):
#      QEMU with its libraries and firmware, the images, run.sh
#   3. where this machine has a usable /dev/kvm: the bundle's run.sh here
#      (kernel tests, IPC, lmbench on the same-config native Linux, Debian's
#      kernel and Wombat), its results in BUILD/bench/kvm/ and docs/benchmarks.md;
#      elsewhere: says how to run the bundle on a machine that has one, and how
#      to bring its results back (tools/kvm-results.sh)
# Usage: tools/bench-kvm.sh [BUILD]
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${1:-build}
[ "${ARCH:-x86_64}" = x86_64 ] || { echo "bench-kvm: KVM=1 is x86_64's (ARCH=${ARCH})" >&2; exit 2; }
export BUILD ARCH=x86_64
mkdir -p "$BUILD/logs" "$BUILD/bench"
echo "== bench KVM [1/3] build: Wombat and the same-config native Linux"
bash wombat/build.sh "$BUILD" > "$BUILD/logs/wombat-build.log" 2>&1 ||
	{ tail -20 "$BUILD/logs/wombat-build.log"; exit 1; }
bash tools/build-native.sh "$BUILD" > "$BUILD/logs/native-build.log" 2>&1 ||
	{ tail -20 "$BUILD/logs/native-build.log"; exit 1; }
echo "== bench KVM [2/3] the bundle"
python3 tools/kvm_bundle.py "$BUILD/kvm-bundle" || exit 1
echo "== bench KVM [3/3] run"
if sh tools/kvm-check.sh; then
	sh "$BUILD/kvm-bundle/run.sh"
	rc=$?
	sh tools/kvm-results.sh "$BUILD/kvm-bundle/results.tar.gz" "$BUILD"
	[ $rc = 0 ] || echo "bench-kvm: some runs failed (see $BUILD/bench/kvm/summary.txt)"
	exit $rc
fi
echo "bench-kvm: no usable /dev/kvm here. On an x86_64 machine with one:"
echo "    tar xzf kvm-bundle.tar.gz && sh kvm-bundle/run.sh"
echo "then, here: sh tools/kvm-results.sh PATH/TO/results.tar.gz   (docs/benchmarks.md gets them)"
