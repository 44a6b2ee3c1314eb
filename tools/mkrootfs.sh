#!/bin/bash
# make rootfs: an ext4 image of Debian 12 (bookworm) for Wombat's disk, made
# with mmdebstrap from Debian's packages through the host's configured apt
# sources.  Usage: tools/mkrootfs.sh [BUILD]   ->  BUILD/rootfs/debian.img
# Environment: ROOTFS_SIZE (MiB, default 1024), ROOTFS_PACKAGES (more
# packages, comma-separated).
#
# The image: minbase plus bash, coreutils, procps, iproute2, python3,
# sqlite3, curl, busybox (poweroff, an HTTP server: busybox httpd and
# python3 -m http.server), e2fsprogs, stress-ng and rt-tests
# (cyclictest): the load and the latency meter users trust, and fio and
# iperf3: what `make bench` measures the disk and the network with.  Its init is /sbin/wombat-init (written here):
# Debian's minbase has no init system, and neither systemd (cgroups, a
# dozen kernel features Wombat's Linux leaves out) nor sysvinit's rc
# scripts are what a one-console embedded system needs; the script mounts
# the kernel file systems, brings up the loopback (and eth0, QEMU's user
# network, when there is a card) and runs a login shell on
# the console (or, under `make run ROOT=debian CMD=...`, the one command),
# and remounts / read-only before powering off, so nothing written is lost.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/rootfs
IMG=$OUT/debian.img
SIZE=${ROOTFS_SIZE:-1024}
ARCH=${WOMBAT_ARCH:-x86_64}
say() { printf 'rootfs: %s\n' "$*"; }
die() { printf 'rootfs: error: %s\n' "$*" >&2; exit 1; }
case $SIZE in ''|*[!0-9]*) die "ROOTFS_SIZE must be a number of MiB" ;; esac
[ "$SIZE" -ge 512 ] || die "ROOTFS_SIZE must be at least 512 (MiB)"
case $ARCH in
x86_64)  DEBARCH=amd64 ;;
aarch64) DEBARCH=arm64 ;;
*) die "no Debian root file system for $ARCH (Debian 12 has amd64 and arm64, not $ARCH)" ;;
esac
# Another architecture's image: its maintainer scripts run under Debian's
# qemu-user-static through binfmt_misc (registered by binfmt-support).
foreign=""
[ "$(dpkg --print-architecture)" = "$DEBARCH" ] || foreign=1

packages="bash,coreutils,procps,iproute2,python3,sqlite3,curl,busybox,e2fsprogs,stress-ng,rt-tests,fio,iperf3${ROOTFS_PACKAGES:+,$ROOTFS_PACKAGES}"
stamp="$SIZE $packages $(sha256sum "$0" | cut -c1-16)"
if [ -f "$IMG" ] && [ "$(cat "$OUT/.stamp" 2>/dev/null)" = "$stamp" ]; then
	say "$IMG is up to date (remove it to make a fresh one)"
	exit 0
fi

# Debian's tools, from Debian's packages.
need=""
for p in mmdebstrap e2fsprogs ${foreign:+qemu-user-static binfmt-support arch-test}; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need="$need $p"
done
if [ -n "$need" ]; then
	say "installing$need (Debian packages)"
	SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

if [ -n "$foreign" ]; then
	[ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null ||
		die "binfmt_misc is not available: an $DEBARCH image needs it to run its packages' scripts under qemu-user"
	update-binfmts --enable qemu-$ARCH > /dev/null 2>&1 || true
	[ -e /proc/sys/fs/binfmt_misc/qemu-$ARCH ] || die "qemu-$ARCH is not registered with binfmt_misc (update-binfmts --enable qemu-$ARCH)"
fi

# The host's configured Debian sources (deb822 .sources or one-line .list
# files that name a Debian archive), as mmdebstrap's mirrors.
mirrors=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] && grep -qE '^[^#]*(deb\.debian\.org|debian)' "$f" && mirrors+=("$f")
done
[ ${#mirrors[@]} -gt 0 ] || die "no Debian sources configured in /etc/apt"

mkdir -p "$OUT"
tree=$OUT/tree
rm -rf "$tree" "$IMG.new"
say "mmdebstrap bookworm ($DEBARCH, minbase + ${packages//,/ }) from ${mirrors[*]}: a few minutes${foreign:+ (more under qemu-user)}"
mode=root; [ "$(id -u)" = 0 ] || mode=unshare
mmdebstrap --mode=$mode --variant=minbase --architectures=$DEBARCH --include="$packages" \
	--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	bookworm "$tree" "${mirrors[@]}" > "$OUT/mmdebstrap.log" 2>&1 ||
	{ tail -20 "$OUT/mmdebstrap.log"; die "mmdebstrap failed (all of it in $OUT/mmdebstrap.log)"; }

say "configuring: /sbin/wombat-init, hostname, fstab, root without a password on the console"
cat > "$tree/sbin/wombat-init" <<'EOF'
#!/bin/bash
# Wombat's init for Debian (written by tools/mkrootfs.sh): the kernel file
# systems, the loopback, then a login shell on the console, or with WCMD=
# (make run ROOT=debian CMD=...) that one command between markers.  / is
# remounted read-only before power-off: what was written is on the disk.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=${TERM:-linux}
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=0755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
for l in fd:/proc/self/fd stdin:/proc/self/fd/0 stdout:/proc/self/fd/1 stderr:/proc/self/fd/2; do
	[ -e "/dev/${l%%:*}" ] || ln -s "${l#*:}" "/dev/${l%%:*}"
done
mount -o remount,rw / 2>/dev/null
hostname -F /etc/hostname 2>/dev/null
ip link set lo up 2>/dev/null
# The network card (make run with WOMBAT_NET=1: Iguana's virtio-net driver):
# QEMU's user network, static: 10.0.2.15/24, gateway 10.0.2.2, DNS 10.0.2.3.
if ip link show eth0 > /dev/null 2>&1; then
	ip addr add 10.0.2.15/24 dev eth0
	ip link set eth0 up
	ip route add default via 10.0.2.2
	echo "nameserver 10.0.2.3" > /etc/resolv.conf
fi
off() {
	sync
	mount -o remount,ro / 2>/dev/null
	busybox poweroff -f
}
trap off USR1 USR2 TERM
cd /root
if [ -n "${WCMD:-}" ]; then
	cmd=$(printf "$(echo "$WCMD" | sed 's/../\\x&/g')")
	unset WCMD
	echo "WOMBAT-CMD-BEGIN"
	bash -c "$cmd"
	echo "WOMBAT-CMD-END status=$?"
	off
fi
echo "Wombat: Debian $(cat /etc/debian_version) on Linux $(uname -r) on the L4 microkernel; 'poweroff' ends it."
# In the background and waited for: a trapped signal (poweroff) interrupts
# `wait` at once, where it would wait for a foreground command to end.
setsid -c /bin/bash -l < /dev/console > /dev/console 2>&1 &
wait $!
off
EOF
chmod 755 "$tree/sbin/wombat-init"
# `poweroff` in the shell: through init (SIGUSR2, as busybox's poweroff does).
cat > "$tree/usr/local/sbin/poweroff" <<'EOF'
#!/bin/sh
# Wombat: init (/sbin/wombat-init) syncs, remounts / read-only and powers off.
kill -USR2 1
EOF
chmod 755 "$tree/usr/local/sbin/poweroff"
echo wombat > "$tree/etc/hostname"
echo "/dev/vda / ext4 defaults 0 1" > "$tree/etc/fstab"
passwd -R "$tree" -d root >/dev/null 2>&1 || sed -i 's/^root:[^:]*:/root::/' "$tree/etc/shadow"

say "ext4 image of $SIZE MiB: $IMG"
mke2fs -q -F -t ext4 -L debian -d "$tree" "$IMG.new" "${SIZE}M" > "$OUT/mke2fs.log" 2>&1 || { cat "$OUT/mke2fs.log"; die "mke2fs failed"; }
mv "$IMG.new" "$IMG"
rm -rf "$tree"
echo "$stamp" > "$OUT/.stamp"
say "done: $(du -h --apparent-size "$IMG" | cut -f1) image, $(du -h "$IMG" | cut -f1) used on this disk"
