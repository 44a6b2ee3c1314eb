/* Trap policy, whatever the architecture: its entry code decodes the trap
 * (vector, interrupt controller, fault address) and calls these; what the
 * kernel then does (timers, device notifications, faults to handlers, the
 * reschedule and the vCPU checks on the way out) is decided here. */
#include <kernel.h>
#include <arch.h>

/* The kernel's one-shot timer fired. */
void trap_timer(void)
{
	timers_expire();
	sched_tick();
}

/* A device line fired: its handler thread is notified (the line stays
 * masked until the handler acknowledges it). */
void trap_device(unsigned irq)
{
	irq_raise(irq);
}

/* The last steps before returning to the interrupted code. timer: the
 * trap was the kernel's timer (the one-shot must be set again). */
void trap_exit(struct frame *f, bool timer)
{
	if (need_resched || current->state != TS_READY)
		schedule();                 /* programs the one-shot for who runs */
	else if (timer)
		timer_reprogram();
	if (current->vcpu && arch_frame_is_user(f))
		vcpu_exit_check(current, f);
	timer_release_wait(current);
}
