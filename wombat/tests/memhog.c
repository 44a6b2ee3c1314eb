/*
 * A memory hog: allocates and touches 1 MiB blocks until Linux's OOM killer
 * ends it (it must not end anything outside Linux).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	for (long mib = 1;; mib++) {
		char *p = malloc(1 << 20);
		if (!p) {
			printf("memhog: malloc failed after %ld MiB\n", mib - 1);
			return 2;
		}
		memset(p, (int)mib, 1 << 20);
		if (mib % 16 == 0) {
			printf("memhog: %ld MiB\n", mib);
			fflush(stdout);
		}
	}
}
