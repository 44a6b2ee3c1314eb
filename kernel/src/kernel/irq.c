/* Interrupt lines bound to notifications: masked on delivery, unmasked on acknowledge. */
#include <kernel.h>
#include <arch.h>

static struct { struct tcb *t; u64 bit; } irqs[ARCH_NR_IRQS];

void irq_raise(unsigned irq)
{
	if (irq < ARCH_NR_IRQS && irqs[irq].t)
		notify(irqs[irq].t, 1ULL << irqs[irq].bit);
}

u64 irq_bind(unsigned irq, struct tcb *t, u64 bit)
{
	if (t && irqs[irq].t && irqs[irq].t != t)
		return L4_EBUSY;
	irqs[irq].t = t;
	irqs[irq].bit = bit;
	if (t)
		arch_irq_unmask(irq);
	else
		arch_irq_mask(irq);
	return L4_OK;
}

u64 irq_ack(struct tcb *self, unsigned irq)
{
	struct tcb *t = irqs[irq].t;
	if (!t)
		return L4_EINVAL;
	if (t->space != self->space && !(self->space->flags & SP_PRIV))
		return L4_EPERM;
	arch_irq_unmask(irq);
	return L4_OK;
}

void irq_unbind_thread(struct tcb *t)
{
	for (unsigned i = 0; i < ARCH_NR_IRQS; i++)
		if (irqs[i].t == t)
			irq_bind(i, NULL, 0);
}
