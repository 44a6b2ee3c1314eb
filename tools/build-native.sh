#!/bin/bash
# The same-config native reference for `make bench` (issue #15): x86_64 Linux
# built from the same unpacked linux-source-6.1 tree as Wombat (BUILD/linux;
# Wombat's patches touch arch/um alone), configured like Wombat's Linux:
# tinyconfig, then every option of wombat/config.fragment that exists
# natively, then bench/native.fragment
# (a serial console, the initramfs from -initrd, no CPU mitigations).
#   tools/build-native.sh [BUILD]  ->  BUILD/native/bzImage (x86_64)
#   ARCH=aarch64 tools/build-native.sh build-aarch64  ->  build-aarch64/native/Image
#     (arm64 from the same tree, bench/native-arm64.fragment: the PL011
#     console, 100 Hz, no mitigations, no pointer authentication)
#   ARCH=riscv64 tools/build-native.sh build-riscv64  ->  build-riscv64/native/Image
#     (riscv from the same tree, bench/native-riscv64.fragment: virt's PLIC and
#     16550 console, 100 Hz, uniprocessor; OpenSBI boots it as it boots ours)
#   BUILD/native/config.diff: where its .config and Wombat's differ, and why
# Incremental: nothing is rebuilt when nothing changed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case ${ARCH:-x86_64} in
x86_64)  KARCH=x86_64 CROSS="" TARGET=bzImage IMG=arch/x86/boot/bzImage NFRAG=bench/native.fragment
	 DEFBUILD=build ;;
aarch64) KARCH=arm64 CROSS=aarch64-linux-gnu- TARGET=Image IMG=arch/arm64/boot/Image
	 NFRAG=bench/native-arm64.fragment DEFBUILD=build-aarch64 ;;
riscv64) KARCH=riscv CROSS=riscv64-linux-gnu- TARGET=Image IMG=arch/riscv/boot/Image
	 NFRAG=bench/native-riscv64.fragment DEFBUILD=build-riscv64 ;;
*) echo "native: error: no native reference for ARCH=$ARCH (x86_64, aarch64, riscv64)" >&2; exit 1 ;;
esac
BUILD=${1:-$DEFBUILD}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LINUX=$BUILD/linux
OUT=$BUILD/native
KOBJ=$OUT/kbuild
JOBS=${JOBS:-$(nproc)}
say() { printf 'native: %s\n' "$*"; }
die() { printf 'native: error: %s\n' "$*" >&2; exit 1; }
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL || true

# Debian packages a native x86_64 build needs beyond Wombat's (objtool: libelf).
need=""
for p in libelf-dev; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need="$need $p"
done
if [ -n "$need" ]; then
	say "installing$need (Debian packages)"
	SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

# The tree Wombat's build unpacked (wombat/build.sh does it, once).
[ -f "$LINUX/Makefile" ] || WOMBAT_ARCH=${ARCH:-x86_64} bash "$ROOT/wombat/build.sh" "$BUILD" >/dev/null ||
	die "cannot prepare $LINUX (wombat/build.sh failed)"
[ -f "$LINUX/Makefile" ] || die "$LINUX is not a Linux tree"
mkdir -p "$KOBJ"
KMAKE=(make -C "$LINUX" O="$KOBJ" ARCH=$KARCH ${CROSS:+CROSS_COMPILE=$CROSS})

FRAG=$OUT/config.fragment
{ sed 's|@INITRAMFS@||' "$ROOT/wombat/config.fragment"; cat "$ROOT/$NFRAG"; } > "$FRAG.new"
if [ ! -f "$KOBJ/.config" ] || ! cmp -s "$FRAG.new" "$FRAG"; then
	say "configuring: $KARCH tinyconfig + wombat/config.fragment + $NFRAG"
	{
		"${KMAKE[@]}" tinyconfig &&
		"$LINUX/scripts/kconfig/merge_config.sh" -m -O "$KOBJ" "$KOBJ/.config" "$FRAG.new" &&
		"${KMAKE[@]}" olddefconfig
	} > "$OUT/config.log" 2>&1 || { tail -30 "$OUT/config.log"; die "configuration failed"; }
	# Every option of the native fragment must stick.
	bad=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) grep -qxF "$line" "$KOBJ/.config" || { say "config: $line did not stick"; bad=1; } ;;
		"# CONFIG_"*" is not set") grep -q "^${line#\# }=" "$KOBJ/.config" && { say "config: $line did not stick"; bad=1; } ;;
		esac
	done < "$ROOT/$NFRAG"
	[ $bad = 0 ] || die "$NFRAG does not apply cleanly (see above)"
	mv "$FRAG.new" "$FRAG"
else
	rm "$FRAG.new"
fi
# What differs from Wombat's configuration: the fragment's options that do
# not exist natively (UML's channels, static linking, hostfs), then, where
# Wombat's .config is built, every option set differently (arch-only aside).
{
	echo "# wombat/config.fragment options not in the native .config (UML-only):"
	sed 's|@INITRAMFS@||' "$ROOT/wombat/config.fragment" | grep '^CONFIG_' | while IFS= read -r line; do
		grep -qxF "$line" "$KOBJ/.config" || echo "wombat-only: $line"
	done
	if [ -f "$BUILD/wombat/kbuild/.config" ]; then
		echo "# Options set differently in Wombat's .config and the native one (arch options aside):"
		diff <(grep '^CONFIG_' "$BUILD/wombat/kbuild/.config" | sort) <(grep '^CONFIG_' "$KOBJ/.config" | sort) |
			sed -n 's/^< /wombat: /p; s/^> /native: /p' |
			grep -v 'CONFIG_UML\|CONFIG_X86\|CONFIG_ARM64\|CONFIG_RISCV\|CONFIG_ARCH_\|CONFIG_HAVE_\|CONFIG_GENERIC_\|CONFIG_CC_\|CONFIG_AS_\|CONFIG_LD_\|CONFIG_TOOLS_\|CONFIG_PAHOLE\|CONFIG_GCC_\|CONFIG_RUSTC\|CONFIG_CLANG' || true
	fi
} > "$OUT/config.diff"

say "building $TARGET (make -j$JOBS, output in $KOBJ; first time: about 5-8 minutes)"
"${KMAKE[@]}" -j"$JOBS" "$TARGET" > "$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; die "build failed (see $OUT/build.log)"; }
cp -p "$KOBJ/$IMG" "$OUT/$TARGET.new" && mv "$OUT/$TARGET.new" "$OUT/$TARGET"
say "$OUT/$TARGET ($(stat -c %s "$OUT/$TARGET") bytes; configuration differences in $OUT/config.diff)"
