/* hello: the smallest Iguana domain; prints its name and arguments and exits. */
#include <iguana/libiguana.h>
#include <stdio.h>

int main(struct ig_startinfo *si)
{
	printf("hello from domain '%s' (args '%s')\n", si->name, si->args);
	return 0;
}
