/* memset/memcpy/memmove (the compiler may emit calls for struct copies) and frame zeroing. */
#include <types.h>
#include <arch.h>

void *memset(void *d, int c, size_t n)
{
	u8 *p = d;
	u64 w = 0x0101010101010101ULL * (u8)c;
	while (n && ((u64)p & 7)) {
		*p++ = (u8)c;
		n--;
	}
	for (; n >= 8; n -= 8, p += 8)
		*(volatile u64 *)p = w;
	while (n--)
		*p++ = (u8)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	if (!(((u64)dp | (u64)sp) & 7))
		for (; n >= 8; n -= 8, dp += 8, sp += 8)
			*(volatile u64 *)dp = *(const u64 *)sp;
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	if (dp <= sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

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
