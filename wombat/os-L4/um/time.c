// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: timer and clock (replaces os-Linux time.c).
 *
 * The timer will be the microkernel's per-thread timer bound to a vCPU event
 * bit (delivered like SIGALRM: timer_handler()); time comes from the
 * kernel clock (TSC), the wall clock from Iguana; idle is wait-for-event,
 * which re-checks pending events atomically.
 */
#include <os.h>
#include <l4/syscalls.h>
#include "wombat.h"

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

long long os_nsecs(void)
{
	return (long long)l4_clock();
}

long long os_persistent_clock_emulation(void)
{
	/* No RTC service yet: the epoch starts at boot. */
	return 0;
}

void os_idle_sleep(void)
{
	/* Until events arrive through the vCPU: a short sleep. */
	struct l4_msg m = { 0 };
	l4_ipc(L4_NILTHREAD, l4_utcb()->tid, L4_TIMEOUTS(0, 1000), &m);
}
