// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: interrupt sources (replaces os-Linux irq.c and sigio.c).
 *
 * arch/um registers "fds" with an epoll set and is told which are ready
 * after SIGIO.  Here the table holds the registrations, and a channel's
 * notification bit makes its fds ready: the console's fds 0-2 on
 * WOMBAT_EV_IO, the network card's WOMBAT_NET_FD on WOMBAT_EV_NET, the
 * disk's WOMBAT_BLK_FD on WOMBAT_EV_BLK.
 * No helper threads here (the disk's agent, blkhost.c, makes driver calls only).
 */
#include <os.h>
#include "wombat.h"
#include <errno.h>

/* The fd table that stands in for epoll: each channel will map to a notification bit. */
#define MAX_FDS 16
#define WOMBAT_EPOLL_FD 101
struct fd_event { int used, fd, events; void *data; };
static struct fd_event fds[MAX_FDS];
static int triggered[MAX_FDS], ntriggered;
static unsigned long ready;      /* notification bits arrived, not yet handed out */

/* The notification bit that makes fd ready, -1 if none. */
static int fd_event(int fd)
{
	if (fd >= 0 && fd <= 2)
		return WOMBAT_EV_IO;
	return fd == WOMBAT_NET_FD ? WOMBAT_EV_NET : fd == WOMBAT_NATIVE_FD ? WOMBAT_EV_NATIVE :
	       fd == WOMBAT_BLK_FD ? WOMBAT_EV_BLK : -1;
}

void wombat_io_ready(unsigned long bits)
{
	ready |= bits;
}

int os_setup_epoll(void)
{
	return WOMBAT_EPOLL_FD;
}

int os_add_epoll_fd(int events, int fd, void *data)
{
	for (int i = 0; i < MAX_FDS; i++)
		if (!fds[i].used) {
			fds[i] = (struct fd_event){ 1, fd, events, data };
			return 0;
		}
	return -ENOSPC;
}

int os_del_epoll_fd(int fd)
{
	for (int i = 0; i < MAX_FDS; i++)
		if (fds[i].used && fds[i].fd == fd)
			fds[i].used = 0;
	return 0;
}

/* Called in a loop by sigio_handler() until it returns 0: a channel's fds
 * count as ready once per notification (the console's driver reads them
 * until "EAGAIN", which re-arms it; the network's polls its ring). */
int os_waiting_for_events_epoll(void)
{
	unsigned long bits = ready;

	ready = 0;
	ntriggered = 0;
	for (int i = 0; i < MAX_FDS; i++) {
		int ev = fds[i].used ? fd_event(fds[i].fd) : -1;

		if (ev >= 0 && (bits & (1UL << ev)))
			triggered[ntriggered++] = i;
	}
	return ntriggered;
}

void *os_epoll_get_data_pointer(int index)
{
	return index < ntriggered ? fds[triggered[index]].data : NULL;
}

int os_epoll_triggered(int index, int events)
{
	return index < ntriggered ? fds[triggered[index]].events & events : 0;
}

int os_event_mask(enum um_irq_type irq_type)
{
	return irq_type == IRQ_READ ? 0x201b : irq_type == IRQ_WRITE ? 0x4 : 0;   /* EPOLLIN|PRI|ERR|HUP|RDHUP, EPOLLOUT */
}

void os_set_ioignore(void)
{
	/* No SIGIO to ignore. */
}

void os_close_epoll_fd(void)
{
	for (int i = 0; i < MAX_FDS; i++)
		fds[i].used = 0;
}

int ignore_sigio_fd(int fd)
{
	(void)fd;
	return 0;
}

void maybe_sigio_broken(int fd)
{
	(void)fd;
}
