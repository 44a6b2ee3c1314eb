#!/bin/sh
# Real-time task wake-up latency (1 kHz), idle and with lower-priority load, under
# QEMU -icount (deterministic guest time) and plain TCG; then, under -icount, with
# Wombat running (Linux idle, then a busy loop + fork/pipe load in Linux; the rtmon
# domain reports, as tests/run-wombat.sh's rt_under_load). Writes build/bench/rt.json.
# BENCH_RT_WOMBAT=0 leaves the Wombat case out ("wombat": null).
set -u
BUILD=${1:-build}
MODS=$2
mkdir -p "$BUILD/bench" "$BUILD/logs"
run() {   # label, extra qemu args
	log="$BUILD/bench/rt-$1.log"
	python3 tests/qemu_run.py --quiet --timeout 600 --marker BENCH-JSON-END --log "$log" -- \
		tools/qemu.sh -b "$BUILD" -m 256 -r "$MODS" -- $2 >/dev/null
	sed -n '/BENCH-JSON-BEGIN/,/BENCH-JSON-END/p' "$log" | sed '1d;$d' | tr -d '\n'
}
wombat() {  # the Wombat case (JSON or null)
	if [ "${BENCH_RT_WOMBAT:-1}" = 0 ]; then echo null; return; fi
	if [ ! -e "$BUILD/wombat/vmlinux" ] && ! bash wombat/build.sh "$BUILD" > "$BUILD/logs/wombat-build.log" 2>&1; then
		echo "bench-rt: building Wombat failed (see $BUILD/logs/wombat-build.log)" >&2
		echo null; return
	fi
	BUILD=$BUILD python3 tools/bench_sys.py rt-wombat --timeout 900 || echo "bench-rt: the Wombat case failed" >&2
}
{
	printf '{"icount": %s,\n' "$(run icount '-icount shift=0,sleep=off')"
	printf ' "wallclock": %s,\n' "$(run wall '')"
	printf ' "wombat": %s}\n' "$(wombat)"
} > "$BUILD/bench/rt.json"
cat "$BUILD/bench/rt.json"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$BUILD/bench/rt.json" || { echo "bench-rt: rt.json is not valid JSON" >&2; exit 1; }
python3 tools/bench_doc.py "$BUILD"
