/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4: internal declarations of the host layer.
 *
 * os-L4 replaces arch/um/os-Linux: the functions the rest of arch/um calls
 * through <os.h> and friends.  At this stage most of them are stubs that
 * name themselves and stop Wombat; wombat/README.md lists each one with the
 * microkernel primitive that will implement it.
 */
#ifndef WOMBAT_OS_L4_H
#define WOMBAT_OS_L4_H

/* Reports on the console that host-layer function fn has no microkernel
 * implementation yet, then ends Wombat. */
void wombat_unimplemented(const char *fn) __attribute__((noreturn));

#define WOMBAT_TODO() wombat_unimplemented(__func__)

/* Linux's physical memory: the "mem file" is this pseudo-fd; physical
 * address p lives at WOMBAT_PHYS_BASE + p (the image, then Iguana's RAM section). */
#define WOMBAT_PHYSMEM_FD 100
#define WOMBAT_PHYS_BASE  0x60000000UL

/* vCPU event bits (notification bits of the Wombat thread). */
#define WOMBAT_EV_TIMER 0
#define WOMBAT_EV_IO    1

#endif
