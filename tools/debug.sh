#!/bin/sh
# `make debug`: QEMU stopped at the first instruction with a gdb stub on :1234,
# and gdb attached with the microkernel's symbols and Linux's (Wombat's
# vmlinux, linked at 0x60000000, so its symbols apply as they are). The
# system is the one of `make run` (DEBUG_IMAGE=ktest: the kernel tests).
# The serial console goes to BUILD/debug-serial.log; `tail -f` it.
set -u
BUILD=${1:-build}
KCMD=${2:-}
if [ "${DEBUG_IMAGE:-}" = ktest ]; then
	mods=$BUILD/ktest.elf
	syms=""
else
	bash wombat/build.sh "$BUILD" > "$BUILD/logs/wombat-build.log" 2>&1 ||
		{ tail -30 "$BUILD/logs/wombat-build.log"; exit 1; }
	mods=$(WOMBAT_PRINT_MODS=1 tools/wombat-run.sh "$BUILD")
	syms="-ex add-symbol-file\ $BUILD/wombat/vmlinux"
fi
tools/qemu.sh -b "$BUILD" -m 512 -s file:"$BUILD/debug-serial.log" -r "$mods" -c "$KCMD" -- -s -S &
qpid=$!
echo "QEMU pid $qpid; serial output goes to $BUILD/debug-serial.log"
# shellcheck disable=SC2086
eval gdb -q "$BUILD/kernel.elf" -ex "'target remote localhost:1234'" $syms \
	-ex "'break kmain'" -ex "'break panic'" -ex "'echo Type continue to boot.\n'"
kill $qpid 2>/dev/null
