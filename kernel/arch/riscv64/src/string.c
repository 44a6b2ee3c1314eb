/* Frame and page zeroing (memset/memcpy/memmove: kernel/src/kernel/string.c). */
#include <types.h>
#include <arch.h>

/* Interrupts on while zeroing memory no one else sees (a timer may preempt). */
void arch_zero_bytes(void *page, u64 bytes, bool irqs_on)
{
	if (irqs_on)
		csr_set(sstatus, SSTATUS_SIE);
	volatile u64 *p = page;
	for (u64 i = 0; i < bytes / 8; i++)
		p[i] = 0;
	if (irqs_on)
		csr_clear(sstatus, SSTATUS_SIE);
}
