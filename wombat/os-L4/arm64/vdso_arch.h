/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat's vDSO (../vdso/vdso.c), arm64: the virtual count (CNTKCTL_EL1.EL0VCTEN
 * set by the microkernel), the system call, and arm64 Linux's vDSO names
 * (version LINUX_2.6.39, vdso.ver). */
#ifndef WOMBAT_VDSO_ARCH_H
#define WOMBAT_VDSO_ARCH_H

#define VDSO_NR_clock_gettime 113
#define VDSO_NR_clock_getres  114
#define VDSO_NR_gettimeofday  169

/* The isb keeps the read from being done early, as the kernel's ticks(). */
static inline unsigned long long vdso_counter(void)
{
	unsigned long long v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) :: "memory");
	return v;
}

static inline long vdso_syscall2(long nr, long a, long b)
{
	register long x8 __asm__("x8") = nr, x0 __asm__("x0") = a, x1 __asm__("x1") = b;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory");
	return x0;
}

#define VDSO_EXPORTS \
	VDSO_ALIAS(__kernel_clock_gettime, vdso_clock_gettime) \
	VDSO_ALIAS(__kernel_gettimeofday, vdso_gettimeofday) \
	VDSO_ALIAS(__kernel_clock_getres, vdso_clock_getres)

#endif
