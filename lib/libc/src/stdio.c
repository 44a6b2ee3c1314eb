/* printf for user programs: a line buffer flushed to a settable writer. */
#include <stdio.h>
#include <string.h>
#include <l4/syscalls.h>

static void kdebug_write(const char *buf, size_t len)
{
	struct l4_utcb *u = l4_utcb();
	while (len) {
		size_t n = len < sizeof(u->xfer) ? len : sizeof(u->xfer);
		memcpy(u->xfer, buf, n);
		l4_kdebug(n);
		buf += n;
		len -= n;
	}
}

static void (*writer)(const char *, size_t) = kdebug_write;
static char line[256];
static size_t used;

void stdio_set_output(void (*write)(const char *buf, size_t len)) { writer = write; }

void stdio_flush(void)
{
	if (used)
		writer(line, used);
	used = 0;
}

static void out(char c, void *arg)
{
	(void)arg;
	line[used++] = c;
	if (c == '\n' || used == sizeof(line))
		stdio_flush();
}

int vprintf(const char *fmt, va_list ap)
{
	int n = vformat(out, NULL, fmt, ap);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	return printf("%s\n", s);
}
