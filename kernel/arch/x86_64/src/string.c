/* memset/memcpy (the compiler may emit calls to these for struct copies;
 * they override kernel/src/kernel/string.c's weak C loops)
 * and frame zeroing: string instructions, since the kernel clears and
 * copies TCB parts and frames with interrupts off. */
#include <types.h>
#include <arch.h>

void *memset(void *d, int c, size_t n)
{
	void *p = d;
	u64 w = 0x0101010101010101ULL * (u8)c, words = n / 8, rest = n % 8;
	__asm__ volatile("rep stosq; mov %k3, %%ecx; rep stosb"
			 : "+D"(p), "+c"(words) : "a"(w), "r"(rest) : "memory");
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	void *p = d;
	u64 words = n / 8, rest = n % 8;
	__asm__ volatile("rep movsq; mov %k3, %%ecx; rep movsb"
			 : "+D"(p), "+S"(s), "+c"(words) : "r"(rest) : "memory");
	return d;
}

void arch_zero_bytes(void *page, u64 bytes, bool irqs_on)
{
	u64 n = bytes / 8;
	if (irqs_on)
		__asm__ volatile("sti; rep stosq; cli" : "+D"(page), "+c"(n) : "a"(0UL) : "memory");
	else
		__asm__ volatile("rep stosq" : "+D"(page), "+c"(n) : "a"(0UL) : "memory");
}
