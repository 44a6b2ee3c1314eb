#!/bin/bash
# Wombat build glue: Linux 6.1 (Debian's linux-source-6.1) as User-Mode Linux
# with our host layer os-L4 instead of arch/um/os-Linux, linked against our own
# freestanding libc.  Called by `make wombat`; usage: wombat/build.sh [BUILD]
# WOMBAT_ARCH (x86_64, default, aarch64 or riscv64) picks the subarch: x86_64
# is Linux's own arch/x86/um; arm64 and riscv are ours (wombat/arch-arm64,
# wombat/arch-riscv64), placed into the tree by symlinks like os-L4.
#
#   BUILD/linux              Linux source tree, unpacked once, edited only by
#                            wombat/patches/ (three files, wombat/README.md);
#                            only new symlinks to our files are added
#   BUILD/wombat/sysroot     musl headers + Linux uapi headers + empty libs
#   BUILD/wombat/src         riscv64 only: Debian's busybox and musl source
#                            packages (apt-get source), built into
#                            BUILD/wombat/busybox and BUILD/wombat/musl
#   BUILD/wombat/initramfs   busybox-static, applet links, our /init
#   BUILD/wombat/kbuild      Kbuild output directory (O=)
#   BUILD/wombat/vmlinux     the result (static ELF at 0x60000000)
#
# Everything is incremental: a second run without changes re-links nothing.
# Environment: JOBS (parallel jobs, default nproc), V=1 (verbose Kbuild),
# WOMBAT_EXTRA (a directory whose files are added to the initramfs).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WOMBAT=$ROOT/wombat
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LINUX=$BUILD/linux
OUT=$BUILD/wombat
KOBJ=$OUT/kbuild
SYSROOT=$OUT/sysroot
IRAMFS=$OUT/initramfs
JOBS=${JOBS:-$(nproc)}
LINUX_TAR=/usr/src/linux-source-6.1.tar.xz
WARCH=${WOMBAT_ARCH:-x86_64}
case $WARCH in
x86_64)  SUBARCH=x86_64 HDRARCH=x86   DEBARCH=amd64 CROSS="" OSARCH=x86
	 MUSL_INC=/usr/include/x86_64-linux-musl ;;
aarch64) SUBARCH=arm64  HDRARCH=arm64 DEBARCH=arm64 CROSS=aarch64-linux-gnu- OSARCH=arm64
	 MUSL_INC=$OUT/debs/usr/include/aarch64-linux-musl MUSL_LIB=$OUT/debs/usr/lib/aarch64-linux-musl ;;
# Debian 12 has no riscv64 packages: busybox and musl are built here from
# Debian's source packages (step 1b).
riscv64) SUBARCH=riscv  HDRARCH=riscv DEBARCH=riscv64 CROSS=riscv64-linux-gnu- OSARCH=riscv64
	 MUSL_INC=$OUT/musl/include MUSL_LIB=$OUT/musl/lib ;;
*) echo "wombat: error: no Wombat for architecture '$WARCH'" >&2; exit 1 ;;
esac
# A sysroot recipe change must bump this to rebuild the sysroot.
SYSROOT_VERSION=1

say() { printf 'wombat: %s\n' "$*"; }
die() { printf 'wombat: error: %s\n' "$*" >&2; exit 1; }
# WOMBAT_BUILD_LOG=FILE (make run CMD=...): everything goes to FILE; the terminal
# gets only the steps and, while Linux compiles, a count now and then (a first
# build takes minutes); on failure, the end of FILE.
if [ -n "${WOMBAT_BUILD_LOG:-}" ]; then
	mkdir -p "$(dirname "$WOMBAT_BUILD_LOG")"
	exec 3>&2 >"$WOMBAT_BUILD_LOG" 2>&1
	say() { printf 'wombat: %s\n' "$*"; printf 'wombat: %s\n' "$*" >&3; }
	die() { printf 'wombat: error: %s\n' "$*"; { tail -40 "$WOMBAT_BUILD_LOG"; echo "wombat: error: $* (all of it in $WOMBAT_BUILD_LOG)"; } >&3; exit 1; }
	trap 'rc=$?; [ $rc = 0 ] || { tail -40 "$WOMBAT_BUILD_LOG"; echo "wombat: failed (all of it in $WOMBAT_BUILD_LOG)"; } >&3' EXIT
fi

# The parent make's flags (jobserver, variables) are not meant for Kbuild.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL || true
start=$(date +%s)
mkdir -p "$OUT"

# --- 1. Debian packages -------------------------------------------------------
need=""
extra=""
[ "$WARCH" = riscv64 ] && extra="gcc-riscv64-linux-gnu libc6-dev-riscv64-cross dpkg-dev"
for p in linux-source-6.1 busybox-static musl-dev libc6-dev cpio bc flex bison xz-utils patch \
	 gcc make binutils $extra; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need="$need $p"
done
if [ -n "$need" ]; then
	say "installing$need (Debian packages)"
	SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
[ -f "$LINUX_TAR" ] || die "$LINUX_TAR missing after installing linux-source-6.1"
# Another architecture's userland and musl headers: Debian's .debs, fetched
# with apt (a private package list for that architecture, no multiarch
# install) and unpacked with dpkg-deb -x into OUT/debs.
if [ "$WARCH" = aarch64 ] && [ ! -f "$OUT/debs/.done" ]; then
	say "fetching busybox-static and musl-dev for $DEBARCH (Debian packages)"
	apt=$OUT/apt
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/dl" "$OUT/debs"
	aopt=(-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Debug::NoLocking=1
	      -o APT::Architecture="$DEBARCH" -o APT::Architectures::="$DEBARCH")
	apt-get "${aopt[@]}" update -qq >/dev/null || die "apt-get update for $DEBARCH failed"
	(cd "$apt/dl" && apt-get "${aopt[@]}" download busybox-static musl-dev >/dev/null 2>&1) ||
		die "apt-get download for $DEBARCH failed"
	for d in "$apt"/dl/*.deb; do dpkg-deb -x "$d" "$OUT/debs"; done
	touch "$OUT/debs/.done"
fi
BUSYBOX=/bin/busybox
[ "$WARCH" = aarch64 ] && BUSYBOX=$OUT/debs/bin/busybox
# Progress of a long make: its output into a log, a count of the files
# compiled on the terminal now and then.  steps LABEL LOG CMD...
PROGRESS=/dev/stdout
[ -n "${WOMBAT_BUILD_LOG:-}" ] && PROGRESS=/dev/fd/3
steps() {
	local label=$1 log=$2
	shift 2
	"$@" 2>&1 | tee "$log" | awk -v l="$label" -v out="$PROGRESS" \
		'/^  CC / || / -c -o / { n++; if (n % 100 == 0) { printf "wombat: %s: %d files compiled\n", l, n > out; fflush(out) } }' ||
		{ tail -30 "$log"; die "$label failed (all of it in $log)"; }
}

# --- 1b. riscv64: busybox and musl from Debian's source packages -------------
# apt-get source with a private list of deb-src lines made from this
# machine's own Debian sources (one-line and deb822 files; only Debian
# archive URIs); nothing is installed.  busybox is built static against
# glibc (libc6-dev-riscv64-cross) with Debian's own busybox-static
# configuration (debian/config/pkg/static), so its applets are those of the
# host's busybox-static; musl is built for the sysroot's headers and for
# the test programs and lmbench (docs/riscv64.md says why musl).
if [ "$WARCH" = riscv64 ]; then
	src=$OUT/src
	if [ ! -f "$src/.done" ]; then
		say "fetching Debian's busybox and musl source packages (apt-get source)"
		apt=$OUT/apt-src
		mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts"
		rm -rf "$src"
		mkdir -p "$src"
		{
			for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
				[ -f "$f" ] && sed -n 's/^[[:space:]]*deb[[:space:]]\+/deb-src /p' "$f"
			done
			for f in /etc/apt/sources.list.d/*.sources; do
				[ -f "$f" ] || continue
				awk 'function flush() { if (deb && uris != "") { n = split(uris, u, " "); m = split(suites, s, " ");
					for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
						printf "deb-src %s%s %s %s\n", key != "" ? "[signed-by=" key "] " : "", u[i], s[j], comps } 
					deb = 0; uris = suites = comps = key = "" }
				/^[[:space:]]*#/ { next }
				/^[[:space:]]*$/ { flush(); next }
				{ k = tolower($1); sub(/:$/, "", k); v = $0; sub(/^[^:]*:[[:space:]]*/, "", v) }
				k == "types" { deb = (" " v " ") ~ / deb / }
				k == "uris" { uris = v } k == "suites" { suites = v } k == "components" { comps = v }
				k == "signed-by" { key = v }
				END { flush() }' "$f"
			done
		} | grep -E '^deb-src (\[[^]]*\] )?[a-z]+://[^ ]*debian[^ ]* ' | sort -u > "$apt/sources.list" || true
		[ -s "$apt/sources.list" ] || die "no Debian archive among this machine's apt sources (for deb-src lines)"
		aopt=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts="$apt/parts"
		      -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Debug::NoLocking=1)
		apt-get "${aopt[@]}" update -qq >/dev/null || die "apt-get update (deb-src) failed"
		(cd "$src" && apt-get "${aopt[@]}" source -qq busybox musl) > "$OUT/src.log" 2>&1 ||
			{ cat "$OUT/src.log"; die "apt-get source busybox musl failed"; }
		touch "$src/.done"
	fi
	bbsrc=$(ls -d "$src"/busybox-*/ | head -1)
	muslsrc=$(ls -d "$src"/musl-*/ | head -1)
	if [ ! -f "$MUSL_LIB/libc.a" ]; then
		say "building musl for riscv64 (Debian's source, static, $OUT/musl-build)"
		rm -rf "$OUT/musl-build" "$OUT/musl"
		mkdir -p "$OUT/musl-build"
		(cd "$OUT/musl-build" && "$muslsrc/configure" --target=riscv64-linux-gnu CROSS_COMPILE="$CROSS" \
			CC="${CROSS}gcc" --prefix="$OUT/musl" --disable-shared) > "$OUT/musl-build.log" 2>&1 ||
			{ cat "$OUT/musl-build.log"; die "musl configure failed"; }
		steps musl "$OUT/musl-build.log" make -C "$OUT/musl-build" -j"$JOBS"
		make -C "$OUT/musl-build" install >> "$OUT/musl-build.log" 2>&1 || die "musl install failed"
	fi
	BUSYBOX=$OUT/busybox/busybox
	if [ ! -x "$BUSYBOX" ]; then
		say "building busybox for riscv64 (Debian's source and busybox-static config, $OUT/busybox)"
		rm -rf "$OUT/busybox"
		mkdir -p "$OUT/busybox"
		cp "$bbsrc/debian/config/pkg/static" "$OUT/busybox/.config"
		bmake=(make -C "$bbsrc" O="$OUT/busybox" CROSS_COMPILE="$CROSS")
		"${bmake[@]}" oldconfig < /dev/null > "$OUT/busybox-build.log" 2>&1 || { cat "$OUT/busybox-build.log"; die "busybox oldconfig failed"; }
		steps busybox "$OUT/busybox-build.log" "${bmake[@]}" -j"$JOBS" busybox
	fi
fi

# --- 2. The Linux tree, unpacked once -----------------------------------------
if [ ! -f "$LINUX/Makefile" ] || ! grep -q '^PATCHLEVEL = 1$' "$LINUX/Makefile"; then
	[ -e "$LINUX" ] && die "$LINUX exists but is not a Linux 6.1 tree; remove it"
	say "unpacking $LINUX_TAR into $LINUX (once)"
	rm -rf "$LINUX.tmp"
	mkdir -p "$LINUX.tmp"
	tar -xJf "$LINUX_TAR" -C "$LINUX.tmp" --strip-components=1
	mv "$LINUX.tmp" "$LINUX"
fi
# Kbuild refuses an O= build when the source tree was configured in place.
[ ! -f "$LINUX/.config" ] || die "$LINUX has an in-tree .config; the build uses O=$KOBJ (run make mrproper there)"

# --- 3. Our host layer, placed by symlinks (Linux's own files stay as they are) --
link() {   # target, link name
	if [ "$(readlink "$2" 2>/dev/null)" != "$1" ]; then
		rm -rf "$2"
		ln -s "$1" "$2"
	fi
}
link "$WOMBAT/os-L4/Makefile-os-L4" "$LINUX/arch/um/Makefile-os-L4"
link "$WOMBAT/os-L4/um"             "$LINUX/arch/um/os-L4"
link "$WOMBAT/os-L4/x86"            "$LINUX/arch/x86/um/os-L4"
link "$WOMBAT/libc"                 "$LINUX/arch/um/os-L4-libc"
# The arm64 subarch is ours (its os-L4 link is a file of wombat/arch-arm64).
link "$WOMBAT/arch-arm64/Makefile.um" "$LINUX/arch/arm64/Makefile.um"
link "$WOMBAT/arch-arm64/um"          "$LINUX/arch/arm64/um"
# So is the riscv subarch (its os-L4 link is a file of wombat/arch-riscv64).
link "$WOMBAT/arch-riscv64/Makefile.um" "$LINUX/arch/riscv/Makefile.um"
link "$WOMBAT/arch-riscv64/um"          "$LINUX/arch/riscv/um"

# The Linux files Wombat changes: small patches (wombat/patches/, listed with
# their reasons in wombat/README.md), applied once; a tree that has them is
# left alone, one where a patch applies neither way is refused.
for p in "$WOMBAT"/patches/*.patch; do
	[ -e "$p" ] || continue
	if patch -s -p1 -d "$LINUX" -R --dry-run -f < "$p" >/dev/null 2>&1; then
		continue
	elif patch -s -p1 -d "$LINUX" --dry-run -f < "$p" >/dev/null 2>&1; then
		say "patching Linux: $(basename "$p")"
		patch -s -p1 -d "$LINUX" -f < "$p" >/dev/null || die "$(basename "$p") failed to apply"
	else
		die "$(basename "$p") does not apply to $LINUX (neither applied nor appliable)"
	fi
done

KMAKE=(make -C "$LINUX" O="$KOBJ" ARCH=um SUBARCH=$SUBARCH OS=L4 L4_SYSROOT="$SYSROOT"
	WOMBAT_INC="$ROOT/abi $ROOT/abi/arch/$WARCH $ROOT/lib/libl4/include $ROOT/lib/libl4/arch/$WARCH/include $WOMBAT/os-L4/$OSARCH")
[ -n "$CROSS" ] && KMAKE+=(CROSS_COMPILE="$CROSS")
[ "${V:-0}" = 1 ] && KMAKE+=(V=1)

# --- 4. The freestanding sysroot ----------------------------------------------
if [ "$(cat "$SYSROOT/.version" 2>/dev/null)" != "$SYSROOT_VERSION" ]; then
	say "sysroot: musl headers + Linux uapi headers -> $SYSROOT"
	rm -rf "$SYSROOT" "$OUT/uapi"
	make -s -C "$LINUX" O="$OUT/uapi" ARCH=$HDRARCH headers > "$OUT/uapi.log" 2>&1 ||
		{ cat "$OUT/uapi.log"; die "uapi headers failed"; }
	mkdir -p "$SYSROOT/include" "$SYSROOT/lib"
	# uapi first (linux/, asm/, asm-generic/, ...); musl's own headers win.
	cp -a "$OUT/uapi/usr/include/." "$SYSROOT/include/"
	cp -a "$MUSL_INC/." "$SYSROOT/include/"
	rm -rf "$OUT/uapi"
	# Pitfall: glibc's <signal.h> names the XSAVE frame magic, musl's does
	# not; arch/x86/um/user-offsets.c keys HOST_FP_SIZE on it (337 longs of
	# XSAVE state, else 64 and a 512-byte buffer that XSAVE overruns).
	sig=$SYSROOT/include/bits/signal.h
	grep -q FP_XSTATE_MAGIC1 "$sig" && die "musl's bits/signal.h already has FP_XSTATE_MAGIC1: recheck the sysroot fix"
	[ "$WARCH" = x86_64 ] && cat >> "$sig" <<'EOF'

/* Added by the Wombat sysroot (wombat/build.sh): as in glibc's
 * bits/sigcontext.h, so that user-offsets.c sizes the FP state for XSAVE. */
#ifndef FP_XSTATE_MAGIC1
#define FP_XSTATE_MAGIC1 0x46505853U
#endif
EOF
	# link-vmlinux.sh hard-codes -lutil -lrt -lpthread for um: empty archives.
	for l in util rt pthread; do "${CROSS}ar" rc "$SYSROOT/lib/lib$l.a"; done
	echo "$SYSROOT_VERSION" > "$SYSROOT/.version"
fi

# --- 4b. The vDSO (os-L4/vdso: clock_gettime without a system call) ---------
# A position-independent shared object without relocations, all in one
# read-execute page (vdso.lds), linked into vmlinux by os-L4/um/vdsoimg.S.
# x86_64's replaces arch/um's image in place (os-L4/x86/vdso.c): it must not
# be bigger than that one (2344 bytes).
VDSO=$OUT/vdso.so
vsrc=("$WOMBAT/os-L4/vdso/vdso.c" "$WOMBAT/os-L4/vdso/vdso.lds" "$WOMBAT/os-L4/um/vvar.h"
      "$WOMBAT/os-L4/$OSARCH/vdso_arch.h" "$WOMBAT/os-L4/$OSARCH/vdso.ver")
if [ ! -f "$VDSO" ] || [ -n "$(find "${vsrc[@]}" -newer "$VDSO" 2>/dev/null)" ]; then
	say "building the vDSO ($VDSO)"
	"${CROSS}gcc" -O2 -fPIC -shared -nostdlib -ffreestanding -fno-stack-protector \
		-fno-asynchronous-unwind-tables -fno-unwind-tables -fvisibility=hidden -Wall -Werror \
		-I"$WOMBAT/os-L4/um" -I"$WOMBAT/os-L4/$OSARCH" -Wl,-T,"$WOMBAT/os-L4/vdso/vdso.lds" \
		-Wl,--version-script="$WOMBAT/os-L4/$OSARCH/vdso.ver" -Wl,-soname=linux-vdso.so.1 \
		-Wl,--hash-style=sysv -Wl,--build-id=none -Wl,--no-undefined \
		-o "$VDSO.dbg" "$WOMBAT/os-L4/vdso/vdso.c" || die "cannot build the vDSO"
	"${CROSS}strip" -R .comment -R .symtab -o "$VDSO.tmp" "$VDSO.dbg" || die "cannot strip the vDSO"
	"${CROSS}readelf" -r "$VDSO.tmp" | grep -q "no relocations" || die "the vDSO has relocations"
	vsize=$(stat -c %s "$VDSO.tmp")
	[ "$WARCH" != x86_64 ] || [ "$vsize" -le 2344 ] || die "the vDSO is $vsize bytes, over arch/um's 2344 it replaces"
	[ "$vsize" -le 4096 ] || die "the vDSO is $vsize bytes, over a page"
	mv "$VDSO.tmp" "$VDSO"
fi
KMAKE+=(WOMBAT_VDSO="$VDSO")

# --- 5. The initramfs directory -----------------------------------------------
copy_if_changed() {   # src, dst, mode
	if ! cmp -s "$1" "$2"; then
		install -m "$3" "$1" "$2"
	fi
}
readelf -lW "$BUSYBOX" | grep -q INTERP && die "$BUSYBOX is not busybox-static's (dynamically linked)"
mkdir -p "$IRAMFS"/{bin,sbin,usr/bin,usr/sbin,proc,sys,tmp,root,etc}
copy_if_changed "$BUSYBOX" "$IRAMFS/bin/busybox" 0755
copy_if_changed "$WOMBAT/initramfs/init" "$IRAMFS/init" 0755
copy_if_changed "$WOMBAT/initramfs/inittab" "$IRAMFS/etc/inittab" 0644
copy_if_changed "$WOMBAT/initramfs/profile" "$IRAMFS/etc/profile" 0644
for app in poweroff reboot halt; do         # they wait for init (initramfs/poweroff)
	copy_if_changed "$WOMBAT/initramfs/poweroff" "$IRAMFS/sbin/$app" 0755
done
# (another architecture's busybox cannot run here: the applets of this
# host's busybox-static, the same Debian version, are the same list)
{ if [ -z "$CROSS" ]; then "$IRAMFS/bin/busybox" --list-full; else /bin/busybox --list-full; fi; } | while IFS= read -r app; do
	[ -e "$IRAMFS/$app" ] || [ -L "$IRAMFS/$app" ] || ln -s /bin/busybox "$IRAMFS/$app"
done
# Our test programs (wombat/tests/*.c, static) and scripts, in /usr/lib/wombat-tests.
# Another architecture's are linked against Debian's musl for it (musl-dev,
# above): the cross compiler has no libc of its own.  Their architecture's
# instructions are in wombat/tests/arch/<arch>/wtest_arch.h.
tcc() {
	if [ -z "$CROSS" ]; then
		gcc -static -O2 -Wall "$@"
	else
		local lib=$MUSL_LIB
		"${CROSS}gcc" -static -O2 -Wall -nostdinc -isystem "$MUSL_INC" \
			-isystem "$("${CROSS}gcc" -print-file-name=include)" -nostdlib \
			"$lib/crt1.o" "$lib/crti.o" "$@" "$lib/libc.a" "$("${CROSS}gcc" -print-libgcc-file-name)" "$lib/crtn.o"
	fi
}
mkdir -p "$IRAMFS/usr/lib/wombat-tests"
for src in "$WOMBAT"/tests/*.c; do
	[ -e "$src" ] || continue
	bin=$IRAMFS/usr/lib/wombat-tests/$(basename "$src" .c)
	if [ ! -e "$bin" ] || [ "$src" -nt "$bin" ]; then
		tcc -I"$ROOT/abi" -I"$ROOT/abi/arch/$WARCH" -I"$WOMBAT/tests/arch/$WARCH" -o "$bin" "$src" ||
			die "cannot build $src"
	fi
done
# Native mode (docs/native-mode.md): the launcher /usr/bin/wombat-native,
# libwombat-native.a ($OUT/native, with its
# header in wombat/native/include) and the native programs linked with it,
# static position-independent executables: /usr/lib/wombat-native/{rtstat,
# nsvc,ntest}, and /usr/bin/rtstat, which starts rtstat natively.  The
# agent (agent.c) runs without the program's thread pointer: no stack
# protector; on riscv64 no linker relaxation (its gp is its UTCB).
ncc() {       # a static PIE
	if [ -z "$CROSS" ]; then
		gcc -static-pie -O2 -Wall "$@"
	else
		local lib=$MUSL_LIB
		"${CROSS}gcc" -fPIE -pie -Wl,-static -Wl,--no-dynamic-linker -O2 -Wall -nostdinc -isystem "$MUSL_INC" \
			-isystem "$("${CROSS}gcc" -print-file-name=include)" -nostdlib \
			"$lib/rcrt1.o" "$lib/crti.o" "$@" "$lib/libc.a" "$("${CROSS}gcc" -print-libgcc-file-name)" "$lib/crtn.o"
	fi
}
NATIVE=$WOMBAT/native
NOUT=$OUT/native
NINC=(-I"$ROOT/abi" -I"$ROOT/abi/arch/$WARCH" -I"$ROOT/lib/libl4/include" -I"$ROOT/lib/libl4/arch/$WARCH/include"
      -I"$NATIVE/include" -I"$NATIVE/arch/$WARCH")
nsrc_newest=$(ls -t "$NATIVE"/*.c "$NATIVE"/include/wombat/*.h "$NATIVE/arch/$WARCH"/* "$ROOT/abi/wombat_native.h" \
	"$ROOT/abi/iguana_abi.h" "$ROOT/abi/l4.h" | head -1)
if [ ! -e "$NOUT/stamp" ] || [ "$nsrc_newest" -nt "$NOUT/stamp" ]; then
	say "native mode: wombat-native, libwombat-native.a, rtstat, nsvc, ntest"
	mkdir -p "$NOUT" "$IRAMFS/usr/lib/wombat-native" "$IRAMFS/usr/bin"
	ncflags=(-O2 -Wall -fPIE "${NINC[@]}")
	[ -n "$CROSS" ] && ncflags+=(-nostdinc -isystem "$MUSL_INC" -isystem "$("${CROSS}gcc" -print-file-name=include)")
	# (aarch64: atomics inline, not libgcc's outline ones, which need glibc's __getauxval)
	[ "$WARCH" = aarch64 ] && ncflags+=(-mno-outline-atomics)
	agentflags=(-fno-stack-protector)
	[ "$WARCH" = riscv64 ] && agentflags+=(-mno-relax)
	"${CROSS}gcc" "${ncflags[@]}" -c -o "$NOUT/libnative.o" "$NATIVE/libnative.c" || die "cannot build libnative.c"
	"${CROSS}gcc" "${ncflags[@]}" "${agentflags[@]}" -c -o "$NOUT/agent.o" "$NATIVE/agent.c" || die "cannot build agent.c"
	nobjs=("$NOUT/libnative.o" "$NOUT/agent.o")
	if [ -e "$NATIVE/arch/$WARCH/vfork.S" ]; then      # where libc's vfork is fork
		"${CROSS}gcc" -c -o "$NOUT/vfork.o" "$NATIVE/arch/$WARCH/vfork.S" || die "cannot build vfork.S"
		nobjs+=("$NOUT/vfork.o")
	fi
	rm -f "$NOUT/libwombat-native.a"
	"${CROSS}ar" rcs "$NOUT/libwombat-native.a" "${nobjs[@]}" || die "cannot archive libwombat-native.a"
	# One executable for the three (multi.c: the name chooses), links for the others.
	# The launcher too: a static PIE runs as an ordinary process as well (Linux's initramfs is RAM).
	for prog in rtstat nsvc ntest launcher; do
		"${CROSS}gcc" "${ncflags[@]}" -I"$NATIVE/arch/$WARCH" -Dmain="${prog}_main" -c -o "$NOUT/$prog.o" "$NATIVE/$prog.c" ||
			die "cannot build wombat/native/$prog.c"
	done
	ncc "${NINC[@]}" -s -o "$IRAMFS/usr/lib/wombat-native/ntest" "$NATIVE/multi.c" "$NOUT/rtstat.o" "$NOUT/nsvc.o" \
		"$NOUT/ntest.o" "$NOUT/launcher.o" "$NOUT/libwombat-native.a" || die "cannot link wombat/native's programs"
	ln -sf ntest "$IRAMFS/usr/lib/wombat-native/rtstat"
	ln -sf ntest "$IRAMFS/usr/lib/wombat-native/nsvc"
	rm -f "$IRAMFS/usr/bin/wombat-native"
	ln -s /usr/lib/wombat-native/ntest "$IRAMFS/usr/bin/wombat-native"
	printf '#!/bin/sh\n# rtstat, a native-mode program (docs/native-mode.md)\nexec wombat-native /usr/lib/wombat-native/rtstat "$@"\n' \
		> "$IRAMFS/usr/bin/rtstat"
	chmod 0755 "$IRAMFS/usr/bin/rtstat"
	touch "$NOUT/stamp"
fi
# The benchmark (bench/lmbench.c) as on native Linux: /bin/lmbench, /bin/hello.
# (On arm64 linked against Debian's arm64 musl like the test programs;
# tools/bench-linux.sh boots the native kernels with these very binaries.)
if [ ! -e "$IRAMFS/bin/lmbench" ] || [ "$ROOT/bench/lmbench.c" -nt "$IRAMFS/bin/lmbench" ]; then
	tcc -o "$IRAMFS/bin/lmbench" "$ROOT/bench/lmbench.c" || die "cannot build bench/lmbench.c"
	"${CROSS}gcc" -static -nostdlib -O2 -Wall -DLMBENCH_HELLO -o "$IRAMFS/bin/hello" "$ROOT/bench/lmbench.c" ||
		die "cannot build bench/lmbench.c (hello)"
fi
for src in "$WOMBAT"/tests/*.sh; do
	[ -e "$src" ] && copy_if_changed "$src" "$IRAMFS/usr/lib/wombat-tests/$(basename "$src")" 0755
done
# Device nodes without mknod: the kernel's own initramfs list format; plus
# the files of WOMBAT_EXTRA (make run EXTRA=dir) at their relative paths.
LIST=$OUT/initramfs.list
{
	printf '%s\n' "# generated by wombat/build.sh" \
		"dir /dev 0755 0 0" \
		"nod /dev/console 0600 0 0 c 5 1" \
		"nod /dev/null 0666 0 0 c 1 3" \
		"slink /dev/fd /proc/self/fd 0777 0 0" \
		"slink /dev/stdin /proc/self/fd/0 0777 0 0" \
		"slink /dev/stdout /proc/self/fd/1 0777 0 0" \
		"slink /dev/stderr /proc/self/fd/2 0777 0 0" \
		"dir /dev/shm 1777 0 0" \
		"dir /dev/pts 0755 0 0"
	if [ -n "${WOMBAT_EXTRA:-}" ]; then
		[ -d "$WOMBAT_EXTRA" ] || die "EXTRA=$WOMBAT_EXTRA is not a directory"
		extra=$(cd "$WOMBAT_EXTRA" && pwd)
		# Symbolic links stay links (dangling ones too), with their own target
		# text; anything that is not a file, directory or link is named and left out.
		(cd "$extra" && find . -mindepth 1 | sort) | while IFS= read -r f; do
			case $f in *' '*) die "EXTRA: file names with spaces are not supported: $f" ;; esac
			rel=${f#.}
			if [ -L "$extra/$f" ]; then
				target=$(readlink "$extra/$f")
				case $target in *' '*|'') die "EXTRA: link targets with spaces are not supported: $f -> $target" ;; esac
				echo "slink $rel $target 0777 0 0"
			elif [ -d "$extra/$f" ]; then
				echo "dir $rel $(stat -c %a "$extra/$f") 0 0"
			elif [ -f "$extra/$f" ]; then
				echo "file $rel $extra/$f $(stat -c %a "$extra/$f") 0 0"
			else
				say "EXTRA: left out $f: not a file, directory or symbolic link" >&2
			fi
		done
	fi
} > "$LIST.new"
if cmp -s "$LIST.new" "$LIST"; then rm "$LIST.new"; else mv "$LIST.new" "$LIST"; fi

# --- 6. Configuration: tinyconfig + wombat/config.fragment --------------------
FRAG=$OUT/config.fragment
sed "s|@INITRAMFS@|$IRAMFS $LIST|" "$WOMBAT/config.fragment" > "$FRAG.new"
if [ ! -f "$KOBJ/.config" ] || ! cmp -s "$FRAG.new" "$FRAG"; then
	say "configuring: tinyconfig + wombat/config.fragment"
	mkdir -p "$KOBJ"
	{
		"${KMAKE[@]}" tinyconfig &&
		"$LINUX/scripts/kconfig/merge_config.sh" -m -O "$KOBJ" "$KOBJ/.config" "$FRAG.new" &&
		"${KMAKE[@]}" olddefconfig
	} > "$OUT/config.log" 2>&1 || { cat "$OUT/config.log"; die "configuration failed"; }
	# Every option of the fragment must have survived Kconfig's dependencies.
	bad=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) grep -qxF "$line" "$KOBJ/.config" || { say "config: $line did not stick"; bad=1; } ;;
		"# CONFIG_"*" is not set") grep -q "^${line#\# }=" "$KOBJ/.config" 2>/dev/null && { say "config: $line did not stick"; bad=1; } ;;
		esac
	done < "$FRAG.new"
	[ $bad = 0 ] || die "the fragment does not apply cleanly (see above)"
	mv "$FRAG.new" "$FRAG"
else
	rm "$FRAG.new"
fi

# --- 7. Build ---------------------------------------------------------------
# Kbuild's own check that nothing changed walks the whole tree (6-9 s on two
# cores, longer than Wombat's boot). Where nothing Kbuild reads of ours is
# newer than its last vmlinux (wombat/, which the tree's symlinks point
# into; the ABI and libl4 headers; the initramfs; the configuration; the
# patches, step 3; this script's own changes show in those), it is
# skipped. WOMBAT_KBUILD=1 runs it anyway.
# ($OUT/.kbuild-done: touched after each Kbuild run that succeeded.)
stamp=$OUT/.kbuild-done
newer=""
if [ -f "$KOBJ/vmlinux" ] && [ -f "$stamp" ] && [ -z "${WOMBAT_KBUILD:-}" ]; then
	newer=$(find "$WOMBAT" "$ROOT/abi" "$ROOT/lib/libl4" "$IRAMFS" "$LIST" "$KOBJ/.config" \
		\( -type f -o -type l \) -newer "$stamp" -print -quit 2>/dev/null)
	[ -n "$newer" ] || say "vmlinux is up to date (nothing it is built from is newer; WOMBAT_KBUILD=1 asks Kbuild anyway)"
fi
rm -f "$stamp.new"
if [ -f "$KOBJ/vmlinux" ] && [ -f "$stamp" ] && [ -z "${WOMBAT_KBUILD:-}" ] && [ -z "$newer" ]; then
	:
elif [ -n "${WOMBAT_BUILD_LOG:-}" ]; then
	touch "$stamp.new"
	say "building vmlinux (make -j$JOBS, output in $KOBJ)"
	"${KMAKE[@]}" -j"$JOBS" vmlinux 2>&1 | awk '{ print; fflush() }
		/^  [A-Z]+ / { n++; if (n % 250 == 0) { printf "wombat: %d files built\n", n > "/dev/fd/3"; fflush("/dev/fd/3") } }'
else
	touch "$stamp.new"
	say "building vmlinux (make -j$JOBS, output in $KOBJ)"
	"${KMAKE[@]}" -j"$JOBS" vmlinux
fi
[ -f "$stamp.new" ] && mv "$stamp.new" "$stamp"

# --- 8. Result ---------------------------------------------------------------
copy_if_changed "$KOBJ/vmlinux" "$OUT/vmlinux" 0755
fp=$(sed -n 's/^#define HOST_FP_SIZE \([0-9]*\).*/\1/p' "$KOBJ/include/generated/user_constants.h")
# x86_64: the XSAVE image (337 longs); arm64: q0-q31, FPSR, FPCR (66 longs);
# riscv64: f0-f31, fcsr (33 longs).
case $WARCH in x86_64) want=337 ;; aarch64) want=66 ;; riscv64) want=33 ;; esac
[ "$fp" = $want ] || die "HOST_FP_SIZE is '$fp', not $want (x86_64: the FP_XSTATE_MAGIC1 sysroot fix did not take)"
entry=$(readelf -h "$OUT/vmlinux" | awk '/Type:/ { t = $2 } /Entry point/ { e = $4 } END { print t, e }')
base=$(readelf -lW "$OUT/vmlinux" | awk '$1 == "LOAD" { print $3; exit }')
interp=$(readelf -lW "$OUT/vmlinux" | grep -c INTERP || true)
[ "$interp" = 0 ] || die "$OUT/vmlinux is dynamically linked"
say "$OUT/vmlinux: $(stat -c %s "$OUT/vmlinux") bytes, type $entry, first PT_LOAD at $base, static, HOST_FP_SIZE $fp"
say "done in $(( $(date +%s) - start )) s"
