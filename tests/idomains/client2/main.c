/* A console client writing its own stream of numbered lines. */
#include <iguana/libiguana.h>
#include <stdio.h>

int main(struct ig_startinfo *si)
{
	cons_use_for_stdio(si->name);
	for (int i = 1; i <= 5; i++) {
		printf("%s says line %d of 5: the quick brown fox jumps over the lazy dog\n", si->name, i);
		sleep_ms(3);
	}
	return 0;
}
