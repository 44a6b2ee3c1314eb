/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat's vDSO (../vdso/vdso.c), riscv64: the `time` CSR (scounteren.TM set
 * by the microkernel), the system call, and riscv Linux's vDSO names
 * (version LINUX_4.15, vdso.ver). */
#ifndef WOMBAT_VDSO_ARCH_H
#define WOMBAT_VDSO_ARCH_H

#define VDSO_NR_clock_gettime 113
#define VDSO_NR_clock_getres  114
#define VDSO_NR_gettimeofday  169

static inline unsigned long long vdso_counter(void)
{
	unsigned long long v;

	__asm__ volatile("rdtime %0" : "=r"(v) :: "memory");
	return v;
}

static inline long vdso_syscall2(long nr, long a, long b)
{
	register long a7 __asm__("a7") = nr, a0 __asm__("a0") = a, a1 __asm__("a1") = b;

	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1) : "memory");
	return a0;
}

#define VDSO_EXPORTS \
	VDSO_ALIAS(__vdso_clock_gettime, vdso_clock_gettime) \
	VDSO_ALIAS(__vdso_gettimeofday, vdso_gettimeofday) \
	VDSO_ALIAS(__vdso_clock_getres, vdso_clock_getres) \
	VDSO_ALIAS(__vdso_getcpu, vdso_getcpu)

#endif
