/* Randomness for unguessable tokens (capabilities, console sessions): RDRAND,
 * or, on a CPU without it, the TSC mixed with the seed words (the boot
 * info's are 0 on the PC; a domain's come from Iguana's RDRAND): then only
 * as good as those. */
#include <stdlib.h>

static unsigned long pool;

void arch_entropy_seed(const unsigned long *w, int n)
{
	for (int i = 0; i < n; i++)
		pool = (pool ^ w[i]) * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;
}

/* One RDRAND: 1 with a word in *v, 0 when it had none (its buffer empty). */
static int rdrand(unsigned long *v)
{
	unsigned char ok;
	__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
	return ok;
}

int arch_entropy_seeded(void)
{
	unsigned long v;
	for (int i = 0; i < 10; i++)
		if (rdrand(&v))
			return 1;
	return 0;
}

unsigned long arch_entropy(void)
{
	unsigned long v;
	if (!rdrand(&v)) {
		unsigned lo, hi;
		__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
		v = (((unsigned long)hi << 32) | lo) ^ pool;
		arch_entropy_seed(&v, 1);
	}
	return v;
}
