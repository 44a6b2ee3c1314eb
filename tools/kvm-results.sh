#!/bin/sh
# The results of a KVM bundle run (tools/kvm-run.sh's results.tar.gz) into
# BUILD/bench/kvm/ and docs/benchmarks.md (tools/bench_doc.py).
#   tools/kvm-results.sh RESULTS.tar.gz [BUILD]
set -eu
cd "$(dirname "$0")/.."
tgz=${1:?usage: tools/kvm-results.sh RESULTS.tar.gz [BUILD]}
BUILD=${2:-build}
[ -f "$tgz" ] || { echo "kvm-results: no $tgz" >&2; exit 2; }
rm -rf "$BUILD/bench/kvm"
mkdir -p "$BUILD/bench/kvm"
tar xzf "$tgz" -C "$BUILD/bench/kvm" --strip-components=1
[ -f "$BUILD/bench/kvm/summary.txt" ] || { echo "kvm-results: $tgz has no results/summary.txt" >&2; exit 1; }
python3 tools/bench_doc.py "$BUILD"
