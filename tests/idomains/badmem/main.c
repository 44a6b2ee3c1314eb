/* badmem: touches memory it has not attached; Iguana must stop it and nothing else. */
#include <iguana/libiguana.h>
#include <stdio.h>

int main(struct ig_startinfo *si)
{
	(void)si;
	printf("badmem: touching 0x3e00000000, which no one gave me\n");
	volatile unsigned long *p = (volatile unsigned long *)0x3e00000000UL;
	*p = 42;
	printf("badmem: BUG: still running\n");
	return 0;
}
