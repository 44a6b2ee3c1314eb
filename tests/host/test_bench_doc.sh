#!/bin/sh
# tools/bench_doc.py with the figures of one benchmark only (make bench-ipc
# alone): its own section changes, every other section of the committed
# docs/benchmarks.md stays as it was, in its place.
set -u
repo=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs" "$tmp/build/bench"
cp docs/benchmarks.md "$tmp/docs/"
path() { printf '{"iterations": 5000, "interspace": {"ns": %s, "kernel_entries": 2}, "intraspace": {"ns": %s}}' "$1" "$2"; }
printf '{"qemu": "QEMU emulator version 0.0", "icount_fastpath": %s, "icount_slowpath": %s, "wallclock_fastpath": %s, "wallclock_slowpath": %s}\n' \
	"$(path 271 222)" "$(path 913 871)" "$(path 9999 888)" "$(path 7777 666)" > "$tmp/build/bench/ipc.json"
(cd "$tmp" && python3 "$repo/tools/bench_doc.py" build) > "$tmp/out" 2>&1 || { echo "FAIL host.bench_doc.keeps_other_sections  # bench_doc.py failed"; cat "$tmp/out"; exit 1; }
# Each section other than the IPC one, byte for byte; the IPC one with the new figures.
sect() { awk -v h="$2" '/^## /{ on = (index($0, h) != 1) } on' "$1"; }
if [ "$(grep '^## ' docs/benchmarks.md)" = "$(grep '^## ' "$tmp/docs/benchmarks.md")" ] &&
	[ "$(sect docs/benchmarks.md '## Microkernel IPC')" = "$(sect "$tmp/docs/benchmarks.md" '## Microkernel IPC')" ] &&
	grep -q '^| fast path | 271 | 222 | 9999 | 888 | 2 |$' "$tmp/docs/benchmarks.md"; then
	echo "PASS host.bench_doc.keeps_other_sections  # make bench-ipc alone rewrites its section only"
else
	echo "FAIL host.bench_doc.keeps_other_sections  # sections lost or changed:"
	diff docs/benchmarks.md "$tmp/docs/benchmarks.md" | head -20
	exit 1
fi
