/* Root task of the kernel test image: runs every registered test and reports. */
#include "ktest.h"

extern const struct ktest __start_ktests[], __stop_ktests[];
int kt_failed;
void env_init(struct l4_bootinfo *bi);

void kt_fail(const char *file, int line, const char *expr, l4_word a, l4_word b)
{
	printf("    check failed: %s (%s:%d)", expr, file, line);
	if (a || b)
		printf(" [%lx vs %lx]", a, b);
	printf("\n");
	kt_failed = 1;
}

void exit(int code)
{
	stdio_flush();
	l4_shutdown(code ? 2 : 0);
	for (;;)
		;
}

int main(struct l4_bootinfo *bi)
{
	env_init(bi);
	int n = (int)(__stop_ktests - __start_ktests), passed = 0, failed = 0;
	printf("KTEST-BEGIN %d tests, fastpath %s\n", n, l4_kinfo(L4_KI_FASTPATH) ? "on" : "off");
	l4_word frames0 = l4_kinfo(L4_KI_FREE_FRAMES), nodes0 = l4_kinfo(L4_KI_MAPNODES);
	l4_word threads0 = l4_kinfo(L4_KI_THREADS), spaces0 = l4_kinfo(L4_KI_SPACES);
	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++) {
		kt_failed = 0;
		pager_hook = NULL;
		exc_hook = NULL;
		t->fn();
		printf("TEST %-36s %s  # %s\n", t->name, kt_failed ? "FAIL" : "PASS", t->desc);
		kt_failed ? failed++ : passed++;
	}
	/* Everything the tests made must be gone again. */
	l4_word frames1 = l4_kinfo(L4_KI_FREE_FRAMES), nodes1 = l4_kinfo(L4_KI_MAPNODES);
	l4_word threads1 = l4_kinfo(L4_KI_THREADS), spaces1 = l4_kinfo(L4_KI_SPACES);
	/* Tests may unmap heap pages of their own: fewer nodes, and a slab
	 * page emptied by that goes back to the pool (a frame per node at most). */
	bool clean = frames1 >= frames0 && frames1 - frames0 <= nodes0 - nodes1 && threads0 == threads1 &&
		     spaces0 == spaces1 && nodes1 <= nodes0;
	printf("TEST %-36s %s  # kernel frames %lu->%lu, threads %lu->%lu, spaces %lu->%lu, map nodes %lu->%lu\n",
	       "no_leaks", clean ? "PASS" : "FAIL", frames0, frames1, threads0, threads1,
	       spaces0, spaces1, nodes0, nodes1);
	clean ? passed++ : failed++;
	printf("KTEST-END %d passed, %d failed, %d expected\n", passed, failed, n + 1);
	exit(failed != 0);
	return 0;
}
