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
#include <os.h>
#include "wombat.h"

int create_mem_file(unsigned long long len)
{
	(void)len;
	WOMBAT_TODO();
}

int os_map_memory(void *virt, int fd, unsigned long long off, unsigned long len,
		  int r, int w, int x)
{
	(void)virt;
	(void)fd;
	(void)off;
	(void)len;
	(void)r;
	(void)w;
	(void)x;
	WOMBAT_TODO();
}

int os_protect_memory(void *addr, unsigned long len, int r, int w, int x)
{
	(void)addr;
	(void)len;
	(void)r;
	(void)w;
	(void)x;
	WOMBAT_TODO();
}

int os_unmap_memory(void *addr, int len)
{
	(void)addr;
	(void)len;
	WOMBAT_TODO();
}
