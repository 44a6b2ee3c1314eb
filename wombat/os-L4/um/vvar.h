/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4: the time page (vvar), one page of Wombat's memory that
 * every Linux process sees read-only at WOMBAT_VVAR_ADDR (skas.c maps it
 * into each task space; no Linux VMA).  Linux rewrites it whenever its
 * timekeeping changes (vdso.c: each tick, settimeofday, clock_settime,
 * adjtimex); the vDSO (../vdso/vdso.c) turns it and the counter that user
 * code may read into CLOCK_REALTIME and CLOCK_MONOTONIC, exactly as
 * Linux's timekeeping computes them, without a system call.  Shared by
 * Linux-side, host-side and vDSO code: plain C types only.
 */
#ifndef WOMBAT_VVAR_H
#define WOMBAT_VVAR_H

/* L4_UTCB_AREA - 4096: above Linux's TASK_SIZE (254 GiB), in the two pages
 * arch/um keeps for its stubs (os-L4 has none), below the UTCBs. */
#define WOMBAT_VVAR_ADDR 0x3faffff000UL

struct wombat_vvar {
	unsigned int seq;              /* odd while Linux writes; a reader retries when it changed */
	unsigned int valid;            /* 0: make the system call (no user counter, other clocksource) */
	unsigned long long ctr_base;   /* microkernel clock ns = ((counter - ctr_base) * ctr_mult) >> 32 */
	unsigned long long ctr_mult;   /*   (L4_KI_CLOCK_BASE, L4_KI_CLOCK_MULT) */
	unsigned int ns_shift;         /* clocksource cycles = clock ns >> ns_shift (arch/um: ns / 256) */
	unsigned int shift;            /* the timekeeper's: ns << shift = cycles * mult */
	unsigned long long mult;
	unsigned long long cycle_last, mask;
	unsigned long long real_sec, real_nsec;   /* CLOCK_REALTIME at cycle_last (nsec << shift) */
	unsigned long long mono_sec, mono_nsec;   /* CLOCK_MONOTONIC at cycle_last (nsec << shift) */
};

#endif
