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
qemu-system-x86_64 -M pc -cpu max -m 512M -display none -serial file:"$BUILD/debug-serial.log" \
	-no-reboot -monitor none -nic none -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$BUILD/kernel32.elf" -append "$KCMD" -initrd "$mods" -s -S &
qpid=$!
echo "QEMU pid $qpid; serial output goes to $BUILD/debug-serial.log"
# shellcheck disable=SC2086
eval gdb -q "$BUILD/kernel.elf" -ex "'target remote localhost:1234'" $syms \
	-ex "'break kmain'" -ex "'break panic'" -ex "'echo Type continue to boot.\n'"
kill $qpid 2>/dev/null
