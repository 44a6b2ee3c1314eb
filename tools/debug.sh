#!/bin/sh
# QEMU stopped at the first instruction with a gdb stub on :1234, and gdb attached
# with the kernel's symbols. Breakpoints to start with: kmain, trap_dispatch, panic.
set -u
BUILD=${1:-build}
qemu-system-x86_64 -M pc -cpu max -m 256M -display none -serial file:"$BUILD/debug-serial.log" \
	-no-reboot -monitor none -nic none -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$BUILD/kernel32.elf" -append "${2:-}" -initrd "$BUILD/ktest.elf" -s -S &
qpid=$!
echo "QEMU pid $qpid; serial output goes to $BUILD/debug-serial.log"
gdb -q "$BUILD/kernel.elf" -ex "target remote localhost:1234" -ex "break kmain" -ex "break panic" \
	-ex "echo Type 'continue' to boot.\n"
kill $qpid 2>/dev/null
