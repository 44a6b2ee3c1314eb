// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4, x86_64: the CPU's features for /proc/cpuinfo. arch/um reads
 * a host's /proc/cpuinfo "flags" line and sets every capability whose name
 * it finds there; with no host file to read, the line is made from CPUID
 * (which user code may execute), in Linux's names for the bits.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <asm/unistd.h>
#include "wombat_arch.h"

struct bit { unsigned char leaf, reg, bit; const char *name; };
enum { EAX, EBX, ECX, EDX };
#define L1 0      /* leaf 1 */
#define L7 1      /* leaf 7, subleaf 0 */
#define LX 2      /* leaf 0x80000001 */

static const struct bit bits[] = {
	{ L1, EDX, 0, "fpu" }, { L1, EDX, 1, "vme" }, { L1, EDX, 2, "de" }, { L1, EDX, 3, "pse" },
	{ L1, EDX, 4, "tsc" }, { L1, EDX, 5, "msr" }, { L1, EDX, 6, "pae" }, { L1, EDX, 7, "mce" },
	{ L1, EDX, 8, "cx8" }, { L1, EDX, 9, "apic" }, { L1, EDX, 11, "sep" }, { L1, EDX, 12, "mtrr" },
	{ L1, EDX, 13, "pge" }, { L1, EDX, 14, "mca" }, { L1, EDX, 15, "cmov" }, { L1, EDX, 16, "pat" },
	{ L1, EDX, 17, "pse36" }, { L1, EDX, 19, "clflush" }, { L1, EDX, 23, "mmx" }, { L1, EDX, 24, "fxsr" },
	{ L1, EDX, 25, "sse" }, { L1, EDX, 26, "sse2" }, { L1, EDX, 28, "ht" },
	{ L1, ECX, 0, "pni" }, { L1, ECX, 1, "pclmulqdq" }, { L1, ECX, 9, "ssse3" }, { L1, ECX, 12, "fma" },
	{ L1, ECX, 13, "cx16" }, { L1, ECX, 19, "sse4_1" }, { L1, ECX, 20, "sse4_2" }, { L1, ECX, 22, "movbe" },
	{ L1, ECX, 23, "popcnt" }, { L1, ECX, 25, "aes" }, { L1, ECX, 26, "xsave" }, { L1, ECX, 28, "avx" },
	{ L1, ECX, 29, "f16c" }, { L1, ECX, 30, "rdrand" },
	{ L7, EBX, 0, "fsgsbase" }, { L7, EBX, 3, "bmi1" }, { L7, EBX, 5, "avx2" }, { L7, EBX, 8, "bmi2" },
	{ L7, EBX, 9, "erms" }, { L7, EBX, 18, "rdseed" }, { L7, EBX, 19, "adx" }, { L7, EBX, 23, "clflushopt" },
	{ L7, EBX, 29, "sha_ni" }, { L7, EBX, 16, "avx512f" }, { L7, ECX, 22, "rdpid" }, { L7, EDX, 4, "fsrm" },
	{ LX, EDX, 11, "syscall" }, { LX, EDX, 20, "nx" }, { LX, EDX, 26, "pdpe1gb" }, { LX, EDX, 27, "rdtscp" },
	{ LX, EDX, 29, "lm" }, { LX, ECX, 0, "lahf_lm" }, { LX, ECX, 5, "abm" },
};

static void cpuid(unsigned leaf, unsigned sub, unsigned r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[EAX]), "=b"(r[EBX]), "=c"(r[ECX]), "=d"(r[EDX]) : "a"(leaf), "c"(sub));
}

void wombat_cpu_flags(char *buf, unsigned long len)
{
	unsigned r[3][4] = { { 0 } }, max[4], maxx[4];
	unsigned long n = 0;

	cpuid(0, 0, max);
	cpuid(0x80000000, 0, maxx);
	cpuid(1, 0, r[L1]);
	if (max[EAX] >= 7)
		cpuid(7, 0, r[L7]);
	if (maxx[EAX] >= 0x80000001)
		cpuid(0x80000001, 0, r[LX]);
	if (len < 16) {
		if (len)
			buf[0] = 0;
		return;
	}
	strcpy(buf, "flags\t\t:");
	n = strlen(buf);
	for (unsigned long i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		unsigned long k = strlen(bits[i].name);
		if (!(r[bits[i].leaf][bits[i].reg] >> bits[i].bit & 1) || n + k + 2 > len)
			continue;
		buf[n++] = ' ';
		memcpy(buf + n, bits[i].name, k + 1);
		n += k;
	}
}

/* The one host system call arch/x86/um makes through libc: modify_ldt(0)
 * reads the host's LDT at boot. The microkernel gives no thread an LDT:
 * the answer is one empty entry, i.e. nothing to clear in new processes
 * (an error would make Linux print "couldn't read host ldt" at every boot). */
long syscall(long number, ...)
{
	va_list ap;
	long func;
	void *ptr;
	unsigned long bytes;

	if (number != __NR_modify_ldt) {
		errno = ENOSYS;
		return -1;
	}
	va_start(ap, number);
	func = va_arg(ap, long);
	ptr = va_arg(ap, void *);
	bytes = va_arg(ap, unsigned long);
	va_end(ap);
	if (func != 0 || bytes < 8) {
		errno = ENOSYS;
		return -1;
	}
	memset(ptr, 0, 8);
	return 8;
}
