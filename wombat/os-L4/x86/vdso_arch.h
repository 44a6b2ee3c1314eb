/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat's vDSO (../vdso/vdso.c), x86_64: the TSC (CR4.TSD clear), the
 * system call, and x86_64 Linux's vDSO names (version LINUX_2.6, vdso.ver). */
#ifndef WOMBAT_VDSO_ARCH_H
#define WOMBAT_VDSO_ARCH_H

#define VDSO_NR_gettimeofday   96
#define VDSO_NR_clock_gettime 228
#define VDSO_NR_clock_getres  229

static inline unsigned long long vdso_counter(void)
{
	unsigned int lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (unsigned long long)hi << 32 | lo;
}

static inline long vdso_syscall2(long nr, long a, long b)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "0"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
	return ret;
}

#define VDSO_EXPORTS \
	VDSO_ALIAS(__vdso_clock_gettime, vdso_clock_gettime) \
	VDSO_ALIAS(__vdso_gettimeofday, vdso_gettimeofday) \
	VDSO_ALIAS(__vdso_clock_getres, vdso_clock_getres) \
	VDSO_ALIAS(__vdso_time, vdso_time) \
	VDSO_ALIAS(__vdso_getcpu, vdso_getcpu)

#endif
