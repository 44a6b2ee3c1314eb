// SPDX-License-Identifier: GPL-2.0
/* Wombat libc: terminal control.  The console is not a terminal (isatty() is
 * 0), so these are only reached by mistake. */
#include <errno.h>
#include <termios.h>
#include <unistd.h>

static int not_a_tty(void)
{
	errno = ENOTTY;
	return -1;
}

int tcgetattr(int fd, struct termios *t)
{
	(void)fd;
	(void)t;
	return not_a_tty();
}

int tcsetattr(int fd, int action, const struct termios *t)
{
	(void)fd;
	(void)action;
	(void)t;
	return not_a_tty();
}

pid_t tcgetpgrp(int fd)
{
	(void)fd;
	return not_a_tty();
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	(void)fd;
	(void)pgrp;
	return not_a_tty();
}
