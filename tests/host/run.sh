#!/bin/sh
# Build and run the host unit tests (gcc with address and undefined-behaviour sanitizers).
set -u
BUILD=${1:-build}
out="$BUILD/host"
mkdir -p "$out"
CFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -fsanitize=address,undefined -fno-sanitize-recover=all"
status=0
build() {   # name, sources...
	name=$1; shift
	if ! gcc $CFLAGS -Itests/host -Ilib/libelf -idirafter lib/libc/include -Ikernel/include \
		-Ikernel/arch/x86_64/include -Iabi -Iabi/arch/x86_64 "$@" -o "$out/$name" 2>"$out/$name.err"; then
		echo "FAIL host.$name.build"; cat "$out/$name.err"; status=1; return 1
	fi
}
run() {
	"$out/$1"
	rc=$?
	[ $rc = 0 ] && return 0
	status=1
	echo "FAIL host.$1.exit  # exit status $rc"
}
build elf tests/host/test_elf.c lib/libelf/elf.c && run elf
build fmt tests/host/test_fmt.c tests/host/fmt_shim.c && run fmt
build mdb tests/host/test_mdb.c kernel/src/kernel/mdb.c && run mdb
build malloc tests/host/test_malloc.c tests/host/malloc_shim.c && run malloc
build sched tests/host/test_sched.c kernel/src/kernel/sched.c && run sched
build irq tests/host/test_irq.c kernel/src/kernel/irq.c && run irq
build config tests/host/test_config.c tests/host/config_shim.c && run config
build libcstring tests/host/test_libcstring.c -fno-builtin && run libcstring
build wordstring tests/host/test_wordstring.c -Itests/host/wshim && run wordstring
build wordstring_arm64 tests/host/test_wordstring.c -DWITH_COPY_SMALL -Itests/host/wshim && run wordstring_arm64
if [ "$(uname -m)" = x86_64 ]; then
	build wordstring_x86 tests/host/test_wordstring.c -DWITH_X86_STRING -Itests/host/wshim && run wordstring_x86
fi
for a in arm64 riscv64; do
	build zeropad_$a tests/host/test_zeropad.c -Itests/host/zshim -DSUITE='"zeropad_'$a'"' \
		-DWAT_HEADER='"../../wombat/arch-'$a'/um/asm/word-at-a-time.h"' && run zeropad_$a
done
# chunkstr.c with each architecture's word-at-a-time header: asm-generic's
# (x86_64's UML) from the unpacked Linux tree or else the source package.
wat="$BUILD/linux/include/asm-generic/word-at-a-time.h"
if [ ! -f "$wat" ] && [ -f /usr/src/linux-source-6.1.tar.xz ]; then
	wat="$out/asm-generic-word-at-a-time.h"
	tar -xJf /usr/src/linux-source-6.1.tar.xz -O linux-source-6.1/include/asm-generic/word-at-a-time.h > "$wat" 2>/dev/null || rm -f "$wat"
fi
for a in generic arm64 riscv64; do
	h=$PWD/wombat/arch-$a/um/asm/word-at-a-time.h
	[ $a = generic ] && h=$(realpath "$wat" 2>/dev/null)
	if [ ! -f "$h" ]; then
		echo "FAIL host.chunkstr_$a.header  # no asm-generic/word-at-a-time.h: neither $BUILD/linux nor linux-source-6.1 (apt-get install linux-source-6.1)"
		status=1
		continue
	fi
	build chunkstr_$a tests/host/test_chunkstr.c -Itests/host/cshim -Itests/host/wshim -Itests/host/zshim \
		-DSUITE='"chunkstr_'$a'"' -DWAT_HEADER='"'"$h"'"' && run chunkstr_$a
done
sh tests/host/test_bench_doc.sh || status=1
sh tests/host/test_bench_doc_arch.sh || status=1
exit $status
