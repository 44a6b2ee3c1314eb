#!/bin/sh
# The QEMU machine of each architecture, written down once: every test
# runner, `make run*`, the benchmarks and `make debug` boot through this.
#   tools/qemu.sh [-a ARCH] [-b BUILD | -k KERNEL] [-m MiB] [-r MOD1,MOD2,...] [-c CMDLINE] [-s SERIAL] [-d DISK] [-n FWDS] [-- QEMU ARGS...]
# ARCH (default $ARCH, else x86_64):
#   x86_64   QEMU pc, -cpu max; Multiboot v1: the kernel is build/kernel32.elf,
#            the modules go as a comma-separated -initrd, the command line as -append.
#   aarch64  QEMU virt, -cpu max; an arm64 Image as -kernel; the modules packed
#            into one initrd (tools/pack-modules.py), the command line as -append.
#   riscv64  QEMU virt, -cpu rv64, OpenSBI (-bios default) entering the flat
#            Image in S-mode; modules and command line as for aarch64.
# -b: the build directory, whose kernel of ARCH is booted (kernel32.elf, Image).
# -d: a raw disk image as the board's virtio-blk disk (iguana/drivers/blk): on the
#     PC a transitional virtio-blk PCI device with legacy I/O ports (disable-modern),
#     on virt a virtio-mmio one (QEMU's virt transports are legacy, version 1).
# -n: a virtio-net card (iguana/drivers/net) on QEMU's user network (the guest is
#     10.0.2.15/24, gateway 10.0.2.2, DNS 10.0.2.3); FWDS: host port forwards,
#     space-separated PROTO:HOSTPORT:GUESTPORT ("tcp:8080:80 udp:7007:7"; "" none).
#     On the PC a transitional virtio-net PCI device with legacy I/O ports in
#     slot 5 (SeaBIOS routes its INTx to line 10, the disk's in slot 3 to 11), on virt a virtio-mmio one; it is
#     put before the disk, so on virt the disk keeps the lowest transport.
# KVM=1 in the environment (x86_64 only): -enable-kvm -cpu host instead of TCG.
# -m: memory in MiB (default 256). -s: QEMU's -serial (default stdio).
# Always: no display, no network (but -n), no reboot, no monitor; QEMU's exit status
# is the guest's (x86_64: isa-debug-exit; aarch64: PSCI off = 0, semihosting exit;
# riscv64: the test finisher (sifive,test0) for a non-zero code, else SBI reset = 0).
set -eu
arch=${ARCH:-x86_64}; mem=256; kernel=""; mods=""; cmdline=""; serial=stdio
build=""; disk=""; net=""; fwds=""
while getopts a:b:m:k:r:c:s:d:n: opt; do
	case $opt in
	a) arch=$OPTARG ;; b) build=$OPTARG ;; m) mem=$OPTARG ;; k) kernel=$OPTARG ;; r) mods=$OPTARG ;;
	c) cmdline=$OPTARG ;; s) serial=$OPTARG ;; d) disk=$OPTARG ;; n) net=1 fwds=$OPTARG ;;
	*) echo "usage: tools/qemu.sh [-a ARCH] [-m MiB] [-k KERNEL] [-r MODULES] [-c CMDLINE] [-s SERIAL] [-d DISK] [-n FWDS] [QEMU ARGS...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ -n "$disk" ]; then
	[ "$arch" = x86_64 ] && blkdev=virtio-blk-pci,disable-modern=on || blkdev=virtio-blk-device
	set -- -drive "file=$disk,if=none,format=raw,id=disk0" -device "$blkdev,drive=disk0" "$@"
fi
if [ -n "$net" ]; then
	nd=user,id=net0
	for f in $fwds; do
		p=${f%%:*} g=${f##*:}; h=${f#*:}; h=${h%%:*}
		nd="$nd,hostfwd=$p::$h-:$g"
	done
	[ "$arch" = x86_64 ] && netdev=virtio-net-pci,disable-modern=on,addr=5 || netdev=virtio-net-device
	set -- -netdev "$nd" -device "$netdev,netdev=net0" "$@"
fi
# KVM=1 (x86_64): hardware virtualization, -cpu host (PCID, real privilege and
# address-space switches) instead of TCG's -cpu max; some hosts refuse QEMU's
# IA32_ARCH_CAPABILITIES write (QEMU aborts at once), so that is probed first.
# QEMU_X86_CPU: the TCG CPU model of x86_64 runs (default max); make bench
# uses tools/bench_sys.py's BENCH_X86_CPU, without ERMS/FSRM (it says why).
cpu=${QEMU_X86_CPU:-max}
if [ "${KVM:-0}" = 1 ]; then
	[ "$arch" = x86_64 ] || { echo "tools/qemu.sh: KVM=1 is for x86_64 hosts and guests" >&2; exit 2; }
	sh "$(dirname "$0")/kvm-check.sh" || { echo "tools/qemu.sh: KVM=1: no usable KVM here" >&2; exit 2; }
	cpu=host
	qemu-system-x86_64 -enable-kvm -cpu host -M pc -m 64 -display none -nodefaults -monitor none -S \
		>/dev/null 2>&1 &
	probe=$!
	sleep 2
	if kill -0 $probe 2>/dev/null; then kill $probe; else cpu=host,-arch-capabilities; fi
	wait $probe 2>/dev/null || true
	set -- -enable-kvm "$@"
fi
case $arch in
x86_64)
	[ -n "$kernel" ] || kernel=${build:+$build/kernel32.elf}
	set -- qemu-system-x86_64 -M pc -cpu "$cpu" -m "${mem}M" -display none -serial "$serial" \
		-no-reboot -monitor none -nic none -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		${kernel:+-kernel "$kernel"} ${mods:+-initrd "$mods"} -append "$cmdline" "$@" ;;
aarch64)
	[ -n "$kernel" ] || kernel=${build:+$build/Image}
	initrd=""
	if [ -n "$mods" ]; then
		initrd=$(dirname "${kernel:-build/x}")/modules.img
		python3 "$(dirname "$0")/pack-modules.py" "$initrd" "$mods"
	fi
	set -- qemu-system-aarch64 -M virt -cpu max -m "${mem}M" -display none -serial "$serial" \
		-no-reboot -monitor none -nic none -semihosting \
		${kernel:+-kernel "$kernel"} ${initrd:+-initrd "$initrd"} -append "$cmdline" "$@" ;;
riscv64)
	[ -n "$kernel" ] || kernel=${build:+$build/Image}
	initrd=""
	if [ -n "$mods" ]; then
		initrd=$(dirname "${kernel:-build/x}")/modules.img
		python3 "$(dirname "$0")/pack-modules.py" "$initrd" "$mods"
	fi
	set -- qemu-system-riscv64 -M virt -cpu rv64 -m "${mem}M" -display none -serial "$serial" \
		-no-reboot -monitor none -nic none -bios default \
		${kernel:+-kernel "$kernel"} ${initrd:+-initrd "$initrd"} -append "$cmdline" "$@" ;;
*)
	echo "tools/qemu.sh: no machine for architecture '$arch' (x86_64, aarch64, riscv64)" >&2; exit 2 ;;
esac
exec "$@"
