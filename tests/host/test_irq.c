/* Host tests of irq.c: the count of bound lines the fast paths test, and the
 * priority ceiling (lines of threads below the running one masked). */
#include <string.h>
#include "check.h"
#include "kernel.h"
#include "arch.h"

static u64 masked;                   /* the controller as irq.c left it */
void arch_irq_mask(unsigned irq) { masked |= 1ULL << irq; }
void arch_irq_unmask(unsigned irq) { masked &= ~(1ULL << irq); }
u64 notify(struct tcb *t, u64 bits) { (void)t; (void)bits; return 0; }

static struct tcb low, high;

static void bound_count(void)
{
	low.prio = 10;
	high.prio = 50;
	CHECK(irq_bound == 0);
	CHECK(irq_bind(3, &low, 1) == L4_OK);
	CHECK(irq_bind(3, &low, 2) == L4_OK);          /* again by the same thread: one line */
	CHECK(irq_bind(5, &high, 1) == L4_OK);
	CHECK(irq_bind(5, &low, 1) == L4_EBUSY);
	CHECK(irq_bound == 2);
	CHECK(!(masked & (1ULL << 3)) && !(masked & (1ULL << 5)));
	irq_unbind_thread(&high);
	CHECK(irq_bound == 1);
	CHECK(masked & (1ULL << 5));                  /* unbound lines stay masked */
	irq_unbind_thread(&low);
	CHECK(irq_bound == 0);
}

static void ceiling(void)
{
	low.prio = 10;
	high.prio = 50;
	irq_bind(3, &low, 1);
	irq_bind(5, &high, 1);
	irq_priority_ceiling(30);                     /* between them: only low's line masked */
	CHECK((masked & (1ULL << 3)) && !(masked & (1ULL << 5)));
	irq_priority_ceiling(60);
	CHECK((masked & (1ULL << 3)) && (masked & (1ULL << 5)));
	irq_priority_ceiling(10);                     /* low's own priority: both open */
	CHECK(!(masked & (1ULL << 3)) && !(masked & (1ULL << 5)));
	irq_unbind_thread(&low);
	irq_unbind_thread(&high);
}

int main(void)
{
	RUN("irq", bound_count);
	RUN("irq", ceiling);
	return check_total_failed;
}
