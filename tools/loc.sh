#!/bin/sh
# Lines of code (no blanks, no comments) with Debian's cloc: the kernel as built
# for x86_64 (generic + arch/x86_64 + the ABI header and the two library files it
# links), then the other parts.
set -u
count() {   # label, files...
	label=$1; shift
	n=$(cloc --quiet --csv "$@" 2>/dev/null | awk -F, '$2 == "SUM" { print $5 }')
	[ -n "$n" ] || n=$(cloc --quiet --csv "$@" 2>/dev/null | awk -F, 'NR > 1 && $5 ~ /^[0-9]+$/ { s += $5 } END { print s + 0 }')
	printf '%-28s %6s\n' "$label" "$n"
}
kernel_files=$(find kernel/include kernel/src kernel/arch/x86_64 -name '*.[chS]' -o -name '*.ld' | sort)
count "kernel (x86_64 build)" $kernel_files abi/l4.h abi/arch/x86_64/l4_arch.h lib/libc/src/fmt.c lib/libelf/elf.c
count "  of which arch/x86_64" $(find kernel/arch/x86_64 -name '*.[chS]' -o -name '*.ld')
count "libraries (lib/)" $(find lib -name '*.[chS]')
count "tests" $(find tests -name '*.[ch]' -o -name '*.sh' -o -name '*.py')
[ -d iguana ] && count "iguana (server + drivers)" $(find iguana -name '*.[chS]')
[ -d apps ] && count "apps (rt, console, hello)" $(find apps -name '*.[chS]')
[ -d bench ] && count "benchmarks" $(find bench -name '*.[chS]')
[ -d wombat ] && count "wombat (our code)" $(find wombat -name '*.[chS]')
exit 0
