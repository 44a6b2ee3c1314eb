#!/bin/sh
# Lines of code (no blanks, no comments) with Debian's cloc: the kernel as built
# for each architecture, then the other parts.
set -u
count() {   # label, files...
	label=$1; shift
	n=$(cloc --quiet --csv "$@" 2>/dev/null | awk -F, '$2 == "SUM" { print $5 }')
	[ -n "$n" ] || n=$(cloc --quiet --csv "$@" 2>/dev/null | awk -F, 'NR > 1 && $5 ~ /^[0-9]+$/ { s += $5 } END { print s + 0 }')
	printf '%-28s %6s\n' "$label" "$n"
}
# Each architecture's kernel build: generic code, its arch/ (with its board),
# the ABI headers and the two library files the kernel links.
for arch in $(ls kernel/arch); do
	files=$(find kernel/include kernel/src "kernel/arch/$arch" -name '*.[chS]' -o -name '*.ld' | sort)
	count "kernel ($arch build)" $files abi/l4.h "abi/arch/$arch/l4_arch.h" lib/libc/src/fmt.c lib/libelf/elf.c
	count "  of which arch/$arch" $(find "kernel/arch/$arch" -name '*.[chS]' -o -name '*.ld')
done
count "libraries (lib/)" $(find lib -name '*.[chS]')
count "tests" $(find tests -name '*.[ch]' -o -name '*.sh' -o -name '*.py')
[ -d iguana ] && count "iguana (server + drivers)" $(find iguana -name '*.[chS]')
[ -d apps ] && count "apps (rt, console, hello)" $(find apps -name '*.[chS]')
[ -d bench ] && count "benchmarks" $(find bench -name '*.[chS]')
[ -d wombat ] && count "wombat (our code)" $(find wombat -name '*.[chS]')
exit 0
