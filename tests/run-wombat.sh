#!/bin/sh
# Wombat's tests: Linux 6.1 on the microkernel, booted in QEMU with
# `make run CMD=...` (tools/wombat-run.sh). Prints PASS/FAIL wombat.* lines
# and a count; logs in BUILD/logs/wombat-*.log.
set -u
BUILD=${1:-build}
LOGS=$BUILD/logs
mkdir -p "$LOGS"
pass=0; fail=0
report() {   # PASS|FAIL name description
	echo "$1 wombat.$2  # $3"
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

echo "== wombat: building Linux (first time: about 6-8 minutes)" >&2
if ! bash wombat/build.sh "$BUILD" > "$LOGS/wombat-build.log" 2>&1; then
	tail -30 "$LOGS/wombat-build.log"
	report FAIL build "wombat/build.sh failed (see $LOGS/wombat-build.log)"
	echo "wombat: $pass passed, $fail failed"
	exit 1
fi

# 1. The suite: one boot, each section checked.
echo "== wombat: the Linux suite (wombat/tests/suite.sh)" >&2
start=$(date +%s)
run "$LOGS/wombat-suite.log" 900 /usr/lib/wombat-tests/suite.sh
out=$(python3 tests/wombat_check.py "$LOGS/wombat-suite.log")
echo "$out"
pass=$((pass + $(echo "$out" | grep -c '^PASS'))); fail=$((fail + $(echo "$out" | grep -c '^FAIL')))
[ $rc = 0 ] || report FAIL suite_status "the suite's shell ended with $rc (console: $LOGS/wombat-suite.log.console)"
echo "   suite: $(( $(date +%s) - start )) s" >&2

# 2. make run CMD=... exits with the command's status.
run "$LOGS/wombat-status.log" 300 'echo exiting with 3; exit 3'
if [ $rc = 3 ] && grep -q '^exiting with 3$' "$LOGS/wombat-status.log"; then
	report PASS run_cmd_status "make run CMD='...; exit 3' prints the output and exits with 3"
else
	report FAIL run_cmd_status "make run CMD='exit 3' gave status $rc"
fi

# 3. The interactive shell of plain `make run`: typing, ^C, poweroff ends QEMU.
echo "== wombat: interactive shell" >&2
out=$(python3 tests/wombat_interactive.py "$BUILD" "$LOGS/wombat-interactive.log")
echo "$out"
pass=$((pass + $(echo "$out" | grep -c '^PASS'))); fail=$((fail + $(echo "$out" | grep -c '^FAIL')))

# 3b. Restart without downtime: Linux panics, Iguana restarts Wombat, the
# shell comes back; the real-time task keeps its deadlines meanwhile.
echo "== wombat: restart after a Linux panic (-icount)" >&2
out=$(python3 tests/wombat_restart.py "$BUILD" "$LOGS/wombat-restart.log")
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
tasks=${WOMBAT_TASKS:-200}
rt_run "$LOGS/wombat-exhaust.log" 900 "250 pdcheck" 'T=/usr/lib/wombat-tests; echo load starting; $T/forkbomb; echo "bomb status=$?"; grep tasks_ /proc/wombat; $T/memhog; echo "hog status=$?"; sleep 1; echo load done; echo still-alive'
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

# 5. make run EXTRA=dir: the user's files in the initramfs.
extra=$BUILD/wombat/extra-test
rm -rf "$extra"; mkdir -p "$extra/opt/demo"
printf '#!/bin/sh\necho "extra file says: $1"\n' > "$extra/opt/demo/hello.sh"
chmod 755 "$extra/opt/demo/hello.sh"
if WOMBAT_EXTRA="$extra" bash wombat/build.sh "$BUILD" > "$LOGS/wombat-build-extra.log" 2>&1; then
	run "$LOGS/wombat-extra.log" 300 '/opt/demo/hello.sh kangaroo'
	if [ $rc = 0 ] && grep -q '^extra file says: kangaroo$' "$LOGS/wombat-extra.log"; then
		report PASS run_extra "make run EXTRA=dir: dir/opt/demo/hello.sh runs as /opt/demo/hello.sh"
	else
		report FAIL run_extra "EXTRA file did not run (status $rc, see $LOGS/wombat-extra.log)"
	fi
else
	report FAIL run_extra "build with EXTRA failed (see $LOGS/wombat-build-extra.log)"
fi
bash wombat/build.sh "$BUILD" > "$LOGS/wombat-build.log" 2>&1 || report FAIL rebuild "rebuilding without EXTRA failed"

echo "wombat: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
