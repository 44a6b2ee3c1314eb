// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat riscv64 UML: constants of the user register layout for host-side
 * code (include/generated/user_constants.h).
 *
 * uml_pt_regs.gp is the microkernel's vCPU frame (Linux's user_regs_struct:
 * pc, then x1-x31, so that xn is word n; then the flags word, always 0 on
 * RISC-V), followed by two words of Linux's own: orig_a0 (a0 is both the
 * first argument and the result: a restarted system call needs the
 * argument back) and a spare word.  tp (x4) is the process's TLS pointer
 * and gp (x3) its own global pointer: ordinary frame words.
 */
#include <stddef.h>
#include <signal.h>
#include <poll.h>
#include <sys/mman.h>
#include <asm/ptrace.h>
#include <linux/kbuild.h>

#define WORD(r) (offsetof(struct user_regs_struct, r) / 8)

void foo(void)
{
	DEFINE(HOST_IP, WORD(pc));
	DEFINE(HOST_RA, WORD(ra));
	DEFINE(HOST_SP, WORD(sp));
	DEFINE(HOST_GP, WORD(gp));
	DEFINE(HOST_TP, WORD(tp));
	DEFINE(HOST_S0, WORD(s0));
	DEFINE(HOST_A0, WORD(a0));
	DEFINE(HOST_A7, WORD(a7));
	DEFINE(HOST_FLAGS, sizeof(struct user_regs_struct) / 8);
	DEFINE(HOST_ORIG_A0, sizeof(struct user_regs_struct) / 8 + 1);
	DEFINE(UM_FRAME_SIZE, sizeof(struct user_regs_struct) + 4 * 8);
	/* f0-f31, fcsr: the microkernel's image (its first 264 bytes) */
	DEFINE(HOST_FP_SIZE, (sizeof(struct __riscv_d_ext_state) + 7) / 8);

	DEFINE(UM_POLLIN, POLLIN);
	DEFINE(UM_POLLPRI, POLLPRI);
	DEFINE(UM_POLLOUT, POLLOUT);

	DEFINE(UM_PROT_READ, PROT_READ);
	DEFINE(UM_PROT_WRITE, PROT_WRITE);
	DEFINE(UM_PROT_EXEC, PROT_EXEC);
}
