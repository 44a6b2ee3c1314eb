// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: a driver domain's buffer made Linux's (kernel side; the
 * disk's, blk.c, and the network card's, net.c).
 *
 * The buffer is a section Iguana placed in the one shared layout, usually
 * inside what Linux takes for its vmalloc range: that exact range is
 * reserved there (no guard page), so nothing of Linux's is ever mapped over
 * it, and blkhost.c marks it foreign to os-L4's unmaps and faults its
 * pages in from the pager (docs/disk.md).  A restarted driver's new buffer
 * often lands where its predecessor's was (Iguana freed that range and
 * places the same size there again): a range reserved before, exactly, is
 * taken as it is, its pages faulted in afresh.
 */
#include <linux/kernel.h>
#include <linux/pgtable.h>
#include <linux/vmalloc.h>

int wombat_blk_map(unsigned long buf, unsigned long size);   /* blkhost.c */
int wombat_foreign(unsigned long addr, unsigned long end, unsigned long *fbase, unsigned long *fend);

int wombat_driver_buffer(unsigned long b, unsigned long size, const char *who)
{
	struct vm_struct *area;
	unsigned long fb, fe;
	/* Reserved before: exactly a foreign range of blkhost.c's table. */
	int known = wombat_foreign(b, b + size, &fb, &fe) && fb == b && fe == b + size;

	if (!known && b < VMALLOC_END && b + size > VMALLOC_START) {
		area = __get_vm_area_caller(size, VM_NO_GUARD, b, b + size, __builtin_return_address(0));
		if (!area || (unsigned long)area->addr != b) {
			pr_err("%s: the driver's buffer at 0x%lx is in use in Linux's vmalloc range (0x%lx-0x%lx)\n",
			       who, b, VMALLOC_START, VMALLOC_END);
			if (area)
				free_vm_area(area);
			return -EBUSY;
		}
	}
	if (wombat_blk_map(b, size)) {
		pr_err("%s: no room for another driver buffer\n", who);
		return -ENOSPC;
	}
	return 0;
}
