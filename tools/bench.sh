#!/bin/sh
# make bench: every benchmark in one go, on the same QEMU machine (pc, -cpu max,
# TCG, -icount shift=0,sleep=off), then docs/benchmarks.md and build/bench/ctx.png:
#   1. build Wombat (wombat/build.sh) and copy its images for the whole run;
#      build the same-config native reference (tools/build-native.sh)
#   2. microkernel IPC round trip               (tools/bench-ipc.sh)
#   3. real-time latency: idle, Iguana load, Wombat with Linux idle and loaded
#                                                (tools/bench-rt.sh)
#   4. lmbench on the same-config native Linux (the reference), Debian's
#      native kernel, Wombat (+ per-operation counters and profile) and UML
#      inside the native guest                   (tools/bench-linux.sh)
#   5. native mode: a native Linux program's IPC to an Iguana server beside
#      a pipe round trip of two ordinary processes (tools/bench_native.py);
#      x86_64: a sched_yield ping-pong on Wombat and the same-config native
#      Linux (tools/bench_yield.py)
#   5b. x86_64: disk and network throughput (fio, iperf3) on Debian's image
#      (make rootfs), Wombat against the same-config native Linux with the
#      same virtio devices, host wall clock (tools/bench_io.py)
#   6. build/bench/run.json and docs/benchmarks.md (tools/bench_doc.py)
# Usage: tools/bench.sh [BUILD] [IGUANA-BENCH-MODULES]   (the Makefile passes both)
# Environment: BENCH_ARGS (lmbench arguments, default: its defaults: 5 reps of
# 20 ms), and those of the scripts above. Output of each step: build/bench/step-*.out.
set -u
cd "$(dirname "$0")/.."
BUILD=${1:-build}
MODS=${2:-$BUILD/iguana/iguana.elf,$BUILD/iguana/uart.elf,$BUILD/iguana/timer.elf,$BUILD/iguana/rt.elf,$BUILD/iguana/rtbench.elf,$BUILD/iguana/rt.cfg}
OUT=$BUILD/bench
mkdir -p "$OUT" "$BUILD/logs"
export BUILD
start=$(date +%s)
startiso=$(date -u +%Y-%m-%dT%H:%M:%SZ)
# The tree measured (read-only git queries), at the start: the images are built and copied now.
git=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git --no-optional-locks status --porcelain -- kernel iguana lib abi apps wombat 2>/dev/null |
	awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')
fails=""
phases=""
n=0
step() {   # name timeout-seconds tail-lines command...: runs it, keeps its output, prints its tail
	name=$1; limit=$2; tl=$3; shift 3
	n=$((n + 1))
	t0=$(date +%s)
	echo "== bench [$n/$total] $name (limit ${limit} s; at $((t0 - start)) s)"
	timeout --kill-after=30 "$limit" "$@" > "$OUT/step-$name.out" 2>&1
	rc=$?
	t1=$(date +%s)
	grep -v '^ *"' "$OUT/step-$name.out" | tail -"$tl" | sed 's/^/   /'
	if [ $rc = 0 ]; then
		echo "   $name: done in $((t1 - t0)) s"
	else
		[ $rc = 124 ] && why="timed out" || why="exit $rc"
		echo "   $name: FAILED ($why) after $((t1 - t0)) s; see $OUT/step-$name.out"
		fails="$fails $name"
	fi
	phases="$phases${phases:+, }\"$name\": $((t1 - t0))"
}

ARCH=${ARCH:-x86_64}
export ARCH WOMBAT_ARCH=$ARCH
# x86_64: every system on -cpu max without ERMS/FSRM (tools/bench_sys.py's
# BENCH_X86_CPU, which says why).
bench_cpu=$(sed -n 's/^BENCH_X86_CPU = "\(.*\)"$/\1/p' tools/bench_sys.py)
[ -n "$bench_cpu" ] || { echo "tools/bench.sh: no BENCH_X86_CPU in tools/bench_sys.py" >&2; exit 1; }
export QEMU_X86_CPU=${QEMU_X86_CPU:-$bench_cpu}
total=5                                  # steps: build, ipc, lmbench, native, doc
[ "$ARCH" = x86_64 ] && total=8          # and rt, yield, io
step build 2400 4 sh -c 'bash wombat/build.sh "$1" > "$1/logs/wombat-build.log" 2>&1 ||
	{ tail -20 "$1/logs/wombat-build.log"; exit 1; }; python3 tools/bench_sys.py snapshot &&
	{ bash tools/build-native.sh "$1" > "$1/logs/native-build.log" 2>&1 ||
	{ tail -20 "$1/logs/native-build.log"; exit 1; }; }' sh "$BUILD"
# Every Wombat boot below uses the images copied now (the tree may be rebuilt meanwhile).
[ -z "$fails" ] && export BENCH_WSYS_READY=1
step ipc 1500 3 sh tools/bench-ipc.sh "$BUILD"
systems="linux-samecfg linux-native wombat linux-uml"
if [ "$ARCH" = x86_64 ]; then
	step rt 2400 3 sh tools/bench-rt.sh "$BUILD" "$MODS"
else
	systems="linux-samecfg linux-native wombat"      # no UML for $ARCH; the rt figures are x86_64's
	[ "$ARCH" = riscv64 ] && systems="linux-samecfg wombat"   # Debian 12 has no riscv64 kernel
	export BENCH_WOMBAT_OPS=0                         # the per-operation profile is x86_64's
fi
# shellcheck disable=SC2086
step lmbench 5400 16 env BENCH_SYSTEMS="$systems" sh tools/bench-linux.sh "$BUILD" ${BENCH_ARGS:-}
step native 900 2 python3 tools/bench_native.py
if [ "$ARCH" = x86_64 ]; then
	step yield 1200 2 python3 tools/bench_yield.py
fi
if [ "$ARCH" = x86_64 ]; then
	step io 3600 10 sh -c 'bash tools/mkrootfs.sh "$1" && python3 tools/bench_io.py' sh "$BUILD"
fi

end=$(date +%s)
cat > "$OUT/run.json" <<JSON
{"start": "$startiso", "end": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "total_seconds": $((end - start)),
 "phases": {$phases}, "git": "$git", "dirty": "$dirty", "failed": "${fails# }"}
JSON
n=$((total - 1))
step doc 120 2 python3 tools/bench_doc.py "$BUILD"
echo "== bench: $((end - start)) s in all${fails:+; FAILED:$fails}"
echo "   results: $OUT/*.json, $OUT/ctx.png; docs/benchmarks.md"
[ -z "$fails" ]
