#!/bin/sh
# Install what the build and tests need from Debian, once; quiet when all is there.
set -e
need=""
command -v gcc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
command -v ld >/dev/null 2>&1 || need="$need binutils"
command -v qemu-system-x86_64 >/dev/null 2>&1 || need="$need qemu-system-x86"
command -v python3 >/dev/null 2>&1 || need="$need python3"
command -v gdb >/dev/null 2>&1 || need="$need gdb"
command -v cloc >/dev/null 2>&1 || need="$need cloc"
# The disk tests make and check ext4 images on the host (mke2fs, e2fsck).
command -v mke2fs >/dev/null 2>&1 || [ -x /sbin/mke2fs ] || need="$need e2fsprogs"
# The aarch64 port (make ARCH=aarch64 ...): only when asked for, so x86-only use needs neither.
if [ "${ARCH:-x86_64}" = aarch64 ]; then
	command -v "${CROSS_COMPILE:-aarch64-linux-gnu-}gcc" >/dev/null 2>&1 || need="$need gcc-aarch64-linux-gnu"
	command -v qemu-system-aarch64 >/dev/null 2>&1 || need="$need qemu-system-arm"
fi
# The riscv64 port: the cross compiler and qemu-system-riscv64 (OpenSBI, -bios default, is in qemu-system-data).
if [ "${ARCH:-x86_64}" = riscv64 ]; then
	command -v "${CROSS_COMPILE:-riscv64-linux-gnu-}gcc" >/dev/null 2>&1 || need="$need gcc-riscv64-linux-gnu"
	command -v qemu-system-riscv64 >/dev/null 2>&1 || need="$need qemu-system-misc"
fi
[ -z "$need" ] && exit 0
echo "deps: installing$need (Debian packages)"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
