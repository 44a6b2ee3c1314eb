// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat os-L4: Linux's "physical memory" (replaces os-Linux mem.c and the
 * memory half of process.c).
 *
 * Physical memory will be a memory section that Iguana gives Wombat, mapped
 * contiguously after the kernel image; the "mem file" is a pseudo-fd for
 * it, and mapping physical page `off` at `virt` is a map of Wombat's own
 * page __va(off) to `virt` (a no-op for the identity mapping, an alias for
 * vmalloc, kmap and iomem).
 */
#include <errno.h>
#include <os.h>
#include <l4/syscalls.h>
#include "wombat.h"

int create_mem_file(unsigned long long len)
{
	(void)len;
	return WOMBAT_PHYSMEM_FD;
}

int os_map_memory(void *virt, int fd, unsigned long long off, unsigned long len,
		  int r, int w, int x)
{
	unsigned long src = WOMBAT_PHYS_BASE + off, dst = (unsigned long)virt;
	unsigned rights = (r ? L4_R : 0) | (w ? L4_W : 0) | (x ? L4_X : 0);
	if (fd != WOMBAT_PHYSMEM_FD)
		return -EBADF;
	if (src == dst)
		return 0;                     /* the identity map: Iguana mapped it already */
	/* (task spaces' mappings are evicted if the kernel needs the memory) */
	if (wombat_map_to(l4_kinfo(L4_KI_MYSPACE), src & ~4095UL, dst & ~4095UL, (len + 4095) / 4096,
			  rights | L4_R) != L4_OK)
		return -ENOMEM;
	return 0;
}

/* Takes rights from Wombat's own mappings in [start, end), page-aligned,
 * except in foreign ranges (the disk buffer, blkhost.c): Linux unmaps whole
 * kernel ranges (its vmalloc range) where it thinks nothing of its own is. */
static void unmap_own(unsigned long start, unsigned long end, unsigned rights)
{
	unsigned long fb, fe;

	while (start < end && wombat_foreign(start, end, &fb, &fe)) {
		if (fb > start)
			l4_unmap(start, (fb - start) / 4096, rights);
		start = fe;
	}
	if (start < end)
		l4_unmap(start, (end - start) / 4096, rights);
}

int os_protect_memory(void *addr, unsigned long len, int r, int w, int x)
{
	/* Taking rights away is an unmap of our own mapping with those rights; giving them
	 * back would need a remap from Iguana: not needed yet. */
	unsigned revoke = (w ? 0 : L4_W) | (x ? 0 : L4_X);
	(void)r;
	if (revoke)
		unmap_own((unsigned long)addr & ~4095UL, ((unsigned long)addr + len + 4095) & ~4095UL,
			  revoke | L4_UNMAP_SELF);
	return 0;
}

int os_unmap_memory(void *addr, int len)
{
	unmap_own((unsigned long)addr & ~4095UL, ((unsigned long)addr + (unsigned long)len + 4095) & ~4095UL,
		  L4_RWX | L4_UNMAP_SELF);
	return 0;
}

/* The top of a task's address space, from which arch/um derives TASK_SIZE
 * (rounded down to its PGDIR_SIZE, 1 GiB, after a stub page it never maps
 * here): user mappings lie below the microkernel's UTCB area on every
 * architecture, so tasks end at 254 GiB. */
unsigned long os_get_top_address(void)
{
	return L4_UTCB_AREA;
}
