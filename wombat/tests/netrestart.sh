#!/bin/sh
# The network driver restarted under Linux (tests/run-wombat.sh,
# net_driver_restart): Iguana restarts it twice (drvrestart) while this
# pings QEMU's gateway once a second; eth0 must lose its carrier, take a new
# session each time and reach the gateway again; nothing may hang.
ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up && route add default gw 10.0.2.2 || exit 1
ok=0 after=0 seen=0 t0=$(date +%s)
while [ $(($(date +%s) - t0)) -lt 120 ]; do
	if ping -c 1 -W 1 10.0.2.2 > /dev/null 2>&1; then
		ok=$((ok + 1))
		[ "$seen" = 2 ] && after=$((after + 1))
	fi
	seen=$(dmesg | grep -c 'new session of the restarted network driver')
	[ "$after" -ge 3 ] && break
	sleep 1
done
echo "netrestart: $ok pings answered, $seen new sessions, $after answered after the last"
[ "$seen" = 2 ] && [ "$after" -ge 3 ]
