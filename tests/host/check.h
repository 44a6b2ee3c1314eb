/* Minimal host unit-test harness: each test prints PASS|FAIL host.<suite>.<name>. */
#ifndef HOST_CHECK_H
#define HOST_CHECK_H
#include <stdio.h>
static int check_failed, check_total_failed;
#define CHECK(c) do { if (!(c)) { printf("    %s:%d: check failed: %s\n", __FILE__, __LINE__, #c); check_failed = 1; } } while (0)
#define RUN(suite, fn) do { check_failed = 0; fn(); \
	printf("%s host.%s.%s\n", check_failed ? "FAIL" : "PASS", suite, #fn); \
	check_total_failed |= check_failed; } while (0)
#endif
