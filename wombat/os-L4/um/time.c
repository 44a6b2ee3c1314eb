// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: timer and clock (replaces os-Linux time.c).
 *
 * The timer is the microkernel's per-thread timer bound to a vCPU event
 * bit (delivered like SIGALRM: timer_handler()); time comes from the
 * kernel clock (TSC); idle is wait-for-event, which re-checks pending
 * events atomically.
 */
#include <os.h>
#include <l4/syscalls.h>
#include "wombat.h"
#include <vdso_arch.h>          /* vdso_counter(): the counter user code may read */

static unsigned long long timer_period;

int os_timer_create(void)
{
	return 0;
}

int os_timer_set_interval(unsigned long long nsecs)
{
	timer_period = nsecs;
	return (int)l4_timer(l4_clock() + nsecs, nsecs, WOMBAT_EV_TIMER);
}

int os_timer_one_shot(unsigned long long nsecs)
{
	timer_period = 0;
	return (int)l4_timer(l4_clock() + nsecs, 0, WOMBAT_EV_TIMER);
}

void os_timer_disable(void)
{
	l4_timer(0, 0, WOMBAT_EV_TIMER);
}

/*
 * The kernel clock read in user mode, as the vDSO does: the counter and
 * the kernel's scaling (L4_KI_CLOCK_BASE/MULT; ns = ((counter - base) *
 * mult) >> 32, what l4_clock() computes).  Linux reads its clock on every
 * schedule() (sched_clock) and timer event: a system call each time cost
 * two microkernel entries per context switch.  A board without the
 * scaling (mult 0) keeps the call.
 */
static unsigned long long ctr_base, ctr_mult;
static int ctr_known;

/* The first call (the scaling asked for), and every call on a board
 * without it: out of line, so that the common one needs no frame. */
static __attribute__((noinline)) long long os_nsecs_slow(void)
{
	if (!ctr_known) {
		ctr_base = l4_kinfo(L4_KI_CLOCK_BASE);
		ctr_mult = l4_kinfo(L4_KI_CLOCK_MULT);
		ctr_known = 1;
	}
	if (!ctr_mult)
		return (long long)l4_clock();
	return (long long)(((unsigned __int128)(vdso_counter() - ctr_base) * ctr_mult) >> 32);
}

long long os_nsecs(void)
{
	unsigned long long mult = ctr_mult;

	if (__builtin_expect(!mult, 0))
		return os_nsecs_slow();
	return (long long)(((unsigned __int128)(vdso_counter() - ctr_base) * mult) >> 32);
}

/* The real time (ns since 1970 UTC) Linux starts its clock with: the
 * board's RTC as the microkernel read it at boot (L4_KI_WALLCLOCK) plus the
 * kernel clock since; 0 (the epoch at boot) where the board has no RTC. */
long long os_persistent_clock_emulation(void)
{
	unsigned long long at_zero = l4_kinfo(L4_KI_WALLCLOCK);

	return at_zero ? (long long)(at_zero + l4_clock()) : 0;
}

/* Called with interrupts off (arch_cpu_idle): sleep until an event is
 * pending; the caller then enables interrupts, which delivers it.  The
 * kernel checks `pending` and blocks in one step, so nothing is missed. */
void os_idle_sleep(void)
{
	l4_vcpu_wait(L4_TIMEOUT_NEVER);
}

/* The counter user code reads and its scaling to the kernel clock, for
 * the vDSO's time page (vdso.c): ns = ((counter - base) * mult) >> 32. */
void wombat_clock_scale(unsigned long long *base, unsigned long long *mult)
{
	*base = l4_kinfo(L4_KI_CLOCK_BASE);
	*mult = l4_kinfo(L4_KI_CLOCK_MULT);
}
