/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat riscv64 UML: the saved user registers (struct uml_pt_regs) and the
 * names arch/um uses for them.  gp[] is the vCPU frame (pc, x1-x31, the
 * flags word) plus orig_a0 and a spare word (user-offsets.c): xn is gp[n].
 */
#ifndef __SYSDEP_RISCV64_PTRACE_H
#define __SYSDEP_RISCV64_PTRACE_H

#include <generated/user_constants.h>
#include <sysdep/faultinfo.h>

#define MAX_REG_OFFSET (UM_FRAME_SIZE)
#define MAX_REG_NR ((MAX_REG_OFFSET) / sizeof(unsigned long))
/* The FP image, then the token saying which image the state page holds
 * (os-L4/riscv64/registers.c). */
#define MAX_FP_NR (HOST_FP_SIZE + 1)

#define REGS_IP(r) ((r)[HOST_IP])
#define REGS_SP(r) ((r)[HOST_SP])
#define REGS_X(r, n) ((r)[(n)])

#define UPT_IP(r) REGS_IP((r)->gp)
#define UPT_SP(r) REGS_SP((r)->gp)
#define UPT_X(r, n) REGS_X((r)->gp, n)
#define UPT_A(r, n) UPT_X(r, HOST_A0 + (n))
#define UPT_FP(r) UPT_X(r, HOST_S0)
#define UPT_ORIG_A0(r) ((r)->gp[HOST_ORIG_A0])

/* arch/um's handle_syscall() sets the result (a0) to -ENOSYS before the
 * call: the first argument is read from orig_a0, which the host layer
 * saves at every system call exit (as riscv Linux's entry keeps orig_a0). */
#define UPT_SYSCALL_ARG1(r) UPT_ORIG_A0(r)
#define UPT_SYSCALL_ARG2(r) UPT_A(r, 1)
#define UPT_SYSCALL_ARG3(r) UPT_A(r, 2)
#define UPT_SYSCALL_ARG4(r) UPT_A(r, 3)
#define UPT_SYSCALL_ARG5(r) UPT_A(r, 4)
#define UPT_SYSCALL_ARG6(r) UPT_A(r, 5)

struct syscall_args {
	unsigned long args[6];
};

#define SYSCALL_ARGS(r) ((struct syscall_args) \
			 { .args = { UPT_SYSCALL_ARG1(r),	 \
				     UPT_SYSCALL_ARG2(r),	 \
				     UPT_SYSCALL_ARG3(r),	 \
				     UPT_SYSCALL_ARG4(r),	 \
				     UPT_SYSCALL_ARG5(r),	 \
				     UPT_SYSCALL_ARG6(r) } } )

struct uml_pt_regs {
	unsigned long gp[MAX_REG_NR];
	unsigned long fp[MAX_FP_NR] __attribute__((aligned(16)));
	struct faultinfo faultinfo;
	long syscall;
	int is_user;
};

#define EMPTY_UML_PT_REGS { }

#define UPT_SYSCALL_NR(r) ((r)->syscall)
#define UPT_FAULTINFO(r) (&(r)->faultinfo)
#define UPT_IS_USER(r) ((r)->is_user)

/* A system call restarts at its `ecall` (4 bytes, never compressed) with
 * its first argument back in a0. */
#define UPT_RESTART_SYSCALL(r) \
	do { UPT_IP(r) -= 4; UPT_A(r, 0) = UPT_ORIG_A0(r); } while (0)

extern int user_context(unsigned long sp);

#endif
