#!/bin/sh
# The run script of the KVM bundle (tools/kvm_bundle.py puts it in as run.sh):
# on any x86_64 Linux machine with /dev/kvm, with nothing but this folder,
#   sh run.sh                 # KVM: -enable-kvm -cpu host, wall-clock times
#   ACCEL=tcg sh run.sh       # the same runs under QEMU's TCG (to check the bundle)
# runs the kernel tests (IPC fast path on and off), the IPC round trip,
# lmbench on the same-config native Linux, Debian's kernel and Wombat, and
# fio and iperf3 on the same-config native Linux and Wombat (tools/bench_io.py's
# runs: Debian's image as root, the same virtio disk and network card), and
# writes results/: one log per run, summary.txt (the figures, Wombat against
# the same-config native kernel, the CPU model, whether PCID was on) and
# results.tar.gz of it all. QEMU, its libraries and firmware come with the
# bundle (qemu/); the host needs only a POSIX shell, coreutils and /dev/kvm.
# Environment: ACCEL (kvm, tcg), LIMIT (seconds per run, default 600), ONLY
# (space-separated subset of: ktest ipc samecfg debian wombat io).
set -u
cd "$(dirname "$0")" || exit 2
ACCEL=${ACCEL:-kvm}
LIMIT=${LIMIT:-600}
ONLY=${ONLY:-ktest ipc samecfg debian wombat io}
R=results
rm -rf "$R" results.tar.gz        # a run's figures never mix with an earlier run's
mkdir -p "$R"
QEMU_MODULE_DIR=$(pwd)/qemu/modules
export QEMU_MODULE_DIR
# QB ... &: the bundled QEMU, the background job's PID being QEMU's own (so kill
# stops it); Q: the same in the foreground.
QB() { exec qemu/lib/ld-linux-x86-64.so.2 --library-path qemu/lib qemu/bin/qemu-system-x86_64 -L qemu/share "$@"; }
Q() { (QB "$@"); }
say() { echo "kvm-bundle: $*"; }

case $ACCEL in
kvm)
	if ! sh ./kvm-check.sh; then
		say "error: no usable KVM here (ACCEL=tcg runs without it)" >&2
		exit 2
	fi
	# -cpu host; some hosts refuse QEMU's IA32_ARCH_CAPABILITIES write (QEMU aborts at once): without it then.
	CPU="host"
	QB -enable-kvm -cpu host -M pc -m 64 -display none -nodefaults -monitor none -S > "$R/probe.log" 2>&1 &
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

# boot NAME MARKER MEM KERNEL INITRD CMDLINE [FAIL]: QEMU until MARKER is in
# the console log (then stopped), or FAIL (an extended regular expression:
# the root task halted, a kernel PANIC), or the guest powers off, or LIMIT passes.
boot() {
	name=$1 marker=$2 mem=$3 kernel=$4 initrd=$5 cmdline=$6 failre=${7:-^@@never@@}
	log=$R/$name.log
	: > "$log"
	say "$name ..."
	# shellcheck disable=SC2086
	QB -M pc $ACC -m "$mem" -display none -serial "file:$log" -no-reboot -monitor none -nic none \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$kernel" -initrd "$initrd" \
		-append "$cmdline" > "$R/$name.qemu.txt" 2>&1 &
	qp=$!
	t=0
	while kill -0 $qp 2>/dev/null && ! grep -aq "$marker" "$log" && ! grep -aqE "$failre" "$log" &&
		[ $t -lt "$LIMIT" ]; do
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
KFAIL='^\[kernel\] thread 10001 halted|PANIC'   # the root task (the test driver) is dead: no use waiting
want() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
# The kernel tests first, with a short limit (seconds under KVM or TCG): where
# they do not finish, this host's virtualization does not work and nothing
# else is tried (each boot would wait out its limit).
if want ktest; then
	all=$LIMIT; LIMIT=$((LIMIT < 180 ? LIMIT : 180))
	boot ktest-fastpath KTEST-END 256 images/kernel32.elf images/ktest.elf "" "$KFAIL" || failed="$failed ktest-fastpath"
	if [ -n "$failed" ]; then
		say "the kernel tests did not finish under $ACCEL (-cpu $CPU): this host's virtualization does not run them;"
		say "nothing else is tried (results/ktest-fastpath.log has the console)"
		ONLY=""
	else
		boot ktest-nofastpath KTEST-END 256 images/kernel32.elf images/ktest.elf nofastpath "$KFAIL" ||
			failed="$failed ktest-nofastpath"
	fi
	LIMIT=$all
fi
want ipc && { boot ipc BENCH-JSON-END 256 images/kernel32.elf images/bench-ipc.elf "" "$KFAIL" || failed="$failed ipc"; }
# The same-config kernel has no HPET or ACPI PM timer and cannot calibrate its
# TSC against the PIT here ("Marking TSC unstable"): it would time on 10 ms
# jiffies. It is given the TSC's rate the microkernel measured in the kernel
# tests (tsc_early_khz) and told to trust it (tsc=reliable); Debian's kernel
# gets the same words.
NCMD="console=ttyS0 quiet loglevel=1 rdinit=/init panic=-1"
khz=$(sed -n 's/^\[kernel\] .*, clock \([0-9]*\) kHz.*/\1/p' "$R/ktest-fastpath.log" 2>/dev/null | head -1)
TSC=""
[ -n "$khz" ] && TSC="tsc_early_khz=$khz tsc=reliable"
NCMD="$NCMD $TSC"
want samecfg && { boot samecfg "@@CMD-END native" 512 images/bzImage-samecfg images/native.cpio "$NCMD" || failed="$failed samecfg"; }
want debian && { boot debian "@@CMD-END native" 512 images/vmlinuz-debian images/native.cpio "$NCMD" || failed="$failed debian"; }
want wombat && { boot wombat "WOMBAT-CMD-END" 512 images/kernel32.elf "$(cat images/wombat/mods)" "" || failed="$failed wombat"; }

# io NAME: disk and network (tools/bench_io.py's script in the Debian image):
# the guest runs fio, then waits twice for an iperf3 client, which runs from
# here through QEMU's port forward (host -> guest, then guest -> host: -R).
IP() { iperf3/lib/ld-linux-x86-64.so.2 --library-path iperf3/lib iperf3/bin/iperf3 "$@"; }
io() {
	name=$1
	log=$R/$name.log
	: > "$log"
	ports=$((ports + 1))
	port=$((20000 + ($$ + 97 * ports) % 20000))
	say "$name ..."
	if [ "$name" = io-wombat ]; then
		set -- -kernel images/kernel32.elf -initrd "$(cat images/wombat-io/mods)" -append ""
	else
		set -- -kernel images/bzImage-samecfg -append "$(cat images/wombat-io/native-cmdline) $TSC"
	fi
	# shellcheck disable=SC2086
	QB -M pc $ACC -m 1024 -display none -serial "file:$log" -no-reboot -monitor none -nic none \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-netdev "user,id=net0,hostfwd=tcp::$port-:5201" -device virtio-net-pci,disable-modern=on,addr=5,netdev=net0 \
		-drive file=images/debian-io.img,if=none,format=raw,id=disk0 -device virtio-blk-pci,disable-modern=on,drive=disk0 \
		"$@" > "$R/$name.qemu.txt" 2>&1 &
	qp=$!
	t=0
	while kill -0 $qp 2>/dev/null && ! grep -aq BENCH-IO-END "$log" && [ $t -lt "$LIMIT" ]; do
		for dir in in out; do
			if grep -aq "BENCH-IO-IPERF-READY $dir" "$log" && [ ! -f "$R/$name-tcp-$dir.txt" ]; then
				rev=""; [ $dir = out ] && rev=-R
				for _ in 1 2 3 4 5 6 7 8 9 10; do
					IP -c 127.0.0.1 -p "$port" -t 8 -f M $rev > "$R/$name-tcp-$dir.try" 2>&1 && break
					sleep 1
				done
				mv "$R/$name-tcp-$dir.try" "$R/$name-tcp-$dir.txt"
			fi
		done
		sleep 1
		t=$((t + 1))
	done
	sleep 5                  # its power-off
	kill $qp 2>/dev/null
	wait $qp 2>/dev/null
	if grep -aq BENCH-IO-END "$log"; then
		say "$name: done in ${t} s"
		return 0
	fi
	say "$name: FAILED (no BENCH-IO-END after ${t} s; see $log and $R/$name.qemu.txt)"
	return 1
}
ports=0
if want io && [ -f images/debian-io.img ]; then
	io io-samecfg || failed="$failed io-samecfg"
	io io-wombat || failed="$failed io-wombat"
fi

# summary.txt: where it ran, the kernel tests, the IPC figure, lmbench's.
pct() { awk -v n="${1:-0}" -v w="${2:-0}" 'BEGIN { if (n > 0 && w > 0) printf "%.0f %%", 100 * w / n; else printf "-" }'; }
tcp() { awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "MBytes/sec") print $(i - 1) }' "$1" 2>/dev/null | head -1; }
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
	if [ -f "$R/io-samecfg.log" ] || [ -f "$R/io-wombat.log" ]; then
		echo "| disk and network | same-config native | Wombat | Wombat / native |"
		echo "|---|---|---|---|"
		for j in seq_read seq_write rand_read_4k rand_write_4k; do
			n=$(sed -n "s/^BENCH-IO fio $j \([0-9.]*\) \([0-9.]*\).*/\1 MiB\/s \2 IOPS/p" "$R/io-samecfg.log" 2>/dev/null | head -1)
			w=$(sed -n "s/^BENCH-IO fio $j \([0-9.]*\) \([0-9.]*\).*/\1 MiB\/s \2 IOPS/p" "$R/io-wombat.log" 2>/dev/null | head -1)
			echo "| fio $j | ${n:--} | ${w:--} | $(pct "${n%% *}" "${w%% *}") |"
		done
		for dir in in out; do
			n=$(tcp "$R/io-samecfg-tcp-$dir.txt"); w=$(tcp "$R/io-wombat-tcp-$dir.txt")
			echo "| TCP $( [ $dir = in ] && echo 'host -> guest' || echo 'guest -> host') (iperf3, MiB/s) | ${n:--} | ${w:--} | $(pct "$n" "$w") |"
		done
		echo
	fi
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
