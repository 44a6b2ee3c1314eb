/* Frame and page zeroing (memset/memcpy/memmove: kernel/src/kernel/string.c). */
#include <types.h>
#include <arch.h>

/* dc zva would be faster; a store-pair loop is plenty under QEMU. */
void arch_zero_bytes(void *page, u64 bytes, bool irqs_on)
{
	if (irqs_on)
		__asm__ volatile("msr daifclr, #2" ::: "memory");
	u64 *p = page;
	u64 n = bytes / 8, i = 0;
	for (; i + 2 <= n; i += 2)
		__asm__ volatile("stp xzr, xzr, [%0]" :: "r"(p + i) : "memory");
	if (i < n)
		*(volatile u64 *)(p + i) = 0;
	if (irqs_on)
		__asm__ volatile("msr daifset, #2" ::: "memory");
}
