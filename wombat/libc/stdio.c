// SPDX-License-Identifier: GPL-2.0
/* Wombat libc: printf, formatted by the kernel's own vscnprintf (lib/vsprintf.c)
 * and written to the console (fd 1). */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

/* lib/vsprintf.c; the kernel-side prototype, repeated for this host-side file. */
extern int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);

int vprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vscnprintf(buf, sizeof(buf), fmt, ap);

	return write(1, buf, n) < 0 ? -1 : n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
