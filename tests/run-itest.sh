#!/bin/sh
# Boot microkernel + Iguana with the test configuration; report the test domain's
# tests and the checks that can only be read off the console.
set -u
BUILD=${1:-build}
MODS=$2
TIMEOUT=${ITEST_TIMEOUT:-300}
mkdir -p "$BUILD/logs"
log="$BUILD/logs/itest.log"
# -icount: guest time follows executed instructions, so real-time figures do
# not depend on how busy the host is.
# A fresh, zeroed 16 MiB disk for the block driver's tests (blk_*); a network
# card on QEMU's user network for the network driver's (net_*).
disk="$BUILD/logs/itest-disk.img"
rm -f "$disk" && truncate -s 16M "$disk"
python3 tests/qemu_run.py --quiet --timeout "$TIMEOUT" --marker "ITEST-END" --log "$log" -- \
	tools/qemu.sh -a "${ARCH:-x86_64}" -b "$BUILD" -m 256 -r "$MODS" -d "$disk" -n "" -- -icount shift=0,sleep=off
rc=$?
pass=0; fail=0
report() {   # status name description
	echo "$1 iguana[${ARCH:-x86_64}].$2  # $3"
	if [ "$1" = PASS ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
}
n=$(grep -c '^TEST ' "$log")
grep '^TEST ' "$log" | awk -v a="${ARCH:-x86_64}" '{ printf "%s iguana[%s].%s\n", $3, a, $2 }'
pass=$(grep -c '^TEST .* PASS ' "$log"); fail=$((n - pass))
expected=$(sed -n 's/^ITEST-END .* \([0-9]*\) expected.*/\1/p' "$log")
if [ "$rc" != 0 ] || [ -z "$expected" ] || [ "$n" != "$expected" ]; then
	report FAIL run "QEMU run incomplete (rc $rc, $n of ${expected:-?} tests); see $log"
fi
check() {   # name description pattern...
	name=$1; desc=$2; shift 2
	ok=PASS
	for pat in "$@"; do grep -qF -- "$pat" "$log" || { ok=FAIL; echo "    missing: $pat"; }; done
	report $ok "$name" "$desc"
}
check badmem_message "the trespassing domain is stopped with a clear message" \
	"iguana: domain 'badmem' wrote 3e00000000" "(not attached): stopped"
check wombat_touch_message "Wombat's domain touching a section it holds no capability for is stopped with a message" \
	"iguana: domain 'wombat' wrote " "wprobe: writing the section at"
check broken_elf_message "a truncated ELF module is reported by name" \
	"iguana: domain 'broken': module 'broken.elf': truncated or inconsistent ELF"
check bad_config_message "bad boot-config lines are reported by line, the rest boots" \
	"boot config line 12: bad option: prio=999" "boot config line 13: expected 'domain'" \
	"iguana: domain 'itest' started"
check mmio_refused_message "an mmio= range the board does not declare fails only its domain, with a message" \
	"iguana: domain 'nodev': mmio=8000000:1 is not a device range of this board" \
	"iguana: domain 'nodev' failed to start: stopped"
check device_refused_message "a device= the board does not have fails only its domain, naming the devices it has" \
	"iguana: domain 'nogpu': device=gpu: this board has no such device (it has uart" \
	"iguana: domain 'nogpu' failed to start: stopped"
lines=""
for c in client1 client2; do for i in 1 2 3 4 5; do
	lines="$lines|[$c] $c says line $i of 5: the quick brown fox jumps over the lazy dog"
done; done
IFS='|'; set -- $lines; IFS=' '
shift
check console_streams "two console clients each get their whole stream, line by line" "$@"
if grep -q '^domain blk ' "$BUILD/iguana/test.cfg"; then
	check blk_client_lines "the second block client reads back its data, is refused past its region, and is stopped while looping" \
		"[blkc] blkc: wrote and read back 128 sectors" "[blkc] blkc: sectors past its region refused" \
		"[blkc] blkc: pass 10: its data intact" "iguana: domain 'blkc' stopped on request: stopped"
	if grep -q "its data CHANGED" "$log"; then
		report FAIL blk_client_data_kept "the second block client's data never changed while itest wrote its own region"
	else
		report PASS blk_client_data_kept "the second block client's data never changed while itest wrote its own region"
	fi
else
	grep '^ITEST-SKIP' "$log" | sed "s/^ITEST-SKIP /SKIP iguana[${ARCH:-x86_64}]./"
fi
if grep -q '^domain net ' "$BUILD/iguana/test.cfg"; then
	check net_client_lines "the UDP echo client (necho) gets a session beside itest, claims port 7, is refused a frame from a port it did not claim, and is stopped" \
		"[necho] necho: sending from a port it did not claim is refused" "[necho] necho: answering UDP port 7 (claim: 0)" \
		"iguana: domain 'necho' stopped on request: stopped"
fi
echo "iguana: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
