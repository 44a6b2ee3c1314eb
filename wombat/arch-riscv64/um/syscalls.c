// SPDX-License-Identifier: GPL-2.0
/* Wombat riscv64 UML: the system calls riscv Linux implements itself. */
#include <linux/mm.h>
#include <linux/syscalls.h>

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len,
		unsigned long, prot, unsigned long, flags,
		unsigned long, fd, unsigned long, off)
{
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return ksys_mmap_pgoff(addr, len, prot, flags, fd, off >> PAGE_SHIFT);
}

/* Code a process wrote becomes visible to its instruction fetches.  One
 * hart: Wombat's own fence.i orders every store before it with every
 * fetch after it, on whichever address space the hart runs next. */
SYSCALL_DEFINE3(riscv_flush_icache, uintptr_t, start, uintptr_t, end,
		uintptr_t, flags)
{
	if (flags & ~1UL)       /* SYS_RISCV_FLUSH_ICACHE_LOCAL is the only flag */
		return -EINVAL;
	asm volatile("fence.i" ::: "memory");
	return 0;
}
