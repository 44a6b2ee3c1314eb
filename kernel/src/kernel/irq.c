/* Interrupt lines bound to notifications: masked on delivery, unmasked on
 * acknowledge; and masked while a thread of higher priority than the one
 * bound to them runs (a priority ceiling), so a device that Linux keeps
 * busy (the UART, under console output) does not interrupt the real-time
 * task: its interrupt waits until a thread at or below its handler's
 * priority runs. */
#include <kernel.h>
#include <arch.h>

static struct { struct tcb *t; u64 bit; } irqs[ARCH_NR_IRQS];
u32 irq_bound;            /* lines bound to a thread */
static u32 delivered;     /* masked until acknowledged */
static u32 ceiling;       /* masked: a higher-priority thread runs */
static u32 hw_masked = (1u << ARCH_NR_IRQS) - 1;

/* Bring the controller in line for irq: masked unless bound, not awaiting
 * its acknowledgement and not below the running thread's priority. */
static void apply(unsigned irq)
{
	u32 bit = 1u << irq;
	u32 want = (!irqs[irq].t || ((delivered | ceiling) & bit)) ? bit : 0;
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
	delivered |= 1u << irq;
	apply(irq);
	if (irqs[irq].t)
		notify(irqs[irq].t, 1ULL << irqs[irq].bit);
}

u64 irq_bind(unsigned irq, struct tcb *t, u64 bit)
{
	if (t && irqs[irq].t && irqs[irq].t != t)
		return L4_EBUSY;
	irqs[irq].t = t;
	irqs[irq].bit = bit;
	irq_bound = t ? irq_bound | (1u << irq) : irq_bound & ~(1u << irq);
	delivered &= ~(1u << irq);
	ceiling &= ~(1u << irq);
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
	delivered &= ~(1u << irq);
	apply(irq);
	return L4_OK;
}

/* The scheduler switches to a thread of priority prio. Called at every
 * switch, so it looks only at bound lines; with none (irq_bound 0) the
 * ceiling is empty and callers may skip it. */
void irq_priority_ceiling(unsigned prio)
{
	u32 c = 0;
	for (u32 b = irq_bound; b; b &= b - 1) {
		unsigned i = __builtin_ctz(b);
		if (irqs[i].t->prio < prio)
			c |= 1u << i;
	}
	u32 changed = c ^ ceiling;
	ceiling = c;
	for (; changed; changed &= changed - 1)
		apply(__builtin_ctz(changed));
}

void irq_unbind_thread(struct tcb *t)
{
	for (unsigned i = 0; i < ARCH_NR_IRQS; i++)
		if (irqs[i].t == t)
			irq_bind(i, NULL, 0);
}
