// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: Linux's scheduler clock (kernel side).
 *
 * Without an architecture's own, sched_clock() counts jiffies: CFS then
 * sees time in 10 ms steps, so a process that yields is charged nothing
 * until the next tick (a sched_yield round trip took two ticks) and nice
 * weights hold only on average over many ticks.  Here it is the
 * microkernel's clock, in nanoseconds, as on a host with a TSC.
 */
#include <linux/sched/clock.h>
#include <os.h>

unsigned long long notrace sched_clock(void)
{
	return (unsigned long long)os_nsecs();
}
