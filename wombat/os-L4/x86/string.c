// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4, x86_64: memcpy and memset as x86_64 Linux runs them.
 *
 * arch/x86/lib's memcpy and memset choose their body by alternatives
 * patching at boot: on a CPU with fast string instructions
 * (X86_FEATURE_REP_GOOD, every x86_64 CPU QEMU models and most real ones)
 * the words go by `rep movsq` / `rep stosq` and the last bytes by
 * `rep movsb` / `rep stosb`; the loop of moves (memcpy_orig, memset_orig)
 * is the fallback for CPUs without. arch/um patches no alternatives, so
 * Wombat's Linux always ran the fallback: 767 instructions to clear a
 * page (the native kernel's clear_page_rep: 512 + a few), 82 to copy a
 * 144-byte struct stat out. These are the fast-string bodies; the `memcpy`
 * and `memset` of arch/x86/lib are weak aliases, so these take their place
 * (`__memcpy`, `__memset` stay arch/x86/lib's). The direction flag is clear
 * here: the x86_64 ABI's rule, and the microkernel clears it at upcalls.
 * ERMS (`rep movsb` for everything) is left out as the benchmarks leave it
 * out of the CPU (tools/bench_sys.py: -icount counts each byte).
 */
#include <linux/types.h>
#include <linux/string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	unsigned long words = n >> 3, rest = n & 7;

	__asm__ volatile("rep movsq\n\t"
			 "movl %k[rest], %%ecx\n\t"
			 "rep movsb"
			 : "+D"(d), "+S"(src), "+c"(words)
			 : [rest] "r"(rest)
			 : "memory");
	return dst;
}

void *memset(void *s, int c, size_t n)
{
	void *d = s;
	unsigned long words = n >> 3, rest = n & 7;

	__asm__ volatile("rep stosq\n\t"
			 "movl %k[rest], %%ecx\n\t"
			 "rep stosb"
			 : "+D"(d), "+c"(words)
			 : "a"(0x0101010101010101UL * (unsigned char)c), [rest] "r"(rest)
			 : "memory");
	return s;
}
