// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat's vDSO: clock_gettime(CLOCK_REALTIME, CLOCK_MONOTONIC),
 * gettimeofday and time in user mode, from the time page Linux keeps
 * (../um/vvar.h) and the counter the microkernel lets user code read
 * (vdso_arch.h: rdtsc, cntvct_el0, rdtime).  The arithmetic is Linux's
 * timekeeping's for the clocksource arch/um registers (the microkernel's
 * clock in ns, divided by 256): a reading here equals the system call's
 * at the same instant.  Anything else (other clocks, a timezone, no
 * valid page) is the system call, as the old vDSO always was.
 * Built by wombat/build.sh as a position-independent shared object
 * without relocations; placed in each process by os-L4 (x86_64: arch/um's
 * vDSO page; arm64, riscv64: our subarch's sigtramp.c).
 */
#include "vvar.h"
#include "vdso_arch.h"

#define NSEC_PER_SEC 1000000000ULL
#define VDSO_FN __attribute__((visibility("hidden"), used))

struct vdso_ts { long sec, nsec; };
struct vdso_tv { long sec, usec; };

/*
 * The time of clock `clk` (0 realtime, 1 monotonic) in *ts, or -1 when
 * the page is not valid.  The page changes only while Linux runs, never
 * under a reader on this CPU; a tick between the reads makes seq change
 * and the reader start again.
 */
static int vdso_read(int clk, struct vdso_ts *ts)
{
	const volatile struct wombat_vvar *v = (const volatile struct wombat_vvar *)WOMBAT_VVAR_ADDR;
	unsigned long long sec, ns, clock_ns, delta;
	unsigned int seq;

	do {
		seq = v->seq;
		__asm__ volatile("" ::: "memory");
		if (!v->valid)
			return -1;
		clock_ns = (unsigned long long)(((unsigned __int128)(vdso_counter() - v->ctr_base) *
						  v->ctr_mult) >> 32);
		delta = ((clock_ns >> v->ns_shift) - v->cycle_last) & v->mask;
		sec = clk ? v->mono_sec : v->real_sec;
		ns = clk ? v->mono_nsec : v->real_nsec;
		ns = (ns + delta * v->mult) >> v->shift;
		__asm__ volatile("" ::: "memory");
	} while ((seq & 1) || seq != v->seq);
	ts->sec = (long)(sec + ns / NSEC_PER_SEC);
	ts->nsec = (long)(ns % NSEC_PER_SEC);
	return 0;
}

VDSO_FN int vdso_clock_gettime(int clk, struct vdso_ts *ts)
{
	if ((clk == 0 || clk == 1) && vdso_read(clk, ts) == 0)
		return 0;
	return (int)vdso_syscall2(VDSO_NR_clock_gettime, clk, (long)ts);
}

VDSO_FN int vdso_gettimeofday(struct vdso_tv *tv, void *tz)
{
	struct vdso_ts ts;

	if (tv && !tz && vdso_read(0, &ts) == 0) {
		tv->sec = ts.sec;
		tv->usec = ts.nsec / 1000;
		return 0;
	}
	return (int)vdso_syscall2(VDSO_NR_gettimeofday, (long)tv, (long)tz);
}

VDSO_FN int vdso_clock_getres(int clk, struct vdso_ts *res)
{
	return (int)vdso_syscall2(VDSO_NR_clock_getres, clk, (long)res);
}

VDSO_FN long vdso_time(long *t)
{
	struct vdso_ts ts;

	if (vdso_read(0, &ts) != 0)
		vdso_syscall2(VDSO_NR_clock_gettime, 0, (long)&ts);
	if (t)
		*t = ts.sec;
	return ts.sec;
}

/* UP: CPU 0, node 0 (as arch/um's own vDSO answers). */
VDSO_FN long vdso_getcpu(unsigned *cpu, unsigned *node, void *cache)
{
	(void)cache;
	if (cpu)
		*cpu = 0;
	if (node)
		*node = 0;
	return 0;
}

/* The names of this architecture's vDSO (vdso_arch.h; their version: vdso.ver). */
#define VDSO_ALIAS(name, fn) __typeof__(fn) name __attribute__((alias(#fn), visibility("default")));
VDSO_EXPORTS
