#!/bin/sh
# Native mode (docs/native-mode.md), run inside Wombat by tests/run-wombat.sh:
# one "ok NAME ..." or "FAIL NAME ..." line per check.
N=/usr/lib/wombat-native
say() { if [ "$1" = 0 ]; then shift; echo "ok $*"; else shift; echo "FAIL $*"; fi; }
# Iguana's counts, read by a native program while this shell has no other
# child (every live Linux process is a domain with a capability: no pipe or
# command substitution around the reading, whose other processes may or may
# not exist yet at that instant).
counts() { wombat-native $N/ntest info > /tmp/counts; sed -n 's/^info: //p' /tmp/counts; }

counts > /tmp/before; before=$(cat /tmp/before)

# Start, exit status, a program that is not a static PIE, a missing one.
wombat-native $N/ntest exit 7; rc=$?
wombat-native /bin/busybox true 2> /tmp/e1; rc1=$?
wombat-native /nonexistent 2> /tmp/e2; rc2=$?
[ $rc = 7 ] && [ $rc1 = 126 ] && grep -q 'static PIE' /tmp/e1 && [ $rc2 = 127 ]
say $? start_exit "exit status 7 comes back; busybox (not a static PIE): status $rc1, '$(cat /tmp/e1)'; a missing program: status $rc2"

# IPC to an Iguana server and back.
out=$(wombat-native $N/ntest ping 200); rc=$?
[ $rc = 0 ]; say $? ipc "$out"

# A section at the same address on both sides, a pointer passed and dereferenced by each.
out=$(wombat-native $N/ntest share); rc=$?
[ $rc = 0 ]; say $? shared_section "$out"

# rt's statistics read in place by a native program that serves them to Linux programs.
wombat-native $N/rtstat -d /run/rt-stats > /tmp/rtstat.out &
rtpid=$!
sleep 1
a=$(cat /run/rt-stats); sleep 2; b=$(cat /run/rt-stats)
pa=$(echo "$a" | sed -n 's/^periods //p'); pb=$(echo "$b" | sed -n 's/^periods //p')
addr=$(echo "$a" | sed -n 's/^rt statistics at \(0x[0-9a-f]*\).*/\1/p')
kill $rtpid; wait $rtpid 2>/dev/null
[ -n "$pa" ] && [ -n "$pb" ] && [ $((pb - pa)) -ge 500 ] && [ -n "$addr" ]
say $? rt_stats "cat /run/rt-stats (served by rtstat, native): periods $pa, 2 s later $pb; page at $addr"
echo "rtstat page $addr"

# A native program offers a service; an Iguana domain (iecho) calls it while Linux is loaded.
wombat-native $N/nsvc 100 > /tmp/nsvc.out &
svc=$!
sh -c 'while :; do :; done' & l1=$!
sh -c 'while :; do echo x | cat > /dev/null; done' & l2=$!
sleep 1
out=$(wombat-native $N/ntest callme 100); rc=$?
kill $l1 $l2; wait $svc; src=$?
[ $rc = 0 ] && [ $src = 0 ] && grep -q 'answered 100 calls' /tmp/nsvc.out
say $? service "under a busy loop and a fork/pipe load: $out; $(tail -1 /tmp/nsvc.out)"

# What the domain does not hold is refused.
out=$(wombat-native $N/ntest deny); rc=$?
[ $rc = 0 ]; say $? denied "$(echo "$out" | tr '\n' ';')"

# A page of the window no section covers: SIGBUS; Linux's system calls on a section: EFAULT.
wombat-native $N/ntest window > /tmp/win.out 2>&1; rc=$?
[ $rc = 135 ] && grep -q 'efault: ok' /tmp/win.out
say $? window "status $rc (SIGBUS: 135) after $(tr '\n' ' ' < /tmp/win.out)"

# fork refused, vfork/posix_spawn/system work.
out=$(wombat-native $N/ntest fork 2>&1); rc=$?
[ $rc = 0 ]; say $? fork "$(echo "$out" | tr '\n' ';')"

# ps, kill: an ordinary Linux process.
wombat-native $N/nsvc > /dev/null &
pid=$!
sleep 1
line=$(ps | awk -v p=$pid '$1 == p')
name=$(sed -n 's/^Name:[[:space:]]*//p' /proc/$pid/status)
kill -TERM $pid; wait $pid; rc=$?
[ "$name" = nsvc ] && echo "$line" | grep -q nsvc && [ $rc = 143 ] && [ ! -e /proc/$pid ]
say $? ps_kill "ps: '$line'; /proc/$pid/status Name: $name; kill -TERM: status $rc; gone"

# Everything above gave back what it took from Iguana. (Every live Linux
# process is a domain with a capability: a process of the load above that
# is still on its way out is waited for, a leak stays.)
wait
counts > /tmp/after; after=$(cat /tmp/after)
[ -n "$before" ] && [ "$before" = "$after" ]
say $? no_leak "Iguana's counts before: $before; after: $after"
[ "$before" = "$after" ] || ps

# A compatibility-mode process is no native one.
$N/ntest ping 1 2> /tmp/compat.out; rc=$?
[ $rc = 2 ] && grep -q 'not a native-mode process' /tmp/compat.out
say $? compat_confined "ntest run without wombat-native: status $rc, '$(cat /tmp/compat.out)'"
