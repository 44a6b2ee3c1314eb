/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat's minimal libc: the few C library functions that the unchanged
 * arch/um code (drivers/chan_user.c, fd.c, null.c, kernel/config.c, um_arch.c,
 * mem.c, x86/um/ptrace_user.c, ...) still calls once os-Linux is replaced by
 * os-L4.  Compiled against musl's headers in the Wombat sysroot.
 *
 * The host layer plugs the platform in through two hooks; until it does,
 * console output is dropped and exit() traps (on the microkernel an
 * exception IPC to the domain's handler, which ends the domain).
 */
#ifndef WOMBAT_LIBC_H
#define WOMBAT_LIBC_H

#include <stddef.h>

/* Writes console bytes (fds 1 and 2): the kernel debug console first, the
 * serial server by IPC later.  NULL: output is dropped. */
extern void (*wombat_console_write)(const char *buf, size_t len);

/* Ends the Wombat domain (an IPC to Iguana).  NULL: exit() traps. */
extern void (*wombat_exit_hook)(int status);

/* Size of the sbrk() area after the image: the loader reserves
 * [_end, _end + WOMBAT_SBRK_MAX) and arch/um puts physical memory above it. */
#define WOMBAT_SBRK_MAX (4UL << 20)

#endif
