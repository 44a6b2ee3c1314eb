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
#include "wombat.h"

int os_timer_create(void)
{
	WOMBAT_TODO();
}

int os_timer_set_interval(unsigned long long nsecs)
{
	(void)nsecs;
	WOMBAT_TODO();
}

int os_timer_one_shot(unsigned long long nsecs)
{
	(void)nsecs;
	WOMBAT_TODO();
}

void os_timer_disable(void)
{
	WOMBAT_TODO();
}

long long os_nsecs(void)
{
	WOMBAT_TODO();
}

long long os_persistent_clock_emulation(void)
{
	WOMBAT_TODO();
}

void os_idle_sleep(void)
{
	WOMBAT_TODO();
}
