#!/bin/sh
# eth0 after a Wombat restart (tests/run-wombat.sh, net_wombat_restart):
# Linux pings QEMU's gateway, panics with pings in flight; Iguana starts
# Wombat again (onfail=restart: this script runs again), which must open a
# new session of the same, still running, network driver and reach the
# gateway. What survives the restart is on the disk's first sector (a raw
# scratch image).
say() { echo "netpanic: $*"; }
ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up && route add default gw 10.0.2.2 || exit 1
n=0 i=0
while [ $i -lt 30 ] && [ $n -lt 3 ]; do
	ping -c 1 -W 1 10.0.2.2 > /dev/null 2>&1 && n=$((n + 1))
	i=$((i + 1))
done
if [ "$(dd if=/dev/vda bs=8 count=1 2>/dev/null)" = panicked ]; then
	say "after the restart: $n pings answered"
	[ $n -ge 3 ]
	exit
fi
[ $n -ge 3 ] || { say "before the panic only $n pings answered"; exit 1; }
printf panicked | dd of=/dev/vda conv=notrunc 2> /dev/null && sync
say "$n pings answered; panicking with pings in flight"
while :; do ping -c 1 -W 1 10.0.2.2 > /dev/null 2>&1; done &
sleep 1
echo panic > /proc/wombat
sleep 30
say "no panic"
exit 1
