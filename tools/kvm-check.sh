#!/bin/sh
# Whether this machine's /dev/kvm can run an unmodified x86_64 kernel (ours,
# or Linux) with hardware virtualization: exit 0 if so, else 1 with the reason
# on stderr. tools/qemu.sh (KVM=1), tools/bench-kvm.sh and the KVM bundle's
# run.sh ask it first, so that a /dev/kvm that cannot run our images is a clear
# error at once, not ten-minute boot timeouts.
#   /dev/kvm must be there, readable and writable;
#   the KVM behind it must be kvm_intel or kvm_amd (VT-x, AMD-V). Some sandboxes
#   give /dev/kvm from kvm_pvm instead (PVM, software virtualization on a CPU
#   without VT-x/AMD-V, for guest kernels built for it): an unmodified kernel
#   does not run there (seen 2026-12-07: Debian's 6.1 stops after "Probing
#   EDD", our microkernel's first user system call lands at its entry address
#   in user mode and faults).
# Where /sys/module says nothing (a container without it), /proc/cpuinfo's vmx
# or svm flag decides.
[ -e /dev/kvm ] || { echo "kvm-check: no /dev/kvm on this machine" >&2; exit 1; }
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	echo "kvm-check: /dev/kvm is not readable and writable by $(id -un)" >&2
	exit 1
fi
if [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ]; then
	exit 0
fi
if [ -d /sys/module/kvm_pvm ]; then
	echo "kvm-check: this /dev/kvm is kvm_pvm (PVM: software virtualization for guest kernels built" \
		"for PVM, on a CPU without VT-x/AMD-V here); unmodified kernels do not run on it." \
		"Use an x86_64 machine with kvm_intel or kvm_amd." >&2
	exit 1
fi
if [ -d /sys/module/kvm ]; then
	echo "kvm-check: /dev/kvm is there but neither kvm_intel nor kvm_amd is loaded" \
		"($(ls /sys/module | grep '^kvm' | tr '\n' ' '))" >&2
	exit 1
fi
grep -qwE 'vmx|svm' /proc/cpuinfo 2>/dev/null && exit 0
echo "kvm-check: the CPU shows no vmx or svm flag: no hardware virtualization behind /dev/kvm" >&2
exit 1
