// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat libc: file descriptors.  There are no host files: fds 0, 1 and 2
 * are the console (output through wombat_console_write, input through
 * wombat_console_read, which never blocks),
 * everything else is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "wombat_libc.h"

void (*wombat_console_write)(const char *buf, size_t len);

static int libc_errno;

int *__errno_location(void)
{
	return &libc_errno;
}

static int fail(int err)
{
	libc_errno = err;
	return -1;
}

static int is_console(int fd)
{
	return fd >= 0 && fd <= 2;
}

ssize_t write(int fd, const void *buf, size_t count)
{
	if (fd != 1 && fd != 2)
		return fail(EBADF);
	if (wombat_console_write != NULL && count > 0)
		wombat_console_write(buf, count);
	return count;
}

long (*wombat_console_read)(char *buf, size_t len);

ssize_t read(int fd, void *buf, size_t count)
{
	long n;

	if (!is_console(fd))
		return fail(EBADF);
	/* The console is non-blocking; more input arrives as an interrupt. */
	if (wombat_console_read == NULL || count == 0 || (n = wombat_console_read(buf, count)) < 0)
		return fail(EAGAIN);
	return n;
}

int close(int fd)
{
	return is_console(fd) ? 0 : fail(EBADF);
}

int open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	return fail(ENOSYS);
}

/* The console's only ioctl: its window size. A serial line has none to
 * report; 24 rows of 80 columns, the terminal default, rather than 0x0
 * (full-screen programs would draw nothing). */
int ioctl(int fd, int request, ...)
{
	if (is_console(fd) && (unsigned)request == TIOCGWINSZ) {
		va_list ap;
		struct winsize *w;

		va_start(ap, request);
		w = va_arg(ap, struct winsize *);
		va_end(ap);
		w->ws_row = 24;
		w->ws_col = 80;
		w->ws_xpixel = w->ws_ypixel = 0;
		return 0;
	}
	return fail(is_console(fd) ? ENOTTY : EBADF);
}

/* 0 switches off the termios and SIGWINCH paths of the console drivers. */
int isatty(int fd)
{
	fail(is_console(fd) ? ENOTTY : EBADF);
	return 0;
}

pid_t setsid(void)
{
	return fail(ENOSYS);
}
