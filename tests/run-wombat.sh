#!/bin/sh
# Wombat's tests: Linux 6.1 on the microkernel, booted in QEMU with
# `make run CMD=...` (tools/wombat-run.sh). Prints PASS/FAIL wombat.* lines
# and a count; logs in BUILD/logs/wombat-*.log.
set -u
BUILD=${1:-build}
# The architecture (make test-wombat ARCH=aarch64): build.sh, wombat-run.sh and
# the Python helpers (through the environment) follow it.
export WOMBAT_ARCH=${WOMBAT_ARCH:-${ARCH:-x86_64}}
LOGS=$BUILD/logs
mkdir -p "$LOGS"
pass=0; fail=0
report() {   # PASS|FAIL name description
	echo "$1 wombat[$WOMBAT_ARCH].$2  # $3"
	if [ "$1" = PASS ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}
run() {      # log timeout cmd: the command's output in the log, its status in $rc
	log=$1; t=$2; shift 2
	WOMBAT_LOG="$log.console" tools/wombat-run.sh "$BUILD" "$*" "$t" > "$log" 2>&1
	rc=$?
}

rt_run() {   # log timeout "every_ms [rtmon args]" cmd: run cmd under -icount with rtmon reporting
	log=$1; t=$2; every=$3; shift 3
	QEMU_EXTRA="-icount shift=0,sleep=off" WOMBAT_MODS="$BUILD/iguana/rtmon.elf" \
	WOMBAT_DOMAINS="domain rtmon rtmon.elf prio=200 quota=64 -- every_ms=$every" run "$log" "$t" "$@"
}
rt_reports() {   # console: sums of rtmon's reports between "load starting" and "load done"
	reports=$(sed -n '/^load starting/,/^load done/p' "$1" | grep -a 'rtmon: report=')
	n=$(echo "$reports" | grep -c 'report=')
	sum() { echo "$reports" | sed -n "s/.* $1=\([0-9]*\).*/\1/p" | awk '{ s += $1 } END { print s + 0 }'; }
	misses=$(sum misses)
	periods=$(sum periods)
	maxns=$(echo "$reports" | sed -n 's/.*max_ns=\([0-9]*\).*/\1/p' | sort -n | tail -1)
}

report_lines() {   # log prefix suffix check...: one test per "ok CHECK ..." / "FAIL CHECK ..." line of a program
	log=$1 prefix=$2 suffix=$3; shift 3
	for c in "$@"; do
		line=$(grep -a "^ok $c \|^FAIL $c " "$log" | head -1)
		if [ $rc = 0 ] && [ "${line%% *}" = ok ]; then
			report PASS "$prefix$c" "${line#ok $c }$suffix"
		else
			report FAIL "$prefix$c" "${line:-no result} (status $rc, see $log)"
		fi
	done
}

echo "== wombat: building Linux (first time: about 6-8 minutes)" >&2
if ! bash wombat/build.sh "$BUILD" > "$LOGS/wombat-build.log" 2>&1; then
	tail -30 "$LOGS/wombat-build.log"
	report FAIL build "wombat/build.sh failed (see $LOGS/wombat-build.log)"
	echo "wombat[$WOMBAT_ARCH]: $pass passed, $fail failed"
	exit 1
fi

# 1. The suite: one boot, each section checked.
echo "== wombat: the Linux suite (wombat/tests/suite.sh)" >&2
start=$(date +%s)
run "$LOGS/wombat-suite.log" 900 /usr/lib/wombat-tests/suite.sh
out=$(python3 tests/wombat_check.py "$LOGS/wombat-suite.log")
out=$(echo "$out" | sed "s/^\(PASS\|FAIL\) wombat\./\1 wombat[$WOMBAT_ARCH]./")
echo "$out"
pass=$((pass + $(echo "$out" | grep -c '^PASS'))); fail=$((fail + $(echo "$out" | grep -c '^FAIL')))
[ $rc = 0 ] || report FAIL suite_status "the suite's shell ended with $rc (console: $LOGS/wombat-suite.log.console)"
echo "   suite: $(( $(date +%s) - start )) s" >&2
# Linux's memory by default (make run, no WOMBAT_MEM): a real system's, 256 MiB.
total=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' "$LOGS/wombat-suite.log" | head -1)
if [ -n "$total" ] && [ "$total" -ge $((240 * 1024)) ] && [ "$total" -le $((256 * 1024)) ]; then
	report PASS default_mem_256 "by default Linux has 256 MiB (MemTotal $total kB; QEMU 1 GiB)"
else
	report FAIL default_mem_256 "MemTotal ${total:-?} kB by default, not 256 MiB"
fi

# 1b. The same suite with the microkernel's fast paths off (`nofastpath`):
# every system call, fault and resume of Linux's processes through the
# kernel's generic C paths (vcpu.c) instead of its assembly ones.
echo "== wombat: the Linux suite with the microkernel's fast paths off (nofastpath)" >&2
start=$(date +%s)
kcmd_was=${KCMD:-}
export KCMD="${kcmd_was:+$kcmd_was }nofastpath"
run "$LOGS/wombat-suite-nofastpath.log" 900 /usr/lib/wombat-tests/suite.sh
export KCMD="$kcmd_was"
out=$(python3 tests/wombat_check.py "$LOGS/wombat-suite-nofastpath.log")
out=$(echo "$out" | sed "s/^\(PASS\|FAIL\) wombat\./\1 wombat[$WOMBAT_ARCH,nofastpath]./")
echo "$out"
pass=$((pass + $(echo "$out" | grep -c '^PASS'))); fail=$((fail + $(echo "$out" | grep -c '^FAIL')))
[ $rc = 0 ] || report FAIL suite_nofastpath_status "the suite's shell ended with $rc without fast paths (console: $LOGS/wombat-suite-nofastpath.log.console)"
if grep -aq '^\[kernel\] .* fastpath off' "$LOGS/wombat-suite-nofastpath.log.console"; then
	report PASS suite_nofastpath_kernel "the microkernel ran with its fast paths off (its boot line: fastpath off)"
else
	report FAIL suite_nofastpath_kernel "no sign in the console that the microkernel took nofastpath ($LOGS/wombat-suite-nofastpath.log.console)"
fi
echo "   suite without fast paths: $(( $(date +%s) - start )) s" >&2

# 2. make run CMD=... exits with the command's status.
run "$LOGS/wombat-status.log" 300 'echo "now $(date +%s)"; grep -E "^(processor|fpu|flags)" /proc/cpuinfo; echo "size $(stty size)"; echo exiting with 3; exit 3'
host_now=$(date +%s)
if [ $rc = 3 ] && grep -q '^exiting with 3$' "$LOGS/wombat-status.log"; then
	report PASS run_cmd_status "make run CMD='...; exit 3' prints the output and exits with 3"
else
	report FAIL run_cmd_status "make run CMD='exit 3' gave status $rc"
fi
# /proc/cpuinfo tells programs what the CPU has (x86_64: from CPUID, as a
# host's would; arm64: arch/um's fields carry no arm64 features), and the
# boot prints nothing about a host it does not have.
if [ "${WOMBAT_ARCH:-x86_64}" = x86_64 ]; then
	grep -q "$(printf '^fpu\t\t: yes$')" "$LOGS/wombat-status.log" && grep -q '^flags.* sse2 ' "$LOGS/wombat-status.log"
else
	grep -q '^processor' "$LOGS/wombat-status.log"
fi && cpu_ok=1 || cpu_ok=0
if [ $cpu_ok = 1 ] && ! grep -aq "couldn't read host ldt" "$LOGS/wombat-status.log.console"; then
	report PASS cpuinfo_no_host_noise "/proc/cpuinfo shows the CPU's features (x86_64: fpu yes, sse2 ...); no host-LDT message at boot"
else
	report FAIL cpuinfo_no_host_noise "/proc/cpuinfo without features (cpu_ok=$cpu_ok) or a host-LDT message (see $LOGS/wombat-status.log*)"
fi
if grep -qx 'size 24 80' "$LOGS/wombat-status.log"; then
	report PASS console_size "the console reports 24 rows of 80 columns (not 0x0)"
else
	report FAIL console_size "stty size on the console: $(sed -n 's/^size //p' "$LOGS/wombat-status.log")"
fi
# Linux starts with the real time (the board's RTC through the microkernel):
# the command's `date` lies between QEMU's start and now on the host's clock.
guest_now=$(sed -n 's/^now \([0-9]*\)$/\1/p' "$LOGS/wombat-status.log")
if [ -n "$guest_now" ] && [ "$guest_now" -le $((host_now + 2)) ] && [ "$guest_now" -ge $((host_now - 300)) ]; then
	report PASS wall_clock "Linux's date is the host's real time ($((host_now - guest_now)) s behind the host at the end of the run)"
else
	report FAIL wall_clock "Linux's date ${guest_now:-missing} against the host's $host_now"
fi

# 2b. `make run CMD=` hands the command to Linux's shell byte for byte: make
# expands no `$`, a `"` ends no quote, and nothing of it runs on the host.
rm -f proof.txt
make -s --no-print-directory run ARCH="$WOMBAT_ARCH" BUILD="$BUILD" \
	CMD='seq 1 10000 | wc -l; sh -c "exit 3"; echo rc=$?; echo "a|uname -n >proof.txt|cat"' \
	> "$LOGS/wombat-quoting.log" 2>&1
rc=$?
if [ $rc = 0 ] && grep -qx '10000' "$LOGS/wombat-quoting.log" && grep -qx 'rc=3' "$LOGS/wombat-quoting.log" &&
	grep -qxF 'a|uname -n >proof.txt|cat' "$LOGS/wombat-quoting.log" && [ ! -e proof.txt ]; then
	report PASS run_cmd_quoting "make run CMD= with quotes, \$? and | reaches Linux's shell unchanged; nothing runs on the host"
else
	report FAIL run_cmd_quoting "make run CMD= with quotes: status $rc, proof.txt on the host: $([ -e proof.txt ] && echo yes || echo no) (see $LOGS/wombat-quoting.log)"
fi
rm -f proof.txt

# 3. The interactive shell of plain `make run`: typing, ^C, poweroff ends QEMU.
echo "== wombat: interactive shell" >&2
out=$(python3 tests/wombat_interactive.py "$BUILD" "$LOGS/wombat-interactive.log")
out=$(echo "$out" | sed "s/^\(PASS\|FAIL\) wombat\./\1 wombat[$WOMBAT_ARCH]./")
echo "$out"
pass=$((pass + $(echo "$out" | grep -c '^PASS'))); fail=$((fail + $(echo "$out" | grep -c '^FAIL')))

# 3b. Restart without downtime: Linux panics, Iguana restarts Wombat, the
# shell comes back; the real-time task keeps its deadlines meanwhile.
echo "== wombat: restart after a Linux panic (-icount)" >&2
out=$(python3 tests/wombat_restart.py "$BUILD" "$LOGS/wombat-restart.log")
out=$(echo "$out" | sed "s/^\(PASS\|FAIL\) wombat\./\1 wombat[$WOMBAT_ARCH]./")
echo "$out"
pass=$((pass + $(echo "$out" | grep -c '^PASS'))); fail=$((fail + $(echo "$out" | grep -c '^FAIL')))

# 4. The real-time task misses nothing while Linux runs a busy loop and a
# fork/pipe load. -icount: guest time follows instructions, so the figures
# are about our system, not the host's load.
echo "== wombat: real-time task under Linux load (-icount)" >&2
rt_run "$LOGS/wombat-rt.log" 900 2000 'echo load starting; sh -c "while :; do :; done" & sh -c "while :; do echo x | cat > /dev/null; done" & sleep 15; kill %1 %2; echo load done'
con=$LOGS/wombat-rt.log.console
rt_reports "$con"
if [ $rc = 0 ] && [ "$n" -ge 3 ] && [ "$misses" = 0 ] && [ "$periods" -ge 4000 ]; then
	report PASS rt_under_load "1 kHz real-time task under a Linux busy loop + fork/pipe load: $periods periods, 0 misses, max ${maxns} ns ($n reports)"
else
	report FAIL rt_under_load "rt under load: status $rc, $n reports, $periods periods, $misses misses, max ${maxns:-?} ns (see $con)"
fi

# 4b. Resource exhaustion inside Linux: a fork bomb (Linux refuses forks when
# Wombat's domain quota in Iguana, one domain per process, is used up) and a
# memory hog (Linux's OOM killer) must not touch Iguana, the drivers or the
# real-time task; rtmon (pdcheck) creates a domain of its own meanwhile.
echo "== wombat: fork bomb and memory hog (-icount)" >&2
tasks=200
WOMBAT_TASKS=$tasks rt_run "$LOGS/wombat-exhaust.log" 900 "250 pdcheck" 'T=/usr/lib/wombat-tests; echo load starting; $T/forkbomb; echo "bomb status=$?"; grep tasks_ /proc/wombat; $T/memhog; echo "hog status=$?"; sleep 1; echo load done; echo still-alive'
con=$LOGS/wombat-exhaust.log.console
rt_reports "$con"
bomb=$(grep -a '^forkbomb:' "$LOGS/wombat-exhaust.log")
nproc=$(echo "$bomb" | sed -n 's/^forkbomb: \([0-9]*\) processes.*/\1/p')
if [ $rc = 0 ] && grep -q '^bomb status=0$' "$LOGS/wombat-exhaust.log" &&
	grep -q '^hog status=137$' "$LOGS/wombat-exhaust.log" && grep -q '^still-alive$' "$LOGS/wombat-exhaust.log" &&
	grep -aq 'Out of memory: Killed process' "$con"; then
	report PASS fork_bomb_memory_hog "${bomb#forkbomb: }; the memory hog was OOM-killed (137); the shell goes on"
else
	report FAIL fork_bomb_memory_hog "status $rc; see $LOGS/wombat-exhaust.log and its .console"
fi
if [ "$n" -ge 3 ] && [ "$misses" = 0 ]; then
	report PASS exhaustion_rt "real-time task during the fork bomb and the OOM kill: $n reports, 0 misses, max ${maxns} ns"
else
	report FAIL exhaustion_rt "real-time task during exhaustion: $n reports, $misses misses, max ${maxns:-?} ns"
fi
# Iguana's quotas hold: the bomb stopped at Wombat's domain quota (not at
# Iguana's last domain), and another domain could create domains throughout.
refq=$(sed -n 's/^tasks_refused_quota \([0-9]*\)$/\1/p' "$LOGS/wombat-exhaust.log")
refo=$(sed -n 's/^tasks_refused_other \([0-9]*\)$/\1/p' "$LOGS/wombat-exhaust.log")
pdok=$(echo "$reports" | grep -c 'domain_create=ok')
if [ -n "$nproc" ] && [ "$nproc" -lt "$tasks" ] && [ "$nproc" -gt $((tasks - 20)) ] &&
	[ "${refq:-0}" -ge 1 ] && [ "${refo:-1}" = 0 ] && [ "$n" -ge 3 ] && [ "$pdok" = "$n" ]; then
	report PASS exhaustion_quotas "fork bomb stopped by Wombat's domain quota ($tasks): $nproc processes, $refq forks refused by quota, 0 otherwise; rtmon created a domain in all $n reports meanwhile"
else
	report FAIL exhaustion_quotas "processes ${nproc:-?} (quota $tasks), refused by quota ${refq:-?}, otherwise ${refo:-?}; rtmon domain creation ok in $pdok of $n reports"
fi

# 4c. Memory at scale: Linux sized small, by default and as large as allowed
# (86% of what Iguana has free with QEMU -m 2G). In each: Linux idle for a
# while (the real-time task's idle figure), then a memory hog (until Linux's
# OOM killer stops it) beside a fork storm (until fork says EAGAIN), then
# one process that writes and checks 90% of Linux's memory, then idle
# again. (Linux's OOM killer may pick the fork bomb's parent rather than the
# hog: its children are then killed before the after-load figures.) The real-time task must miss nothing, its worst wake-up under the
# load stay within 10% of idle, its domain never stop, and what Iguana has
# free and what another domain (rtmon) holds be the same before and after.
window() {   # console from to: rtmon's reports between two markers
	sed -n "/^$2\$/,/^$3\$/p" "$1" | grep -a 'rtmon: report='
}
field() {    # reports name: the values of name=N, one per line
	echo "$1" | sed -n "s/.* $2=\([0-9]*\).*/\1/p"
}
# What the comparison of two maxima can resolve: each latency is a wake-up
# time read from the kernel's clock (its boot line) minus a deadline in that
# clock's ticks, so each is off by up to one tick, and two maxima can differ
# by two ticks without any real difference (riscv64's 10 MHz timebase: 200
# ns; x86_64's 1 ns, aarch64's 16 ns: below 10% of idle anyway). The +10%
# limit is at least those two ticks. riscv64 has no vCPU fast path: a task
# exit or resume runs the kernel's C path, which is not preemptible, so a
# wake-up that falls into one under Linux's load waits for it: measured up to
# 300 ns over idle (three of its ticks; 0 misses ever). There the limit is
# at least 500 ns until the fast path exists (docs/riscv64.md).
rt_slack_ns() {   # idle_max console: what the latency may exceed idle by
	s=$(( $1 / 10 )); t=$(clock_tick_ns "$2"); [ "${t:-0}" -gt "$s" ] && s=$t
	[ "$WOMBAT_ARCH" = riscv64 ] && [ "$s" -lt 500 ] && s=500
	echo "$s"
}
clock_tick_ns() {   # console: two ticks of the kernel's clock, in ns
	sed -n 's/^\[kernel\] .*, clock \([0-9]*\) kHz.*/\1/p' "$1" | head -1 |
		awk '{ print ($1 > 0 ? 2 * int((1000000 + $1 - 1) / $1) : 0) }'
}
mem_scale() {   # name qemu_mem wombat_mem hog_args
	name=$1; qmem=$2; wmem=$3; hog=$4
	shown=${wmem:-$((qmem / 4))}
	log=$LOGS/wombat-mem-$name.log
	QEMU_MEM=$qmem WOMBAT_MEM=$wmem QEMU_EXTRA="-icount shift=0,sleep=off" WOMBAT_MODS="$BUILD/iguana/rtmon.elf" \
	WOMBAT_DOMAINS="domain rtmon rtmon.elf prio=200 quota=64 -- every_ms=500 usage" \
	run "$log" 1500 "/usr/lib/wombat-tests/memload.sh $hog"
	con=$log.console
	idle=$(window "$con" "idle starting" "idle done"); load=$(window "$con" "load starting" "after starting")
	after=$(window "$con" "after starting" "after done")
	imax=$(field "$idle" max_ns | sort -n | tail -1); lmax=$(field "$load" max_ns | sort -n | tail -1)
	lmiss=$(field "$load" misses | awk '{ s += $1 } END { print s + 0 }')
	nload=$(echo "$load" | grep -c report=)
	last=$(echo "$after" | tail -1)
	# After the load, each figure as at some report of the idle phase: a
	# report counts the Linux processes alive at that instant (each a
	# domain with a capability), and the idle phase's own sleep may or may
	# not be one of them (it was 25 caps, 24 at the last idle report, 25 after).
	same=yes
	for k in free_frames caps own_pages own_kmem; do
		v=$(field "$last" $k)
		[ -n "$v" ] && field "$idle" $k | grep -qx "$v" || same="no ($k $(field "$idle" $k | sort -u | tr '\n' ' ')-> ${v:-none})"
	done
	slack=$(rt_slack_ns "${imax:-0}" "$con")
	bomb=$(grep -a '^forkbomb:' "$log" | head -1)
	hog90=$(grep -a '^memhog: 90%' "$log" | tail -1)
	if [ $rc = 0 ] && [ -n "$imax" ] && [ -n "$lmax" ] && [ "$nload" -ge 2 ] && [ "$lmiss" = 0 ] &&
		[ "$lmax" -le $((imax + slack)) ] && ! grep -aq "domain 'rt'.*stopped" "$con"; then
		report PASS "mem_${name}_rt" "Linux ${shown} MiB (QEMU ${qmem} MiB; Iguana had $(grep -a 'MiB free for domains' "$con" | sed -n 's/.*: \([0-9]*\) MiB free.*/\1/p') MiB free), memory hog + fork storm + 90% writer: real-time task 0 misses in $nload reports, max ${lmax} ns vs ${imax} ns idle (limit +10%, at least the two clock ticks the comparison resolves, riscv64 500 ns: +${slack} ns), rt never stopped"
	else
		report FAIL "mem_${name}_rt" "Linux ${shown} MiB: status $rc, $nload reports under load, $lmiss misses, max ${lmax:-?} ns vs idle ${imax:-?} ns (see $con)"
	fi
	[ -n "$bomb" ] || bomb="forkbomb: killed by Linux's OOM killer"
	if [ $rc = 0 ] && [ "$same" = yes ] && grep -q '^hog status=137$' "$log" &&
		grep -q '^hog90 status=0$' "$log" && echo "$hog90" | grep -q 'pattern ok (0 bad pages)'; then
		report PASS "mem_${name}_linux" "Linux ${shown} MiB: hog OOM-killed inside Linux (137), ${bomb#forkbomb: }; ${hog90#memhog: }; Iguana's free frames and capabilities and rtmon's pages and kernel frames unchanged ($(field "$last" free_frames) frames, $(field "$last" caps) caps)"
	else
		report FAIL "mem_${name}_linux" "Linux ${shown} MiB: status $rc, bomb '${bomb}', 90% writer '${hog90}', Iguana/rtmon figures same: $same (see $log)"
	fi
}
echo "== wombat: memory at scale (-icount; three Linux sizes)" >&2
mem_scale small 512 64 "-a 90"
mem_scale default 512 "" "-a 90"
QEMU_MEM=2048 run "$LOGS/wombat-mem-probe.log" 300 'true'      # what Iguana has free with 2 GiB
free=$(grep -a 'MiB free for domains' "$LOGS/wombat-mem-probe.log.console" | sed -n 's/.*: \([0-9]*\) MiB free.*/\1/p')
mem_scale largest 2048 $(( ${free:-1700} * 86 / 100 )) "-p 90"

# 4d. A thousand processes at once (QEMU 1 GiB, Linux's default share).
QEMU_MEM=1024 run "$LOGS/wombat-procs.log" 900 'T=/usr/lib/wombat-tests; $T/holdprocs 1000; echo "status=$?"; grep -E "^(tasks_|fork_eagain|evictions)" /proc/wombat'
if [ $rc = 0 ] && grep -aq '^holdprocs: 1000 of 1000 forks succeeded' "$LOGS/wombat-procs.log" &&
	grep -aq '^holdprocs: 1000 reaped (0 did not exit with 0)' "$LOGS/wombat-procs.log" && grep -q '^status=0$' "$LOGS/wombat-procs.log"; then
	report PASS procs1000 "1,000 Linux processes at once (each its own address space and Iguana domain), all reaped"
else
	report FAIL procs1000 "1,000 processes: status $rc (see $LOGS/wombat-procs.log)"
fi

# 4e. An initramfs of 40 MB (image far beyond the old fixed quota) boots.
big=$BUILD/wombat/extra-big
rm -rf "$big"; mkdir -p "$big/opt"
head -c 40000000 /dev/urandom > "$big/opt/blob"
want=$(md5sum < "$big/opt/blob" | cut -d' ' -f1)
if WOMBAT_EXTRA="$big" bash wombat/build.sh "$BUILD" > "$LOGS/wombat-build-big.log" 2>&1; then
	run "$LOGS/wombat-big.log" 600 'md5sum /opt/blob'
	if [ $rc = 0 ] && grep -q "^$want  /opt/blob\$" "$LOGS/wombat-big.log"; then
		report PASS big_initramfs "a 40 MB file in the initramfs: Wombat's quota follows its image, the file reads back intact"
	else
		report FAIL big_initramfs "40 MB initramfs: status $rc (see $LOGS/wombat-big.log)"
	fi
else
	report FAIL big_initramfs "build with a 40 MB EXTRA failed (see $LOGS/wombat-build-big.log)"
fi
rm -rf "$big"

# 4f. Wombat that cannot start powers the machine off at once, non-zero.
WOMBAT_MEM=4000 run "$LOGS/wombat-nostart.log" 120 'echo should not run'
if [ $rc != 0 ] && grep -aq "domain 'wombat': needs .* pages at start" "$LOGS/wombat-nostart.log.console" &&
	grep -aq "powering off" "$LOGS/wombat-nostart.log.console"; then
	report PASS no_start_poweroff "Linux asked for more memory than the machine has: Iguana names the shortfall and powers off (status $rc)"
else
	report FAIL no_start_poweroff "WOMBAT_MEM=4000: status $rc (see $LOGS/wombat-nostart.log.console)"
fi

# 4f2. What real programs expect of Linux's configuration (realprogs.c):
# SysV and POSIX IPC, madvise, TCP over IPv4 and IPv6 loopback, core
# dumps, a real and settable CLOCK_REALTIME, absolute timers, 1 ns timers;
# fstat; paths copied from user memory (page boundaries, EFAULT, PATH_MAX);
# the kernel's copies to and from user memory (fresh pages, COW, EFAULT);
# a fork's copy-on-write seen from both sides (the parent's rights taken);
# a traced process's system call stops (PTRACE_SYSCALL);
# a file read and written through mappings (Wombat's fault-around).
run "$LOGS/wombat-cfg.log" 300 '/usr/lib/wombat-tests/realprogs; echo "realprogs=$?"'
report_lines "$LOGS/wombat-cfg.log" cfg_ "" sysv_shm posix_mq madvise tcp4 tcp6 core_dump realtime abs_timer hires fstat user_paths user_copy fork_cow ptrace_syscall file_map

# 4f3. Linux's own scheduling on the microkernel's clock (sched.c, -icount:
# guest time follows instructions): 1 ms sleeps, sched_yield hand-over,
# nice weights.
QEMU_EXTRA="-icount shift=0,sleep=off" run "$LOGS/wombat-sched.log" 300 '/usr/lib/wombat-tests/sched; echo "sched=$?"'
report_lines "$LOGS/wombat-sched.log" sched_ " (-icount)" nanosleep yield nice

# 4f4. The vDSO (wombat/os-L4/vdso, docs/vdso.md): clock_gettime and
# gettimeofday read in user mode, no system call (vdso.c, -icount): none
# counted in /proc/wombat over a million calls, monotonic across processes,
# agreeing with nanosleep and the system call, following clock_settime.
QEMU_EXTRA="-icount shift=0,sleep=off" run "$LOGS/wombat-vdso.log" 300 '/usr/lib/wombat-tests/vdso; echo "vdso=$?"'
report_lines "$LOGS/wombat-vdso.log" vdso_ " (-icount)" no_syscall monotonic vs_sleep realtime

# 4f5. Native mode (docs/native-mode.md; wombat/tests/native.sh, one boot):
# a process that uses Linux and Iguana at once, started with wombat-native.
echo "== wombat: native mode" >&2
run "$LOGS/wombat-native.log" 600 '/usr/lib/wombat-tests/native.sh; echo "native=$?"'
report_lines "$LOGS/wombat-native.log" native_ "" start_exit ipc shared_section rt_stats service denied window \
	fork ps_kill no_leak compat_confined
# The statistics page rtstat read is rt's own: the address rt gave at boot.
rtpage=$(grep -a '^rt: statistics shared at ' "$LOGS/wombat-native.log.console" | head -1 | sed 's/.* at //')
seen=$(sed -n 's/^rtstat page 0x//p' "$LOGS/wombat-native.log" | head -1)
if [ -n "$rtpage" ] && [ "$rtpage" = "$seen" ]; then
	report PASS native_rt_same_address "rt writes its statistics at 0x$rtpage in its domain; the native rtstat read them at 0x$seen"
else
	report FAIL native_rt_same_address "rt's page '${rtpage}', rtstat's '${seen}' (see $LOGS/wombat-native.log)"
fi

# 4g. The disk: /dev/vda, Linux's stub of Iguana's virtio-blk driver
# domain (wombat/os-L4/um/blk.c), on a fresh image each time.
echo "== wombat: the disk (/dev/vda through Iguana's block driver)" >&2
disk=$LOGS/wombat-disk.img
fresh_disk() {   # [ext4]: a zeroed 96 MiB image, with an ext4 file system made on the host
	rm -f "$disk" && truncate -s 96M "$disk"
	[ -z "${1:-}" ] || mke2fs -q -F -t ext4 "$disk" > /dev/null 2>&1
}
e2fsck_clean() {   # log [image]: e2fsck -fn of the image (the disk tests'), exit 0 when clean
	PATH=$PATH:/sbin:/usr/sbin e2fsck -fn "${2:-$disk}" > "$1" 2>&1
}
# 64 MiB through Linux, beside an Iguana client of the same driver on its
# own region (blkc, which checks its data on every pass); Linux's region
# is the first 80 MiB.
fresh_disk
WOMBAT_DISK=$disk WOMBAT_DISK_REGIONS="disk=wombat:0:163840 disk=blkc:163840:32768" \
WOMBAT_MODS="$BUILD/iguana/blkc.elf" WOMBAT_DOMAINS="domain blkc blkc.elf prio=110 quota=64" \
	run "$LOGS/wombat-disk-raw.log" 600 'if /usr/lib/wombat-tests/disk.sh raw 64; then (while :; do :; done) & h=$!; dd if=/dev/vda of=/dev/null bs=64k count=256 iflag=direct 2>/dev/null; kill $h; grep "^blk_" /proc/wombat; grep " vda$" /proc/interrupts; dmesg | grep "^vda: "; else false; fi'
w=$(sed -n 's/^disk: written //p' "$LOGS/wombat-disk-raw.log")
r=$(sed -n 's/^disk: read //p' "$LOGS/wombat-disk-raw.log")
h=$(head -c 64M "$disk" | md5sum | cut -d' ' -f1)
if [ $rc = 0 ] && [ -n "$w" ] && [ "$w" = "$r" ] && [ "$w" = "$h" ]; then
	report PASS disk_dd_64m "64 MiB written to /dev/vda with dd, synced, the cache dropped, read back: the same md5 in Linux and in the image on the host ($w)"
else
	report FAIL disk_dd_64m "status $rc, written '$w', read '$r', image '$h' (see $LOGS/wombat-disk-raw.log)"
fi
# Zero-copy: Linux lent its RAM to the driver, and every request of the 64
# MiB (at most 1 MiB each, so at least 128) named Linux's own pages.
zc=$(sed -n 's/^blk_zerocopy //p' "$LOGS/wombat-disk-raw.log")
cp=$(sed -n 's/^blk_copied //p' "$LOGS/wombat-disk-raw.log")
if [ $rc = 0 ] && [ -n "$w" ] && [ "$w" = "$r" ] && [ "${zc:-0}" -ge 128 ] && [ "${cp:-1}" = 0 ] &&
	grep -aq '^blk: .*, zero-copy requests' "$LOGS/wombat-disk-raw.log.console"; then
	report PASS disk_zerocopy "Linux lent its RAM to the block driver: all $zc requests of the 64 MiB test went between its own pages and the disk, none copied"
else
	report FAIL disk_zerocopy "status $rc, $zc zero-copy and $cp copied requests (see $LOGS/wombat-disk-raw.log and its .console)"
fi
# Asynchronous: 256 direct reads beside a CPU hog went through the disk
# agent, each ended by the vda interrupt, and Linux ran the hog during some
# of them (with vda_sync, or a blocking call, none). With nothing else to
# run, Linux waits in the agent's call instead (the 64 MiB before).
as=$(sed -n 's/^blk_async //p' "$LOGS/wombat-disk-raw.log")
ov=$(sed -n 's/^blk_overlapped //p' "$LOGS/wombat-disk-raw.log")
vi=$(awk '/ vda$/ { print $2 }' "$LOGS/wombat-disk-raw.log")
if [ $rc = 0 ] && [ -n "$w" ] && [ "${as:-0}" -ge 256 ] && [ "${vi:-0}" = "$as" ] && [ "${ov:-0}" -gt 0 ] &&
	grep -aq '^vda: .*, asynchronous' "$LOGS/wombat-disk-raw.log"; then
	report PASS disk_async "256 direct reads beside a CPU hog: $as requests went back to Linux by the disk agent's interrupt ($vi vda interrupts), and during $ov of them Linux ran another task"
else
	report FAIL disk_async "status $rc, $as requests by the agent, $vi vda interrupts, $ov overlapped (see $LOGS/wombat-disk-raw.log and its .console)"
fi
con=$LOGS/wombat-disk-raw.log.console
if grep -aq 'blkc: wrote and read back 128 sectors' "$con" && grep -aq 'blkc: pass 10: its data intact' "$con" &&
	! grep -aq 'CHANGED' "$con" && [ -n "$w" ]; then
	report PASS disk_shared_iguana_client "an Iguana client used the same driver on its own region while Linux wrote and read 64 MiB: its data intact on every pass"
else
	report FAIL disk_shared_iguana_client "the Iguana client beside Linux failed or saw its data change (see $con)"
fi
# An ext4 file system (made on the host) survives power-off and the next
# boot. The first boot writes zero-copy, the second reads with every
# request copied through the driver's buffer (vda_copy: Linux lends no RAM).
fresh_disk ext4
WOMBAT_DISK=$disk run "$LOGS/wombat-disk-fs1.log" 600 '/usr/lib/wombat-tests/disk.sh write'
rc1=$rc
WOMBAT_ARGS=vda_copy WOMBAT_DISK=$disk run "$LOGS/wombat-disk-fs2.log" 600 \
	'/usr/lib/wombat-tests/disk.sh check && grep "^blk_" /proc/wombat'
cp=$(sed -n 's/^blk_copied //p' "$LOGS/wombat-disk-fs2.log")
if [ $rc1 = 0 ] && [ $rc = 0 ] && grep -q '^disk: data intact after power-off$' "$LOGS/wombat-disk-fs2.log" &&
	grep -q '^blk_zerocopy 0$' "$LOGS/wombat-disk-fs2.log" && [ "${cp:-0}" -gt 0 ] &&
	e2fsck_clean "$LOGS/wombat-disk-fs-fsck.log"; then
	report PASS disk_fs_persists "a 16 MiB file on ext4 on /dev/vda, written zero-copy, read back with its md5 after power-off and a new boot that copied all its $cp requests (vda_copy); e2fsck -fn on the host: clean"
else
	report FAIL disk_fs_persists "status $rc1 / $rc (see $LOGS/wombat-disk-fs1.log, wombat-disk-fs2.log, wombat-disk-fs-fsck.log)"
fi
# A Linux panic with writes in flight: Iguana restarts Wombat (onfail=restart:
# the same command runs again), the synced data is there, the file system
# clean once that Linux has unmounted it and powered off.
fresh_disk ext4
WOMBAT_DISK=$disk WOMBAT_ONEXIT="onexit=poweroff onfail=restart" \
	run "$LOGS/wombat-disk-panic.log" 900 '/usr/lib/wombat-tests/disk.sh panic'
con=$LOGS/wombat-disk-panic.log.console
if [ $rc = 0 ] && grep -aq 'disk: synced; panicking' "$con" && grep -aq 'Kernel panic' "$con" &&
	grep -aq "domain 'wombat' failed .*starting it again" "$con" &&
	grep -aq 'disk: synced data intact after the panic' "$con" && grep -aq 'powering off' "$con" &&
	grep -aq '^blk: session [0-9]*: its client is gone, closed' "$con" &&
	e2fsck_clean "$LOGS/wombat-disk-panic-fsck.log"; then
	report PASS disk_panic_restart "Linux panicked with disk writes in flight; restarted by Iguana it found its synced file intact (a new driver session; the driver closed the dead one); e2fsck -fn afterwards: clean"
else
	report FAIL disk_panic_restart "status $rc (see $con and $LOGS/wombat-disk-panic-fsck.log)"
fi
# The block driver restarted by Iguana while Linux writes (drvrestart, an
# admin test domain: 30, 36 and 42 s after boot, after the script's 8 MiB
# set-up even on a slow host): no hang, the synced data intact, Linux's
# writes go on through a new session.
fresh_disk
WOMBAT_DISK=$disk WOMBAT_MODS="$BUILD/iguana/drvrestart.elf" \
WOMBAT_DOMAINS="domain drvrestart drvrestart.elf prio=150 quota=64 admin -- name=blk after_ms=30000 times=3 every_ms=6000" \
	run "$LOGS/wombat-disk-restart.log" 600 '/usr/lib/wombat-tests/disk.sh restart'
con=$LOGS/wombat-disk-restart.log.console
if [ $rc = 0 ] && grep -aq 'drvrestart: restart 3 of blk: ok' "$con" &&
	grep -aq 'disk: synced data intact after the driver.s restarts' "$LOGS/wombat-disk-restart.log"; then
	report PASS disk_driver_restart "Iguana restarted the block driver three times while Linux wrote: $(sed -n 's/^disk: \([0-9]* writes.*\)/\1/p' "$LOGS/wombat-disk-restart.log"); the synced 8 MiB intact, no hang"
else
	report FAIL disk_driver_restart "status $rc (see $LOGS/wombat-disk-restart.log and its .console)"
fi
rm -f "$disk"

# 4h. Debian 12 on the disk (make rootfs, make run ROOT=debian): glibc's
# dynamically linked bash, python3 and sqlite3 doing real work from the
# disk, what was written there still there at the next boot, the file
# system clean. A copy of the image, so a user's own is never touched.
if [ "$WOMBAT_ARCH" = x86_64 ] || [ "$WOMBAT_ARCH" = aarch64 ]; then   # Debian 12 has amd64 and arm64
	echo "== wombat: Debian on the disk (make rootfs: a few minutes the first time)" >&2
	if WOMBAT_ARCH=$WOMBAT_ARCH tools/mkrootfs.sh "$BUILD" > "$LOGS/wombat-rootfs.log" 2>&1; then
		dimg=$LOGS/wombat-debian.img
		rm -f "$dimg" && cp --sparse=always "$BUILD/rootfs/debian.img" "$dimg"
		WOMBAT_ROOT=debian WOMBAT_DISK=$dimg run "$LOGS/wombat-debian1.log" 600 \
			'python3 -c "import hashlib as h;print(\"py\",h.sha256(bytes(range(256))*9999).hexdigest())";' \
			'sqlite3 /root/t.db "create table t(x);with recursive c(x) as(select 1 union all select x+1 from c where x<10000)insert into t select x from c;select sum(x)from t";' \
			'bash -c '"'"'declare -A m;for i in {1..1000};do m[$i]=$((i*i));done;s=0;for v in "${m[@]}";do ((s+=v));done;echo bash $s'"'"';' \
			'grep -q ld-linux /proc/self/maps&&echo ld.so;cat /etc/debian_version;date +%s%N>/root/p;cat /root/p'
		rc1=$rc
		py=$(python3 -c "import hashlib as h;print('py',h.sha256(bytes(range(256))*9999).hexdigest())")
		if [ $rc1 = 0 ] && grep -qxF "$py" "$LOGS/wombat-debian1.log" && grep -qx '50005000' "$LOGS/wombat-debian1.log" &&
			grep -qx 'bash 333833500' "$LOGS/wombat-debian1.log" && grep -qx 'ld.so' "$LOGS/wombat-debian1.log" &&
			grep -qx '12\.[0-9]*' "$LOGS/wombat-debian1.log"; then
			report PASS debian_programs "Debian $(grep -x '12\.[0-9]*' "$LOGS/wombat-debian1.log") from the disk: python3 (sha256 of 2.5 MB as on the host), sqlite3 (10,000 rows into a database file, summed), bash (associative arrays), all dynamically linked through glibc's ld.so"
		else
			report FAIL debian_programs "status $rc1 (see $LOGS/wombat-debian1.log and its .console)"
		fi
		stamp=$(tail -1 "$LOGS/wombat-debian1.log")
		WOMBAT_ROOT=debian WOMBAT_DISK=$dimg run "$LOGS/wombat-debian2.log" 600 'cat /root/p; sqlite3 /root/t.db "select count(*) from t"'
		if [ $rc = 0 ] && [ -n "$stamp" ] && grep -qxF "$stamp" "$LOGS/wombat-debian2.log" && grep -qx '10000' "$LOGS/wombat-debian2.log" &&
			e2fsck_clean "$LOGS/wombat-debian-fsck.log" "$dimg"; then
			report PASS debian_persists "after power-off and a new boot, the file and the sqlite database written on Debian's disk are there; e2fsck -fn: clean"
		else
			report FAIL debian_persists "status $rc, stamp '$stamp' (see $LOGS/wombat-debian2.log, wombat-debian-fsck.log)"
		fi
		# A server in Wombat reachable from the host: Debian's python3
		# http.server through the network card and a port forward.
		out=$(python3 tests/wombat_debian_http.py "$BUILD" "$dimg" "$LOGS/wombat-debian-http.log")
		case $out in
		"PASS "*) report PASS debian_http_server "${out#*# }" ;;
		*) report FAIL debian_http_server "${out#*# }" ;;
		esac
		# The real-time task under the load users trust: Debian's stress-ng
		# (CPU, fork, memory and I/O stressors) while Debian's cyclictest
		# measures Linux's own wake-up latency (-icount: instructions, not
		# a real CPU's time; the contrast, not the figures, is the point).
		# Without cyclictest's -m: its mlockall costs one stall of seconds
		# at its start on Wombat (to chase), which is not wake-up latency.
		WOMBAT_ROOT=debian WOMBAT_DISK=$dimg rt_run "$LOGS/wombat-debian-rt.log" 900 1000 \
			'echo load starting; stress-ng -q --cpu 1 --fork 1 --vm 1 --vm-bytes 32M --hdd 1 --hdd-bytes 8M -t 12s &' \
			'cyclictest -q -p 80 -i 1000 -D 10 2>&1 | grep Max:; wait; echo load done'
		con=$LOGS/wombat-debian-rt.log.console
		rt_reports "$con"
		cmax=$(sed -n 's/.*Max: *\([0-9]*\).*/\1/p' "$LOGS/wombat-debian-rt.log" | head -1)
		if [ $rc = 0 ] && [ "$n" -ge 3 ] && [ "$misses" = 0 ] && [ -n "$cmax" ]; then
			report PASS debian_rt_stress_ng "stress-ng (cpu, fork, vm, hdd) on Debian: the Iguana real-time task 0 misses in $periods periods, max ${maxns} ns; Linux's own cyclictest max ${cmax} us (-icount: instructions; the host's disk waits are warped, so Linux's figure under I/O is not a real CPU's)"
		else
			report FAIL debian_rt_stress_ng "status $rc, $n reports, $misses misses, cyclictest max '${cmax}' (see $con)"
		fi
		rm -f "$dimg"
	else
		report FAIL debian_rootfs "make rootfs failed (see $LOGS/wombat-rootfs.log)"
	fi
fi

# 5. make run EXTRA=dir: the user's files in the initramfs.
extra=$BUILD/wombat/extra-test
rm -rf "$extra"; mkdir -p "$extra/opt/demo"
printf '#!/bin/sh\necho "extra file says: $1"\n' > "$extra/opt/demo/hello.sh"
chmod 755 "$extra/opt/demo/hello.sh"
ln -s hello.sh "$extra/opt/demo/link.sh"            # a link to a file,
ln -s demo "$extra/opt/demolink"                    # to a directory,
ln -s /nonexistent/x "$extra/opt/dangling"          # and to nothing: all stay links
if WOMBAT_EXTRA="$extra" bash wombat/build.sh "$BUILD" > "$LOGS/wombat-build-extra.log" 2>&1; then
	run "$LOGS/wombat-extra.log" 300 '/opt/demo/hello.sh kangaroo; /opt/demo/link.sh wallaby;' \
		'echo "links: $(readlink /opt/demo/link.sh) $(readlink /opt/demolink) $(ls /opt/demolink/ | tr "\n" " ")$(readlink /opt/dangling)";' \
		'echo "mode: $(stat -c %a /opt/demo/hello.sh)";' \
		'echo fd-works | cat /dev/fd/0; echo "stdout: $(readlink /dev/stdout)"; [ -d /dev/shm ] && echo x > /dev/shm/y && echo shm-works'
	if [ $rc = 0 ] && grep -q '^extra file says: kangaroo$' "$LOGS/wombat-extra.log"; then
		report PASS run_extra "make run EXTRA=dir: dir/opt/demo/hello.sh runs as /opt/demo/hello.sh"
	else
		report FAIL run_extra "EXTRA file did not run (status $rc, see $LOGS/wombat-extra.log)"
	fi
	if grep -q '^extra file says: wallaby$' "$LOGS/wombat-extra.log" &&
		grep -qxF 'links: hello.sh demo hello.sh link.sh /nonexistent/x' "$LOGS/wombat-extra.log" &&
		grep -qx 'mode: 755' "$LOGS/wombat-extra.log"; then
		report PASS run_extra_symlinks "EXTRA= keeps symbolic links to files, directories and nothing as links, and file modes"
	else
		report FAIL run_extra_symlinks "EXTRA= symbolic links or modes changed (see $LOGS/wombat-extra.log)"
	fi
	if grep -qx 'fd-works' "$LOGS/wombat-extra.log" && grep -qx 'stdout: /proc/self/fd/1' "$LOGS/wombat-extra.log" &&
		grep -qx 'shm-works' "$LOGS/wombat-extra.log"; then
		report PASS dev_fd_shm "/dev/fd, /dev/std* and a writable /dev/shm exist (process substitution, shared memory)"
	else
		report FAIL dev_fd_shm "/dev/fd, /dev/stdout or /dev/shm missing (see $LOGS/wombat-extra.log)"
	fi
else
	report FAIL run_extra "build with EXTRA failed (see $LOGS/wombat-build-extra.log)"
fi
bash wombat/build.sh "$BUILD" > "$LOGS/wombat-build.log" 2>&1 || report FAIL rebuild "rebuilding without EXTRA failed"
# Nothing changed since: make run's build step does not ask Kbuild (its
# check of the whole tree took 6-9 s, more than Wombat's boot).
if bash wombat/build.sh "$BUILD" > "$LOGS/wombat-build-noop.log" 2>&1 &&
	grep -q 'vmlinux is up to date' "$LOGS/wombat-build-noop.log" && ! grep -q 'building vmlinux' "$LOGS/wombat-build-noop.log"; then
	report PASS build_noop_fast "a build with nothing changed skips Kbuild ($(sed -n 's/^wombat: done in //p' "$LOGS/wombat-build-noop.log"))"
else
	report FAIL build_noop_fast "a build with nothing changed ran Kbuild or failed (see $LOGS/wombat-build-noop.log)"
fi

# The network: Iguana's virtio-net driver domain with Linux its default
# client (eth0) and necho, an Iguana client of the same card (UDP echo on
# port 7); the host talks to both through QEMU's port forwards
# (tests/wombat_net.py: net_eth0_up, net_tcp_64m_md5, net_udp_echo_iguana,
# net_tcp_out_16m_md5 (Wombat -> host), net_run_status).
echo "== wombat: the network (tests/wombat_net.py)" >&2
python3 tests/wombat_net.py "$BUILD" 64 > "$LOGS/wombat-net.results" 2>&1
while read -r st name rest; do
	case $st in PASS|FAIL) report "$st" "$name" "${rest#\# }" ;; esac
done < "$LOGS/wombat-net.results"
[ "$(grep -c '^\(PASS\|FAIL\) net_' "$LOGS/wombat-net.results")" = 5 ] ||
	report FAIL net_results "tests/wombat_net.py did not report its 5 tests (see $LOGS/wombat-net.results, wombat-net.log.console)"

# The network driver restarted by Iguana twice while Linux pings the
# gateway (drvrestart, 20 and 26 s after boot: after the script's start
# even on a slow host): eth0 takes a new session
# each time and reaches the gateway again; no panic, no hang.
WOMBAT_NET=1 WOMBAT_MODS="$BUILD/iguana/drvrestart.elf" \
WOMBAT_DOMAINS="domain drvrestart drvrestart.elf prio=150 quota=64 admin -- name=net after_ms=20000 times=2 every_ms=6000" \
	run "$LOGS/wombat-net-restart.log" 600 '/usr/lib/wombat-tests/netrestart.sh'
line=$(grep -a '^netrestart:' "$LOGS/wombat-net-restart.log")
if [ $rc = 0 ] && grep -aq 'drvrestart: restart 2 of net: ok' "$LOGS/wombat-net-restart.log.console"; then
	report PASS net_driver_restart "Iguana restarted the network driver twice while Linux pinged the gateway: ${line#netrestart: }; no panic, no hang"
else
	report FAIL net_driver_restart "status $rc, '${line}' (see $LOGS/wombat-net-restart.log.console)"
fi

# Wombat restarted under the network driver: Linux panics with pings in
# flight, Iguana starts it again (onfail=restart, netpanic.sh runs again:
# its state on a scratch disk's first sector); the driver, still running,
# closes the dead client's session and the new Linux reaches the gateway.
fresh_disk
WOMBAT_NET=1 WOMBAT_DISK=$disk WOMBAT_ONEXIT="onexit=poweroff onfail=restart" \
	run "$LOGS/wombat-net-panic.log" 900 '/usr/lib/wombat-tests/netpanic.sh'
con=$LOGS/wombat-net-panic.log.console
after=$(grep -a '^netpanic: after the restart' "$con" | head -1)
if [ $rc = 0 ] && grep -aq 'netpanic: .* panicking with pings in flight' "$con" && grep -aq 'Kernel panic' "$con" &&
	grep -aq "domain 'wombat' failed .*starting it again" "$con" &&
	grep -aq '^net: session [0-9]*: its client is gone, closed' "$con" && [ -n "$after" ]; then
	report PASS net_wombat_restart "Linux panicked with pings in flight; Iguana restarted Wombat, the network driver closed the dead session and the new Linux's eth0 answered: ${after#netpanic: after the restart: }"
else
	report FAIL net_wombat_restart "status $rc, '${after}' (see $con)"
fi

echo "wombat[$WOMBAT_ARCH]: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
