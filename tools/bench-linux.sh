#!/bin/sh
# lmbench-style micro-benchmarks (bench/lmbench.c) on native Linux and on
# User-Mode Linux, for the Wombat paper's section 6:
#   linux-samecfg x86_64 Linux from the same source, configured like Wombat's
#                 (tools/build-native.sh), booted as linux-native is;
#   linux-native  Debian's linux-image-amd64 booted in qemu-system-x86_64
#                 (TCG, -icount as tools/bench-ipc.sh), busybox initramfs;
#   linux-uml     Debian's user-mode-linux run inside that same guest;
#   wombat        our microkernel + Iguana + Wombat (needs build/wombat/vmlinux;
#                 also runs the per-operation counter/profile boots).
# Writes build/bench/<system>.json (+ .log) and build/bench/ctx.png (context switch
# vs processes, the paper's Figure 5). `make bench` runs all three.
#
# Usage: tools/bench-linux.sh [BUILD] [lmbench args...]
#   e.g. tools/bench-linux.sh build -r 5 -T 20
# Environment: BENCH_SYSTEMS (default "linux-native linux-uml"; add linux-samecfg, wombat), BENCH_TIMEOUT
# (seconds per system, default 1200), BENCH_ICOUNT (default shift=0,sleep=off),
# BENCH_GUEST_MEM (512M), BENCH_UML_MEM (128M).
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
[ $# -gt 0 ] && shift
ARGS=${*:-}
SYSTEMS=${BENCH_SYSTEMS:-linux-native linux-uml}
TIMEOUT=${BENCH_TIMEOUT:-1200}
export BUILD
OUT=$BUILD/bench
mkdir -p "$OUT"
start=$(date +%s)

die() { echo "bench-linux: $*" >&2; exit 1; }

# Debian packages: native kernel, busybox, UML, plotting, cpio; compiler and QEMU.
# ARCH=aarch64: the cross compiler and its static C library, qemu-system-arm;
# Debian's arm64 kernel comes as a .deb (tools/bench_sys.py), busybox from
# Wombat's arm64 build; UML does not exist for arm64. ARCH=riscv64: the same
# from Wombat's riscv64 build (busybox and musl from Debian's source); Debian
# 12 has no riscv64 kernel, so only the same-config native reference runs.
ARCH=${ARCH:-x86_64}
export ARCH
if [ "$ARCH" = aarch64 ]; then
	pkgs="gcc-aarch64-linux-gnu qemu-system-arm gnuplot-nox cpio python3"
	CC=aarch64-linux-gnu-gcc
elif [ "$ARCH" = riscv64 ]; then
	pkgs="gcc-riscv64-linux-gnu qemu-system-misc gnuplot-nox cpio python3"
	CC=riscv64-linux-gnu-gcc
else
	pkgs="linux-image-amd64 busybox-static user-mode-linux gnuplot-nox cpio gcc libc6-dev qemu-system-x86 python3"
	CC=gcc
fi
need=""
for p in $pkgs; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need="$need $p"
done
if [ -n "$need" ]; then
	SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
	echo "bench-linux: installing$need"
	$SUDO env DEBIAN_FRONTEND=noninteractive timeout 900 apt-get update -qq ||
		die "apt-get update failed"
	# shellcheck disable=SC2086
	$SUDO env DEBIAN_FRONTEND=noninteractive timeout 1800 apt-get install -y -qq $need >"$OUT/apt.log" 2>&1 ||
		die "apt-get install$need failed; see $OUT/apt.log"
fi
if [ "$ARCH" = x86_64 ]; then
	ls /boot/vmlinuz-*-amd64 >/dev/null 2>&1 || die "no /boot/vmlinuz-*-amd64 after installing linux-image-amd64"
	[ -r "$(ls /boot/vmlinuz-*-amd64 | tail -1)" ] || die "cannot read the kernel in /boot (run as root)"
fi

# The benchmark and the tiny program fork+exec runs, both static.
if [ "$ARCH" = x86_64 ]; then
	nice -n 10 $CC -static -O2 -Wall -o "$OUT/lmbench" bench/lmbench.c || die "building bench/lmbench.c failed"
	nice -n 10 $CC -static -nostdlib -O2 -Wall -DLMBENCH_HELLO -o "$OUT/hello" bench/lmbench.c ||
		die "building the exec target failed"
else
	# No cross C library but the musl Wombat's build links against (Debian's
	# arm64 package; riscv64: built from Debian's source): the native systems
	# run the very binaries of Wombat's initramfs.
	WOMBAT_ARCH=$ARCH bash wombat/build.sh "$BUILD" > "$OUT/wombat-build.log" 2>&1 ||
		die "wombat/build.sh failed (see $OUT/wombat-build.log)"
	cp "$BUILD/wombat/initramfs/bin/lmbench" "$BUILD/wombat/initramfs/bin/hello" "$OUT/"
fi

rc=0
# shellcheck disable=SC2086
python3 tools/bench_sys.py run $SYSTEMS --timeout "$TIMEOUT" --args "$ARGS" || rc=$?
python3 tools/bench_sys.py plot || rc=1
echo "bench-linux: done in $(( $(date +%s) - start )) s (exit $rc)"
exit $rc
