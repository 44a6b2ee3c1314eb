// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: host files (replaces os-Linux file.c, helper.c and raw() from
 * util.c).  Wombat has no host file system: fds 0, 1 and 2 will be the
 * serial console, the physical-memory pseudo-fd is mem.c's, and everything
 * else fails with -ENOSYS (later: Iguana boot modules for initrd=).
 */
#include <errno.h>
#include <string.h>
#include <os.h>
#include "wombat.h"

int os_open_file(const char *file, struct openflags flags, int mode)
{
	(void)file;
	(void)flags;
	(void)mode;
	return -ENOSYS;
}

int os_read_file(int fd, void *buf, int len)
{
	(void)fd;
	(void)buf;
	(void)len;
	return -ENOSYS;
}

/* The only file with contents is physical memory, which already holds what
 * physmem.c writes (the syscall stub page, written onto itself). */
static unsigned long long physmem_pos;

int os_write_file(int fd, const void *buf, int count)
{
	if (fd != WOMBAT_PHYSMEM_FD)
		return -ENOSYS;
	char *dst = (char *)(WOMBAT_PHYS_BASE + physmem_pos);
	if ((const char *)buf != dst)
		memcpy(dst, buf, count);
	physmem_pos += count;
	return count;
}

void os_close_file(int fd)
{
	(void)fd;
}

int os_file_size(const char *file, unsigned long long *size_out)
{
	(void)file;
	(void)size_out;
	return -ENOSYS;
}

int os_seek_file(int fd, unsigned long long offset)
{
	if (fd != WOMBAT_PHYSMEM_FD)
		return -ENOSYS;
	physmem_pos = offset;
	return 0;
}

int os_fsync_file(int fd)
{
	return fd == WOMBAT_PHYSMEM_FD ? 0 : -ENOSYS;
}

void os_flush_stdout(void)
{
	/* The console hook is unbuffered. */
}

int os_pipe(int *fd, int stream, int close_on_exec)
{
	(void)fd;
	(void)stream;
	(void)close_on_exec;
	return -ENOSYS;
}

/* The console fds never block; nothing else is open. */
int os_set_fd_block(int fd, int blocking)
{
	(void)blocking;
	return fd >= 0 && fd <= 2 ? 0 : -EBADF;
}

/* The console's, the network's, native mode's and the disk agent's notifications are bound to the vCPU (their bits). */
int os_set_fd_async(int fd)
{
	return (fd >= 0 && fd <= 2) || fd == WOMBAT_NET_FD || fd == WOMBAT_NATIVE_FD || fd == WOMBAT_BLK_FD ? 0 : -EBADF;
}

int raw(int fd)
{
	(void)fd;
	return -ENOSYS;
}

int run_helper_thread(int (*proc)(void *), void *arg, unsigned int flags,
		      unsigned long *stack_out)
{
	(void)proc;
	(void)arg;
	(void)flags;
	(void)stack_out;
	return -ENOSYS;
}
