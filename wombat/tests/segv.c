/* Touches address 0: Linux must deliver SIGSEGV to this process only. */
#include <stdio.h>

int main(void)
{
	printf("segv: writing to address 0\n");
	fflush(stdout);
	*(volatile int *)0 = 1;
	printf("segv: still alive (wrong)\n");
	return 0;
}
