/* memset/memcpy/memmove (the compiler may emit calls for struct copies):
 * word loops over aligned words, bytes at the edges. Weak: an architecture
 * with faster string instructions supplies its own (x86_64: rep stos/movs,
 * arch/x86_64/src/string.c). The volatile stores keep the compiler from
 * turning the loops back into calls of these functions. */
#include <types.h>

__attribute__((weak)) void *memset(void *d, int c, size_t n)
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

__attribute__((weak)) void *memcpy(void *d, const void *s, size_t n)
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

__attribute__((weak)) void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	if (dp <= sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}
