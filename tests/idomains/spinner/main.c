/* spinner: a CPU-bound low-priority domain (load for the real-time tests). */
#include <iguana/libiguana.h>

volatile unsigned long spins;

int main(struct ig_startinfo *si)
{
	(void)si;
	for (;;)
		spins++;
}
