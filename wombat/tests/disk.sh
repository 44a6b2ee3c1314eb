#!/bin/sh
# The disk tests' Linux side (tests/run-wombat.sh, disk_*): /dev/vda is a
# session of Iguana's virtio-blk driver domain (wombat/os-L4/um/blk.c).
#   disk.sh raw MiB     MiB of random data through tee to /dev/vda (md5 of
#                       what was written), synced, the page cache dropped,
#                       read back (md5 of what the disk gives)
#   disk.sh write       on the ext4 file system the host made: 16 MiB file
#                       and its md5, unmounted cleanly
#   disk.sh check       mount, check that file's md5, write another, unmount
#   disk.sh panic       first boot: a synced file, then writes in flight and
#                       a Linux panic; after Iguana's restart (the same
#                       command runs again): the synced file intact, unmount
#   disk.sh restart     writes while Iguana restarts the block driver
set -u
say() { echo "disk: $*"; }
case ${1:-} in
raw)
	n=$2
	grep -q ' vda$' /proc/partitions || { say "no /dev/vda"; exit 1; }
	w=$(dd if=/dev/urandom bs=64k count=$((n * 16)) 2>/dev/null | tee /dev/vda | md5sum | cut -d' ' -f1)
	sync
	echo 3 > /proc/sys/vm/drop_caches
	r=$(dd if=/dev/vda bs=64k count=$((n * 16)) 2>/dev/null | md5sum | cut -d' ' -f1)
	say "written $w"
	say "read $r"
	[ "$w" = "$r" ]
	;;
write)
	mkdir -p /mnt && mount -t ext4 /dev/vda /mnt || exit 1
	dd if=/dev/urandom of=/mnt/data bs=64k count=256 2>/dev/null
	(cd /mnt && md5sum data > data.md5)
	say "wrote $(cat /mnt/data.md5)"
	umount /mnt && say "unmounted"
	;;
check)
	mkdir -p /mnt && mount -t ext4 /dev/vda /mnt || exit 1
	(cd /mnt && md5sum -c data.md5) && say "data intact after power-off"
	ok=$?
	echo second > /mnt/second
	umount /mnt && say "unmounted"
	exit $ok
	;;
panic)
	mkdir -p /mnt && mount -t ext4 /dev/vda /mnt || exit 1
	if [ -f /mnt/synced.md5 ]; then
		say "after restart: $(grep -c vda /proc/partitions) disk, mounted"
		(cd /mnt && md5sum -c synced.md5) && say "synced data intact after the panic"
		ok=$?
		rm -f /mnt/inflight
		umount /mnt && say "unmounted"
		exit $ok
	fi
	dd if=/dev/urandom of=/mnt/synced bs=64k count=64 2>/dev/null
	(cd /mnt && md5sum synced > synced.md5)
	sync
	say "synced; panicking with writes in flight"
	dd if=/dev/zero of=/mnt/inflight bs=64k count=2000 2>/dev/null &
	sleep 1
	echo panic > /proc/wombat
	sleep 30
	say "no panic"
	exit 1
	;;
restart)
	# Iguana restarts the block driver three times (drvrestart: 30, 36 and
	# 42 s after boot) while this writes 1 MiB at a time with fsync: what
	# was synced before is intact, writes go on after the restarts (a new
	# session for each restart Linux meets with I/O: on a slow host some
	# restarts come before the loop, and two in a row without I/O between
	# need one), nothing hangs. A write during a restart may fail (the
	# issue allows I/O errors there); the five after the last must not.
	dd if=/dev/urandom of=/tmp/a bs=64k count=128 2>/dev/null
	dd if=/tmp/a of=/dev/vda bs=64k conv=fsync 2>/dev/null
	a=$(md5sum < /tmp/a | cut -d' ' -f1)
	say "synced 8 MiB ($a)"
	i=0 errs=0 t0=$(date +%s)
	seen=$(dmesg | grep -c 'new session of the restarted block driver') first=$seen
	while [ $seen -lt 3 ] && [ $(($(date +%s) - t0)) -lt 90 ]; do
		dd if=/dev/urandom of=/dev/vda bs=64k count=16 seek=$((128 + (i % 64) * 16)) conv=fsync 2>/dev/null ||
			errs=$((errs + 1))
		seen=$(dmesg | grep -c 'new session of the restarted block driver')
		i=$((i + 1))
	done
	last=0
	for k in 1 2 3 4 5; do
		dd if=/dev/urandom of=/dev/vda bs=64k count=16 seek=$((128 + k * 16)) conv=fsync 2>/dev/null || last=$((last + 1))
	done
	say "$((i + 5)) writes of 1 MiB, $errs failed during the restarts, $last of the 5 after them, $seen new sessions ($((seen - first)) while writing)"
	echo 3 > /proc/sys/vm/drop_caches
	r=$(dd if=/dev/vda bs=64k count=128 2>/dev/null | md5sum | cut -d' ' -f1)
	[ "$r" = "$a" ] && say "synced data intact after the driver's restarts"
	[ $((seen - first)) -ge 1 ] && [ "$last" = 0 ] && [ "$r" = "$a" ]
	;;
*)
	echo "usage: disk.sh raw MiB | write | check | panic | restart" >&2
	exit 2
	;;
esac
