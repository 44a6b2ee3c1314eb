/* Host tests of vformat against the C library's printf. */
#include <string.h>
#include <stdint.h>
#include "check.h"
#include "fmt.h"

#define SAME(...) do { char a[128], b[128]; lib_snprintf(a, sizeof a, __VA_ARGS__); \
	our_snprintf(b, sizeof b, __VA_ARGS__); CHECK(!strcmp(a, b)); \
	if (strcmp(a, b)) printf("    '%s' vs '%s'\n", a, b); } while (0)
int our_snprintf(char *buf, size_t n, const char *fmt, ...);
#define lib_snprintf __builtin_snprintf

static void numbers(void)
{
	SAME("%d %i %u", -42, 17, 4000000000u);
	SAME("%x %X %lx", 0xbeef, 0xbeef, 0x123456789abcUL);
	SAME("%5d|%-5d|%05d", 42, 42, 42);
	SAME("%ld %lu", (long)INT64_MIN, (unsigned long)UINT64_MAX);
	SAME("%d", 0);
	SAME("%016lx", 0xabcUL);
}

static void strings(void)
{
	SAME("%s|%10s|%-10s|", "abc", "abc", "abc");
	SAME("%c%c%%", 'x', 'y');
	char small[4];
	int n = our_snprintf(small, sizeof small, "%s", "abcdef");
	CHECK(n == 6 && !strcmp(small, "abc"));
}

int main(void)
{
	RUN("fmt", numbers);
	RUN("fmt", strings);
	return check_total_failed;
}
