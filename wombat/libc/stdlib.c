// SPDX-License-Identifier: GPL-2.0
/* Wombat libc: strtoul, the sbrk bump pointer, exit, and the system calls
 * that have no meaning on the microkernel (ptrace, syscall). */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include "wombat_libc.h"

void (*wombat_exit_hook)(int status);

static int digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	const char *p = s, *first;
	unsigned long v = 0;
	int neg = 0, overflow = 0, d;

	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 0x20) == 'x' &&
	    digit(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	first = p;
	for (; (d = digit(*p)) < base; p++) {
		if (v > (ULONG_MAX - d) / base)
			overflow = 1;
		v = v * base + d;
	}
	if (end)
		*end = (char *)(p == first ? s : p);
	if (overflow) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return neg ? -v : v;
}

/* The linker script's end of the image; the sbrk area follows it. */
extern char _end[];
static char *brk_cur;

void *sbrk(intptr_t increment)
{
	char *base = (char *)(((uintptr_t)_end + 4095) & ~(uintptr_t)4095);
	char *old;

	if (brk_cur == NULL)
		brk_cur = base;
	old = brk_cur;
	if ((increment > 0 && (uintptr_t)increment > WOMBAT_SBRK_MAX - (brk_cur - base)) ||
	    (increment < 0 && (uintptr_t)-increment > (uintptr_t)(brk_cur - base))) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk_cur += increment;
	return old;
}

_Noreturn void _exit(int status)
{
	if (wombat_exit_hook != NULL)
		wombat_exit_hook(status);
	for (;;)
		__builtin_trap();
}

_Noreturn void exit(int status)
{
	_exit(status);
}

long ptrace(int request, ...)
{
	(void)request;
	errno = ENOSYS;
	return -1;
}

/* Host system calls: there is no host kernel. An architecture's host layer
 * may answer some (os-L4/x86: modify_ldt's read). */
__attribute__((weak)) long syscall(long number, ...)
{
	(void)number;
	errno = ENOSYS;
	return -1;
}
