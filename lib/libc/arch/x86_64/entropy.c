/* Randomness for unguessable tokens (capabilities, console sessions): RDRAND,
 * or, on a CPU without it, the TSC (then only as good as its timing). */
#include <stdlib.h>

unsigned long arch_entropy(void)
{
	unsigned long v;
	unsigned char ok = 0;
	__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
	if (!ok) {
		unsigned lo, hi;
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		v = ((unsigned long)hi << 32) | lo;
	}
	return v;
}
