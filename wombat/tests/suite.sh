#!/bin/sh
# Wombat's Linux test suite, run inside Wombat (tests/run-wombat.sh boots it
# with `make run CMD=...`). Each "=== name" section's output is checked on
# the host against what Linux must print.
t() { echo "=== $1"; }
T=/usr/lib/wombat-tests

t uname;      uname -a
t echo;       echo hello from wombat
t ls_root;    ls /
t meminfo;    head -3 /proc/meminfo
t crng;       dmesg | grep -E "crng init done|Run /init" | sed "s/^\[[ 0-9.]*\] //"; cat /proc/sys/kernel/random/entropy_avail
t exit_status; sh -c 'exit 3'; echo "status=$?"
t fork_exec;  n=0; for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true && n=$((n + 1)); done; echo "ran $n"
t pipes;      seq 1 10000 | wc -l
t kill_job;   sleep 100 & kill %1; wait %1; echo "status=$?"
t trap_int;   sh -c 'trap "echo caught SIGINT" INT; kill -INT $$; echo after trap'
t tmpfs;      sh -c 'echo data-123 > /tmp/wombat-file'; sh -c 'cat /tmp/wombat-file'
t busy_loop;  sh -c 'while :; do :; done' & sleep 1; echo shell alive; kill $!; wait $!; echo "loop status=$?"
t dd_md5;     dd if=/dev/zero bs=1M count=64 2>/dev/null | md5sum
t segv;       $T/segv; echo "status=$?"; echo survived
t l4raw;      $T/l4raw; echo "status=$?"
t tls;        $T/tls; echo "status=$?"
t fpcheck;    $T/fpcheck; echo "status=$?"
t regkeep;    $T/regkeep; echo "status=$?"
t confined;   echo probe > /proc/wombat
t tls_pipe;   $T/l4raw | tail -1
t nxtest;     $T/nxtest; echo "status=$?"
t procs300;   $T/holdprocs 300; echo "status=$?"; grep -E '^(tasks_|fork_eagain)' /proc/wombat
t memhog50;   $T/memhog -p 50; echo "status=$?"; grep -E '^(map_enomem|evictions|fault_fixups|nx_faults)' /proc/wombat
t end
