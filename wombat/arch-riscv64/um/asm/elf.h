/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat riscv64 UML: ELF loading of riscv64 programs (asm/elf.h). */
#ifndef __UM_ELF_RISCV64_H
#define __UM_ELF_RISCV64_H

#include <skas.h>
#include <generated/user_constants.h>

#define elf_check_arch(x) ((x)->e_machine == EM_RISCV)

#define ELF_CLASS	ELFCLASS64
#define ELF_DATA	ELFDATA2LSB
#define ELF_ARCH	EM_RISCV

/* As riscv's start_thread: every register zero but pc and sp (a0, the
 * atexit function of the psABI, included: none). */
#define ELF_PLAT_INIT(regs, load_addr) do { \
	memset((regs)->regs.gp, 0, (HOST_FLAGS + 1) * sizeof(unsigned long)); \
} while (0)

typedef unsigned long elf_greg_t;

#define ELF_NGREG 32        /* struct user_regs_struct */
typedef elf_greg_t elf_gregset_t[ELF_NGREG];

typedef struct { unsigned long w[HOST_FP_SIZE]; } elf_fpregset_t;

/* A core dump's FP registers: arch/um's elf_core_copy_fpregs (the image
 * of os-L4/riscv64's save_i387_registers), as x86's elf.h does. */
extern int elf_core_copy_fpregs(struct task_struct *t, elf_fpregset_t *fpu);
#define ELF_CORE_COPY_FPREGS(t, fpu) elf_core_copy_fpregs(t, fpu)

#define ELF_CORE_COPY_REGS(pr_reg, _regs) \
	memcpy(pr_reg, (_regs)->regs.gp, sizeof(elf_gregset_t));

#define ELF_PLATFORM NULL

/* No user-accessible fixmap addresses */
#define FIXADDR_USER_START      0
#define FIXADDR_USER_END        0

/* The signal return trampoline page (sigtramp.c): handlers return to it
 * (riscv Linux gives the vDSO's __vdso_rt_sigreturn). */
#define ARCH_HAS_SETUP_ADDITIONAL_PAGES 1
struct linux_binprm;
extern int arch_setup_additional_pages(struct linux_binprm *bprm, int uses_interp);

/* The vDSO (sigtramp.c, os-L4/vdso). */
#define ARCH_DLINFO NEW_AUX_ENT(AT_SYSINFO_EHDR, current->mm->context.arch.vdso)

#define ELF_EXEC_PAGESIZE 4096

#define ELF_ET_DYN_BASE (TASK_SIZE / 3 * 2)

/* AT_HWCAP: one bit per single-letter extension ('a' is bit 0): IMAFDC,
 * what QEMU's virt CPU gives user code and the microkernel switches. */
#define RV_HWCAP(c) (1UL << ((c) - 'a'))
#define ELF_HWCAP (RV_HWCAP('i') | RV_HWCAP('m') | RV_HWCAP('a') | \
		   RV_HWCAP('f') | RV_HWCAP('d') | RV_HWCAP('c'))

#define SET_PERSONALITY(ex) do {} while (0)

#endif
