/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat riscv64 UML: the ptrace requests arch/um's ptrace.c names.  riscv
 * has no SYSEMU and no thread areas (both answer -EIO/-ENOSYS there); the
 * numbers are x86's, unused by riscv.  No PTRACE_GETREGS: riscv's
 * debuggers use regsets (not provided yet) and PEEKUSR.
 */
#ifndef __UM_RISCV64_PTRACE_ABI_H
#define __UM_RISCV64_PTRACE_ABI_H

#define PTRACE_GET_THREAD_AREA    25
#define PTRACE_SET_THREAD_AREA    26
#define PTRACE_SYSEMU             31
#define PTRACE_SYSEMU_SINGLESTEP  32

#endif
