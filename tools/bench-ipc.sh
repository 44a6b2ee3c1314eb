#!/bin/sh
# IPC round trip between two spaces and within one, fast path on and off,
# under QEMU -icount (1 guest instruction = 1 ns: the figure is instructions)
# and under plain TCG (wall clock). Writes build/bench/ipc.json and prints it.
set -u
BUILD=${1:-build}
QEMU_ARCH=${ARCH:-x86_64}       # qemu-system-<arch>: the names match
mkdir -p "$BUILD/bench"
out="$BUILD/bench/ipc.json"
run() {   # label, extra qemu args, kernel command line
	log="$BUILD/bench/ipc-$1.log"
	python3 tests/qemu_run.py --quiet --timeout 600 --marker BENCH-JSON-END --log "$log" -- \
		tools/qemu.sh -b "$BUILD" -m 256 -r "$BUILD/bench-ipc.elf" -c "$3" -- $2 >/dev/null
	sed -n '/BENCH-JSON-BEGIN/,/BENCH-JSON-END/p' "$log" | sed '1d;$d' | tr -d '\n'
}
{
	printf '{"arch": "%s", "qemu": "%s",\n' "${ARCH:-x86_64}" "$(qemu-system-$QEMU_ARCH --version | head -1)"
	printf ' "icount_fastpath": %s,\n' "$(run icount-fast '-icount shift=0,sleep=off' '')"
	printf ' "icount_slowpath": %s,\n' "$(run icount-slow '-icount shift=0,sleep=off' nofastpath)"
	printf ' "wallclock_fastpath": %s,\n' "$(run wall-fast '' '')"
	printf ' "wallclock_slowpath": %s}\n' "$(run wall-slow '' nofastpath)"
} > "$out"
cat "$out"
python3 - "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f, s = d["icount_fastpath"]["interspace"]["ns"], d["icount_slowpath"]["interspace"]["ns"]
print("IPC call+reply between spaces: %d instructions (fast path), %d (slow path); goal <= 300" % (f, s))
PY
# docs/benchmarks.md: the x86_64 figures (with native Linux and UML beside
# them) and, in a section of its own, another architecture's round trip.
python3 tools/bench_doc.py "$BUILD"
exit 0
