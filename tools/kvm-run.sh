#!/bin/sh
# The run script of the KVM bundle (tools/kvm_bundle.py puts it in as run.sh):
# on any x86_64 Linux machine with /dev/kvm, with nothing but this folder,
#   sh run.sh                 # KVM: -enable-kvm -cpu host, wall-clock times
#   ACCEL=tcg sh run.sh       # the same runs under QEMU's TCG (to check the bundle)
# runs the kernel tests (IPC fast path on and off), the IPC round trip, and
# lmbench on the same-config native Linux, Debian's kernel and Wombat, and
# writes results/: one log per run, summary.txt (the figures, Wombat against
# the same-config native kernel, the CPU model, whether PCID was on) and
# results.tar.gz of it all. QEMU, its libraries and firmware come with the
# bundle (qemu/); the host needs only a POSIX shell, coreutils and /dev/kvm.
# Environment: ACCEL (kvm, tcg), LIMIT (seconds per run, default 600), ONLY
# (space-separated subset of: ktest ipc samecfg debian wombat).
set -u
cd "$(dirname "$0")" || exit 2
ACCEL=${ACCEL:-kvm}
LIMIT=${LIMIT:-600}
ONLY=${ONLY:-ktest ipc samecfg debian wombat}
R=results
rm -rf "$R" results.tar.gz        # a run's figures never mix with an earlier run's
mkdir -p "$R"
QEMU_MODULE_DIR=$(pwd)/qemu/modules
export QEMU_MODULE_DIR
Q() { qemu/lib/ld-linux-x86-64.so.2 --library-path qemu/lib qemu/bin/qemu-system-x86_64 -L qemu/share "$@"; }
say() { echo "kvm-bundle: $*"; }

case $ACCEL in
kvm)
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		say "error: /dev/kvm is missing or not readable and writable by $(id -un) (ACCEL=tcg runs without it)" >&2
		exit 2
	fi
	# -cpu host; some hosts refuse QEMU's IA32_ARCH_CAPABILITIES write (QEMU aborts at once): without it then.
	CPU="host"
	Q -enable-kvm -cpu host -M pc -m 64 -display none -nodefaults -monitor none -S > "$R/probe.log" 2>&1 &
	p=$!
	sleep 3
	if kill -0 $p 2>/dev/null; then
		kill $p 2>/dev/null
	else
		CPU="host,-arch-capabilities"
	fi
	wait $p 2>/dev/null
	ACC="-enable-kvm -cpu $CPU" ;;
tcg) CPU="max"; ACC="-cpu max" ;;
*) say "error: ACCEL=$ACCEL: kvm or tcg" >&2; exit 2 ;;
esac

# boot NAME MARKER MEM KERNEL INITRD CMDLINE: QEMU until MARKER is in the
# console log (then stopped) or the guest powers off or LIMIT passes.
boot() {
	name=$1 marker=$2 mem=$3 kernel=$4 initrd=$5 cmdline=$6
	log=$R/$name.log
	: > "$log"
	say "$name ..."
	# shellcheck disable=SC2086
	Q -M pc $ACC -m "$mem" -display none -serial "file:$log" -no-reboot -monitor none -nic none \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$kernel" -initrd "$initrd" \
		-append "$cmdline" > "$R/$name.qemu.txt" 2>&1 &
	qp=$!
	t=0
	while kill -0 $qp 2>/dev/null && ! grep -aq "$marker" "$log" && [ $t -lt "$LIMIT" ]; do
		sleep 1
		t=$((t + 1))
	done
	kill $qp 2>/dev/null
	wait $qp 2>/dev/null
	if grep -aq "$marker" "$log"; then
		say "$name: done in ${t} s"
		return 0
	fi
	say "$name: FAILED (no '$marker' after ${t} s; see $log and $R/$name.qemu.txt)"
	return 1
}

failed=""
want() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
if want ktest; then
	boot ktest-fastpath KTEST-END 256 images/kernel32.elf images/ktest.elf "" || failed="$failed ktest-fastpath"
	boot ktest-nofastpath KTEST-END 256 images/kernel32.elf images/ktest.elf nofastpath || failed="$failed ktest-nofastpath"
fi
want ipc && { boot ipc BENCH-JSON-END 256 images/kernel32.elf images/bench-ipc.elf "" || failed="$failed ipc"; }
# The same-config kernel has no HPET or ACPI PM timer and cannot calibrate its
# TSC against the PIT here ("Marking TSC unstable"): it would time on 10 ms
# jiffies. It is given the TSC's rate the microkernel measured in the kernel
# tests (tsc_early_khz) and told to trust it (tsc=reliable); Debian's kernel
# gets the same words.
NCMD="console=ttyS0 quiet loglevel=1 rdinit=/init panic=-1"
khz=$(sed -n 's/^\[kernel\] .*, clock \([0-9]*\) kHz.*/\1/p' "$R/ktest-fastpath.log" 2>/dev/null | head -1)
[ -n "$khz" ] && NCMD="$NCMD tsc_early_khz=$khz tsc=reliable"
want samecfg && { boot samecfg "@@CMD-END native" 512 images/bzImage-samecfg images/native.cpio "$NCMD" || failed="$failed samecfg"; }
want debian && { boot debian "@@CMD-END native" 512 images/vmlinuz-debian images/native.cpio "$NCMD" || failed="$failed debian"; }
want wombat && { boot wombat "WOMBAT-CMD-END" 512 images/kernel32.elf "$(cat images/wombat/mods)" "" || failed="$failed wombat"; }

# summary.txt: where it ran, the kernel tests, the IPC figure, lmbench's.
lm() { sed -n "s/^BENCH name=$2 unit=us value=\([0-9.]*\).*/\1/p" "$R/$1.log" 2>/dev/null | head -1; }
{
	echo "# KVM bundle results ($ACCEL, -cpu $CPU), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "host: $(uname -sr); CPU: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)" \
		"($(grep -c '^processor' /proc/cpuinfo) CPUs; PCID: $(grep -qw pcid /proc/cpuinfo && echo yes || echo no))"
	echo "qemu: $(Q --version | head -1) (bundled)"
	echo "bundle: $(cat VERSION 2>/dev/null)"
	for s in samecfg debian; do
		[ -f "$R/$s.log" ] && echo "$s: $(sed -n 's/^@@SYS-INFO native \(.*\)@@.*/\1/p' "$R/$s.log" | head -1)"
	done
	echo "microkernel: $(grep -ah '^\[kernel\].*tagged TLB' "$R"/ktest-fastpath.log "$R"/wombat.log 2>/dev/null | head -1)"
	for m in fastpath nofastpath; do
		f=$R/ktest-$m.log
		[ -f "$f" ] || continue
		echo "kernel tests ($m): $(grep -c '^TEST .* PASS ' "$f") passed, $(grep -c '^TEST .* FAIL ' "$f") failed" \
			"of $(sed -n 's/^KTEST-END .* \([0-9]*\) expected.*/\1/p' "$f")"
	done
	[ -f "$R/ipc.log" ] && echo "ipc: $(sed -n '/BENCH-JSON-BEGIN/,/BENCH-JSON-END/p' "$R/ipc.log" | sed '1d;$d' | tr -d '\n')"
	echo
	echo "| lmbench (us) | same-config native | Debian's kernel | Wombat | Wombat / same-config |"
	echo "|---|---|---|---|---|"
	for t in null_syscall read write stat fstat open_close pipe_latency fork_exit fork_exec fork_sh page_fault file_fault; do
		s=$(lm samecfg $t); d=$(lm debian $t); w=$(lm wombat $t)
		r=$(awk -v s="${s:-0}" -v w="${w:-0}" 'BEGIN { if (s > 0 && w > 0) printf "%.2fx", w / s; else printf "-" }')
		echo "| $t | ${s:--} | ${d:--} | ${w:--} | $r |"
	done
	echo
	echo "context switch (lat_ctx, us; procs/size_kb):"
	for s in samecfg debian wombat; do
		echo "  $s: $(grep -a '^BENCH name=ctx_' "$R/$s.log" 2>/dev/null | sed 's/^BENCH name=\([^ ]*\) unit=us value=\([0-9.]*\).*/\1=\2/' | tr '\n' ' ')"
	done
	if [ -n "$failed" ]; then
		echo "FAILED:$failed"
		for f in $failed; do
			echo "  $f, its console's last lines:"
			grep -av '^ *$' "$R/$f.log" | tail -3 | sed 's/^/    /'
			sed 's/^/    qemu: /' "$R/$f.qemu.txt" | head -3
		done
	fi
} > "$R/summary.txt"
tar czf results.tar.gz "$R"
cat "$R/summary.txt"
say "results in $(pwd)/$R (and results.tar.gz)"
[ -z "$failed" ]
