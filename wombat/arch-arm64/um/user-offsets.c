// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat arm64 UML: constants of the user register layout for host-side
 * code (include/generated/user_constants.h).
 *
 * uml_pt_regs.gp is the microkernel's vCPU frame (Linux's user_pt_regs:
 * x0-x30, sp, pc, pstate; then TPIDR_EL0 and TPIDRRO_EL0), followed by two
 * words of Linux's own: orig_x0 (x0 is both the first argument and the
 * result: a restarted system call needs the argument back) and the system
 * call number of the current system call (-1 when not in one).
 */
#include <stddef.h>
#include <signal.h>
#include <poll.h>
#include <sys/mman.h>
#include <asm/ptrace.h>
#include <linux/kbuild.h>

void foo(void)
{
	DEFINE(HOST_X0, 0);
	DEFINE(HOST_X8, 8);
	DEFINE(HOST_FP, 29);
	DEFINE(HOST_LR, 30);
	DEFINE(HOST_SP, offsetof(struct user_pt_regs, sp) / 8);
	DEFINE(HOST_IP, offsetof(struct user_pt_regs, pc) / 8);
	DEFINE(HOST_PSTATE, offsetof(struct user_pt_regs, pstate) / 8);
	DEFINE(HOST_TPIDR, sizeof(struct user_pt_regs) / 8);
	DEFINE(HOST_TPIDRRO, sizeof(struct user_pt_regs) / 8 + 1);
	DEFINE(HOST_ORIG_X0, sizeof(struct user_pt_regs) / 8 + 2);
	DEFINE(HOST_SYSCALLNO, sizeof(struct user_pt_regs) / 8 + 3);
	DEFINE(UM_FRAME_SIZE, sizeof(struct user_pt_regs) + 4 * 8);
	/* q0-q31, FPSR, FPCR: the microkernel's image (user_fpsimd_state) */
	DEFINE(HOST_FP_SIZE, sizeof(struct user_fpsimd_state) / 8);

	DEFINE(UM_POLLIN, POLLIN);
	DEFINE(UM_POLLPRI, POLLPRI);
	DEFINE(UM_POLLOUT, POLLOUT);

	DEFINE(UM_PROT_READ, PROT_READ);
	DEFINE(UM_PROT_WRITE, PROT_WRITE);
	DEFINE(UM_PROT_EXEC, PROT_EXEC);
}
