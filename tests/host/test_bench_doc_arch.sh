#!/bin/sh
# tools/bench_doc.py with the lmbench figures of another architecture only
# (make bench ARCH=riscv64): its sections carry the architecture in their
# headings and figures; every x86_64 and aarch64 section and the document's
# head line (the last x86_64 make bench) stay as they were, byte for byte.
set -u
repo=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs" "$tmp/b/bench"
cp docs/benchmarks.md "$tmp/docs/"
lm() {   # system, null_syscall us, pipe us
	printf '{"schema": "lmbench-1", "system": "%s", "command": "lmbench ", "wall_seconds": 9,' "$1"
	printf ' "settings": {"arch": "riscv64", "qemu": "QEMU emulator version 0.0", "machine": "virt", "icount": "shift=0,sleep=off",'
	printf ' "kernel": "k", "kernel_package": "p", "config": "f", "cpu": "rv64", "fragment": "bench/native-riscv64.fragment", "kernel_cmdline": "c", "guest_memory": "512M"},'
	printf ' "info": {"reps": 3, "target_ms": 20},'
	printf ' "results": {"null_syscall": {"value": %s, "min": %s, "max": %s}, "pipe_latency": {"value": %s, "min": %s, "max": %s}},' "$2" "$2" "$2" "$3" "$3" "$3"
	printf ' "ctx": {"0": {"2": 1.5}}, "errors": []}\n'
}
lm linux-samecfg 0.25 8.0 > "$tmp/b/bench/linux-samecfg.json"
lm wombat 0.75 12.0 > "$tmp/b/bench/wombat.json"
printf '{"start": "2099-01-01T00:00:00Z", "end": "2099-01-01T00:01:40Z", "total_seconds": 100, "phases": {}, "git": "x", "dirty": "", "failed": ""}\n' \
	> "$tmp/b/bench/run.json"
name=host.bench_doc.other_arch_own_sections
(cd "$tmp" && python3 "$repo/tools/bench_doc.py" b) > "$tmp/out" 2>&1 || { echo "FAIL $name  # bench_doc.py failed"; cat "$tmp/out"; exit 1; }
new=$tmp/docs/benchmarks.md
# The sections of the committed document (other than riscv64's own) unchanged.
keep() { awk '/^## /{ on = (index($0, "riscv64") == 0) } on' "$1"; }
why=""
[ "$(head -3 docs/benchmarks.md)" = "$(head -3 "$new")" ] || why="$why the head line changed;"
[ "$(keep docs/benchmarks.md)" = "$(keep "$new")" ] || why="$why another architecture's section changed;"
grep -q '^## Wombat, native Linux and User-Mode Linux, riscv64 (`make bench ARCH=riscv64`)$' "$new" || why="$why no riscv64 lmbench section;"
grep -q '^| null system call (getppid) | 0.25 (0.25–0.25) | 0.75 (0.75–0.75) | \*\*3.00x\*\* | ≤ 1.5x: missed by 100 % |' "$new" ||
	why="$why no null system call row at 3.00x;"
grep -q 'bench/native-riscv64.fragment' "$new" || why="$why not riscv64's native fragment;"
grep -q -- '-M virt -cpu rv64' "$new" || why="$why not riscv64's machine;"
if [ -z "$why" ]; then
	echo "PASS $name  # a riscv64 run writes riscv64 sections (3.00x) and leaves the head and the other architectures' sections as they were"
else
	echo "FAIL $name  #$why"
	diff docs/benchmarks.md "$new" | head -20
	exit 1
fi
