#!/bin/bash
# Lists the host-layer interface as linked: every symbol that os-L4 defines
# and the rest of vmlinux (Linux's own objects, lib/, our libc) uses, with the
# os-L4 object that defines it; then the libc functions that are used.
# Usage: wombat/symbols.sh [BUILD]   (after make wombat)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
cd "$BUILD/wombat/kbuild"
ours=(arch/um/os-L4/*.o arch/x86/um/os-L4/*.o)
libc=(arch/um/os-L4-libc/*.o)
mapfile -t rest < <(ar t vmlinux.a | grep -v '/os-L4/')
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -A -g --defined-only "${ours[@]}" | awk 'NF == 3 { sub(/:[0-9a-f]+$/, "", $1); print $3, $1 }' | sort > "$tmp/ours"
nm -g --defined-only "${libc[@]}" | awk 'NF == 3 { print $3 }' | sort -u > "$tmp/libc"
nm -u "${rest[@]}" lib/lib.a "${libc[@]}" 2>/dev/null | awk 'NF == 2 { print $2 }' | sort -u > "$tmp/used"
nm -u "${rest[@]}" "${ours[@]}" lib/lib.a 2>/dev/null | awk 'NF == 2 { print $2 }' | sort -u > "$tmp/used_libc"
join "$tmp/ours" "$tmp/used" | awk '{ sub(/^arch\//, "", $2); print $2, $1 }' | sort | column -t
echo "host-layer symbols used by the kernel side: $(join "$tmp/ours" "$tmp/used" | wc -l)"
echo "libc functions used: $(comm -12 "$tmp/libc" "$tmp/used_libc" | tr '\n' ' ')"
echo "($(comm -12 "$tmp/libc" "$tmp/used_libc" | wc -l) functions)"
