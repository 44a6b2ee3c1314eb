/* memset/memcpy: the compiler may emit calls to these for struct copies.
 * Word-wise: the kernel clears and copies frames and TCB parts with
 * interrupts off, so these bound how long that lasts. */
#include <types.h>

void *memset(void *d, int c, size_t n)
{
	u8 *p = d;
#ifdef __x86_64__
	u64 w = 0x0101010101010101ULL * (u8)c, q = n / 8, r = n % 8;
	__asm__ volatile("rep stosq; mov %k3, %%ecx; rep stosb"
			 : "+D"(p), "+c"(q) : "a"(w), "r"(r) : "memory");
#else
	while (n--)
		*p++ = (u8)c;
#endif
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *p = d;
	const u8 *q = s;
#ifdef __x86_64__
	u64 words = n / 8, r = n % 8;
	__asm__ volatile("rep movsq; mov %k3, %%ecx; rep movsb"
			 : "+D"(p), "+S"(q), "+c"(words) : "r"(r) : "memory");
#else
	while (n--)
		*p++ = *q++;
#endif
	return d;
}
