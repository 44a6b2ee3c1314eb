/* Interrupt lines bound to notifications: masked on delivery, unmasked on
 * acknowledge; and masked while a thread of higher priority than the one
 * bound to them runs (a priority ceiling), so a device that Linux keeps
 * busy (the UART, under console output) does not interrupt the real-time
 * task: its interrupt waits until a thread at or below its handler's
 * priority runs. */
#include <kernel.h>
#include <arch.h>

static struct { struct tcb *t; u64 bit; } irqs[ARCH_NR_IRQS];
u32 irq_bound;            /* how many lines are bound (the fast paths test it for 0) */
static u64 bound;         /* which */
_Static_assert(ARCH_NR_IRQS <= 64, "line masks are one word");
static u64 delivered;     /* masked until acknowledged */
static u64 ceiling;       /* masked: a higher-priority thread runs */
static u64 hw_masked = ~0ULL;     /* all masked at boot */

/* Bring the controller in line for irq: masked unless bound, not awaiting
 * its acknowledgement and not below the running thread's priority. */
static void apply(unsigned irq)
{
	u64 bit = 1ULL << irq;
	u64 want = (!irqs[irq].t || ((delivered | ceiling) & bit)) ? bit : 0;
	if ((hw_masked & bit) == want)
		return;
	hw_masked ^= bit;
	if (want)
		arch_irq_mask(irq);
	else
		arch_irq_unmask(irq);
}

void irq_raise(unsigned irq)
{
	if (irq >= ARCH_NR_IRQS)
		return;
	delivered |= 1ULL << irq;
	apply(irq);
	if (irqs[irq].t)
		notify(irqs[irq].t, 1ULL << irqs[irq].bit);
}

u64 irq_bind(unsigned irq, struct tcb *t, u64 bit)
{
	if (t && irqs[irq].t && irqs[irq].t != t)
		return L4_EBUSY;
	if (!irqs[irq].t != !t)
		irq_bound = t ? irq_bound + 1 : irq_bound - 1;
	bound = t ? bound | (1ULL << irq) : bound & ~(1ULL << irq);
	irqs[irq].t = t;
	irqs[irq].bit = bit;
	delivered &= ~(1ULL << irq);
	ceiling &= ~(1ULL << irq);
	apply(irq);
	return L4_OK;
}

u64 irq_ack(struct tcb *self, unsigned irq)
{
	struct tcb *t = irqs[irq].t;
	if (!t)
		return L4_EINVAL;
	if (t->space != self->space && !(self->space->flags & SP_PRIV))
		return L4_EPERM;
	delivered &= ~(1ULL << irq);
	apply(irq);
	return L4_OK;
}

/* The scheduler switches to a thread of priority prio. Called at every
 * switch, so it looks only at bound lines; with none (irq_bound 0) the
 * ceiling is empty and callers may skip it. */
void irq_priority_ceiling(unsigned prio)
{
	u64 c = 0;
	for (u64 b = bound; b; b &= b - 1) {
		unsigned i = (unsigned)__builtin_ctzll(b);
		if (irqs[i].t->prio < prio)
			c |= 1ULL << i;
	}
	u64 changed = c ^ ceiling;
	ceiling = c;
	for (; changed; changed &= changed - 1)
		apply((unsigned)__builtin_ctzll(changed));
}

void irq_unbind_thread(struct tcb *t)
{
	for (unsigned i = 0; i < ARCH_NR_IRQS; i++)
		if (irqs[i].t == t)
			irq_bind(i, NULL, 0);
}
