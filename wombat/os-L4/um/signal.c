// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: interrupts (replaces os-Linux signal.c).
 *
 * arch/um keeps the interrupt flag in memory (signals_enabled, see
 * asm/irqflags.h).  On the microkernel it will live in the vCPU state page
 * together with the pending-event bits: the kernel upcalls to our entry on
 * cpu0_irqstack when an event (notification = SIGIO, timer = SIGALRM) or a
 * fault arrives, or only marks it pending while the flag is clear;
 * unblock_signals() replays what is pending.  Until there is a vCPU no
 * event can be pending, so flipping the flag is all there is to do yet.
 */
#include <os.h>
#include "wombat.h"

int signals_enabled;
unsigned long wombat_irqstack;

void block_signals(void)
{
	signals_enabled = 0;
	__asm__ __volatile__("" ::: "memory");
}

void unblock_signals(void)
{
	__asm__ __volatile__("" ::: "memory");
	/* With the vCPU: loop while events are pending, deliver them with the
	 * flag clear, then set it; the kernel re-checks atomically. */
	signals_enabled = 1;
}

int um_set_signals(int enable)
{
	int was = signals_enabled;

	if (enable && !was)
		unblock_signals();
	else if (!enable && was)
		block_signals();
	return was;
}

/* Used by UML_SETJMP (threads.c); nothing to trace on the microkernel. */
int um_set_signals_trace(int enable)
{
	return um_set_signals(enable);
}

void init_new_thread_signals(void)
{
	/* Nothing per thread: events come to the one vCPU. */
}

void set_sigstack(void *sig_stack, int size)
{
	/* The vCPU entry stack: recorded for when the vCPU is switched on. */
	wombat_irqstack = (unsigned long)sig_stack + size;
}

void timer_set_signal_handler(void)
{
	/* The timer is a vCPU event, not a signal: nothing to install. */
}

int os_is_signal_stack(void)
{
	return 0;
}
