/* Host tests of the small libc's malloc: reuse, coalescing, exhaustion, strtoul. */
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include "check.h"

void our_heap_init(void *base, size_t size);
void *our_malloc(size_t n);
void *our_calloc(size_t n, size_t s);
void our_free(void *p);
unsigned long our_strtoul(const char *s, char **end, int base);
static char heap[1 << 16] __attribute__((aligned(16)));

static void basic(void)
{
	our_heap_init(heap, sizeof heap);
	char *a = our_malloc(100), *b = our_malloc(200);
	CHECK(a && b && a != b);
	CHECK(((uintptr_t)a & 15) == 0 && ((uintptr_t)b & 15) == 0);
	memset(a, 1, 100);
	memset(b, 2, 200);
	CHECK(a[99] == 1 && b[0] == 2);
	CHECK(our_malloc(0) == NULL);
	our_free(a);
	our_free(b);
}

static void coalesce(void)
{
	our_heap_init(heap, sizeof heap);
	void *p[32];
	for (int i = 0; i < 32; i++)
		CHECK((p[i] = our_malloc(1000)) != NULL);
	CHECK(our_malloc(40000) == NULL);          /* fragmented/used up */
	for (int i = 0; i < 32; i += 2)
		our_free(p[i]);
	for (int i = 1; i < 32; i += 2)
		our_free(p[i]);
	void *big = our_malloc(60000);             /* only possible if all merged */
	CHECK(big != NULL);
	our_free(big);
}

static void exhaustion(void)
{
	our_heap_init(heap, sizeof heap);
	int n = 0;
	while (our_malloc(4096))
		n++;
	CHECK(n >= 14 && n <= 16);
	CHECK(our_calloc((size_t)1 << 62, 16) == NULL);
}

static void conversions(void)
{
	CHECK(our_strtoul("1234", NULL, 10) == 1234);
	CHECK(our_strtoul("0x1f", NULL, 0) == 31);
	char *end;
	CHECK(our_strtoul("77zz", &end, 10) == 77 && *end == 'z');
}

int main(void)
{
	RUN("malloc", basic);
	RUN("malloc", coalesce);
	RUN("malloc", exhaustion);
	RUN("malloc", conversions);
	return check_total_failed;
}
