/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat riscv64 UML: the system calls of arch/um's process stub
 * (skas/clone.c), which runs in a host child process under os-Linux.
 * os-L4 creates task spaces through Iguana and never runs the stub; it is
 * compiled all the same.
 */
#ifndef __SYSDEP_STUB_H
#define __SYSDEP_STUB_H

#include <asm/unistd.h>
#include <sys/mman.h>
#include <signal.h>
#include <as-layout.h>
#include <stub-data.h>

static inline long stub_syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	register long r7 __asm__("a7") = nr;
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r2 __asm__("a2") = a2;
	register long r3 __asm__("a3") = a3;
	register long r4 __asm__("a4") = a4;
	register long r5 __asm__("a5") = a5;

	__asm__ volatile("ecall" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
			 : "memory");
	return r0;
}

#define stub_syscall0(n) stub_syscall6(n, 0, 0, 0, 0, 0, 0)
#define stub_syscall2(n, a, b) stub_syscall6(n, a, b, 0, 0, 0, 0)
#define stub_syscall3(n, a, b, c) stub_syscall6(n, a, b, c, 0, 0, 0)
#define stub_syscall4(n, a, b, c, d) stub_syscall6(n, a, b, c, d, 0, 0)
#define stub_syscall5(n, a, b, c, d, e) stub_syscall6(n, a, b, c, d, e, 0)

static inline void trap_myself(void)
{
	__asm__ volatile("ebreak");
}

static inline void remap_stack_and_trap(void)
{
	trap_myself();
}

static inline __attribute__((always_inline)) void *get_stub_page(void)
{
	unsigned long sp;

	__asm__ volatile("mv %0, sp" : "=r"(sp));
	return (void *)(sp & ~(UM_KERN_PAGE_SIZE - 1));
}

extern void stub_segv_handler(int, siginfo_t *, void *);
extern void stub_clone_handler(void);

#endif
