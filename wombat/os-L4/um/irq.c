// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: interrupt sources (replaces os-Linux irq.c and sigio.c).
 *
 * arch/um registers "fds" with an epoll set and is told which are ready
 * after SIGIO.  Here an fd table will map each channel (console, later block
 * and network) to a notification bit; "epoll_wait(0)" reads and clears the
 * pending bits, and os_set_fd_async() binds the channel's notification to
 * the vCPU.  No helper threads.
 */
#include <os.h>
#include "wombat.h"

int os_setup_epoll(void)
{
	WOMBAT_TODO();
}

int os_add_epoll_fd(int events, int fd, void *data)
{
	(void)events;
	(void)fd;
	(void)data;
	WOMBAT_TODO();
}

int os_del_epoll_fd(int fd)
{
	(void)fd;
	WOMBAT_TODO();
}

int os_waiting_for_events_epoll(void)
{
	WOMBAT_TODO();
}

void *os_epoll_get_data_pointer(int index)
{
	(void)index;
	WOMBAT_TODO();
}

int os_epoll_triggered(int index, int events)
{
	(void)index;
	(void)events;
	WOMBAT_TODO();
}

int os_event_mask(enum um_irq_type irq_type)
{
	(void)irq_type;
	WOMBAT_TODO();
}

void os_set_ioignore(void)
{
	WOMBAT_TODO();
}

void os_close_epoll_fd(void)
{
	WOMBAT_TODO();
}

int ignore_sigio_fd(int fd)
{
	(void)fd;
	WOMBAT_TODO();
}

void maybe_sigio_broken(int fd)
{
	(void)fd;
	WOMBAT_TODO();
}
