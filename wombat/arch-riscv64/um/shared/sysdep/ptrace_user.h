/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: register offsets for host-side code. */
#include <generated/user_constants.h>

#define PT_OFFSET(r) ((r) * sizeof(long))

/* The number is in a7 (riscv Linux's ABI); a0 is the result. */
#define PT_SYSCALL_NR(regs) ((regs)[HOST_A7])
#define PT_SYSCALL_NR_OFFSET PT_OFFSET(HOST_A7)
#define PT_SYSCALL_RET_OFFSET PT_OFFSET(HOST_A0)

#define REGS_IP_INDEX HOST_IP
#define REGS_SP_INDEX HOST_SP

#define FP_SIZE HOST_FP_SIZE
