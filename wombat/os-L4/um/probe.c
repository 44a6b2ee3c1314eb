// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: the confinement probe ("echo probe > /proc/wombat").  Wombat
 * tries what a compromised Linux kernel would try against the rest of the
 * system, and reports what Iguana and the microkernel let through (nothing):
 * attaching sections by guessed capabilities, deleting domains, stopping the
 * real-time task, taking the UART's interrupt, reading the real-time task's
 * memory.
 */
#include <stdio.h>
#include <string.h>
#include <os.h>
#include <l4/syscalls.h>
#include <iguana_abi.h>
#include "wombat.h"

extern struct ig_startinfo *wombat_si;
unsigned long wombat_call(unsigned long to, unsigned long op, int nargs);

/* Reads *addr; a fault there comes back as -1 (wombat_upcall resumes at
 * wombat_probe_fail when the fault address is wombat_probe_addr). */
unsigned long wombat_probe_addr;
extern char wombat_probe_fail[];
unsigned long wombat_probe_read(unsigned long addr);    /* <arch>/registers.c */

static unsigned long iguana(unsigned long op, int n, unsigned long a0, unsigned long a1, unsigned long a2)
{
	unsigned long *mr = l4_utcb()->mr;

	mr[0] = a0;
	mr[1] = a1;
	mr[2] = a2;
	return wombat_call(wombat_si->iguana_tid, op, n);
}

static unsigned long name_op(unsigned long op, const char *name)
{
	unsigned long *mr = l4_utcb()->mr;

	memset(mr, 0, IG_NAME_WORDS * 8);
	strncpy((char *)mr, name, IG_NAME_WORDS * 8 - 1);
	return wombat_call(wombat_si->iguana_tid, op, IG_NAME_WORDS);
}

void wombat_probe(void)
{
	int flags = um_set_signals(0);
	unsigned long x = l4_clock() | 1, attached = 0, deleted = 0, tries = 0;
	unsigned long stop, irq, val;

	/* Capabilities are slot | generation | 32 random bits: guess them. */
	for (unsigned long slot = 0; slot < 1024; slot++) {
		for (int g = 0; g < 2; g++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			unsigned long cap = slot | (g ? x << 16 : (x & 0xffff) << 16);
			attached += iguana(IG_MS_ATTACH, 3, wombat_si->pd_cap, cap, IG_MS_R | IG_MS_W) == IG_OK;
			deleted += iguana(IG_PD_DELETE, 1, cap, 0, 0) == IG_OK;
			tries++;
		}
	}
	stop = name_op(IG_DOMAIN_STOP, "rt");
	irq = iguana(IG_IRQ_ATTACH, 2, 4, 5, 0);
	wombat_probe_addr = 0x1800000;         /* the real-time task's image (apps/rt/base.mk) */
	val = wombat_probe_read(wombat_probe_addr);
	wombat_probe_addr = 0;
	um_set_signals(flags);
	printf("wombat probe: %lu guessed section capabilities: %lu attached; %lu guessed domain capabilities: %lu deleted\n",
	       tries, attached, tries, deleted);
	printf("wombat probe: stop the real-time task: %s; attach the UART's IRQ 4: %s\n",
	       stop == IG_EPERM ? "refused (not admin)" : "ALLOWED", irq == IG_EPERM ? "refused" : "ALLOWED");
	printf("wombat probe: read the real-time task's memory at 0x1800000: %s\n",
	       val == ~0UL ? "page fault (not mapped)" : "READ (confinement broken)");
	printf("wombat probe: %s\n", !attached && !deleted && stop == IG_EPERM && irq == IG_EPERM && val == ~0UL ?
	       "confined" : "NOT CONFINED");
}
