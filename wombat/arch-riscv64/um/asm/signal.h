/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: riscv's signal numbers and frames (the generic ones;
 * riscv's asm/signal.h declares its own entry code's do_work_pending).
 * user_regs_struct first: asm/sigcontext.h's <asm/ptrace.h> is arch/um's. */
#ifndef __UM_RISCV64_SIGNAL_H
#define __UM_RISCV64_SIGNAL_H
#include <uapi/asm/ptrace.h>
#include <uapi/asm/signal.h>
#endif
