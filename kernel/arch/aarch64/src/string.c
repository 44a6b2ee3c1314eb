/* memset/memcpy (the compiler may emit calls for struct copies) and frame zeroing. */
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
