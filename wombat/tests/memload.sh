#!/bin/sh
# The memory tests' load (tests/run-wombat.sh, mem_*): Linux idle, then a
# memory hog beside a fork bomb (Linux's OOM killer and fork limits decide),
# then one process writing and checking a share of memory (memhog "$@"),
# then idle again; markers around each phase for the rt reports.
T=/usr/lib/wombat-tests
echo -1000 > /proc/self/oom_score_adj
echo idle starting; sleep 3; echo idle done
echo load starting
(echo 0 > /proc/self/oom_score_adj; exec $T/memhog > /tmp/hog 2>&1) &
(echo 0 > /proc/self/oom_score_adj; exec $T/forkbomb)
wait $!; echo "hog status=$?"; tail -1 /tmp/hog
# The OOM killer may have picked the bomb's parent: its children go too.
killall -9 forkbomb 2>/dev/null; sleep 1
echo load done
$T/memhog "$@"; echo "hog90 status=$?"
grep -E "^(evictions|map_enomem|tasks_refused)" /proc/wombat
echo after starting; sleep 2; echo after done
# What Linux said about faults and its OOM killer (the console is quiet):
# a hog that dies of SIGSEGV instead of the OOM killer is a bug to chase.
dmesg | grep -iE 'segfault|out of memory|killed process' | tail -8 | sed 's/^/dmesg: /'
