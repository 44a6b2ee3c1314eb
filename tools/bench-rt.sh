#!/bin/sh
# Real-time task wake-up latency (1 kHz), idle and with lower-priority load, under
# QEMU -icount (deterministic guest time) and plain TCG. Writes build/bench/rt.json.
set -u
BUILD=${1:-build}
MODS=$2
mkdir -p "$BUILD/bench"
run() {   # label, extra qemu args
	log="$BUILD/bench/rt-$1.log"
	python3 tests/qemu_run.py --quiet --timeout 600 --marker BENCH-JSON-END --log "$log" -- \
		qemu-system-x86_64 -M pc -cpu max -m 256M -display none -serial stdio -no-reboot \
		-monitor none -nic none -device isa-debug-exit,iobase=0xf4,iosize=0x04 $2 \
		-kernel "$BUILD/kernel32.elf" -initrd "$MODS" >/dev/null
	sed -n '/BENCH-JSON-BEGIN/,/BENCH-JSON-END/p' "$log" | sed '1d;$d' | tr -d '\n'
}
{
	printf '{"icount": %s,\n' "$(run icount '-icount shift=0,sleep=off')"
	printf ' "wallclock": %s}\n' "$(run wall '')"
} > "$BUILD/bench/rt.json"
cat "$BUILD/bench/rt.json"
python3 tools/bench_doc.py "$BUILD"
