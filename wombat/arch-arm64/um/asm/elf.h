/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat arm64 UML: ELF loading of arm64 programs (asm/elf.h). */
#ifndef __UM_ELF_ARM64_H
#define __UM_ELF_ARM64_H

#include <skas.h>
#include <generated/user_constants.h>

#define elf_check_arch(x) ((x)->e_machine == EM_AARCH64)

#define ELF_CLASS	ELFCLASS64
#define ELF_DATA	ELFDATA2LSB
#define ELF_ARCH	EM_AARCH64

/* As arm64's start_thread: all general registers zero but sp and pc. */
#define ELF_PLAT_INIT(regs, load_addr) do { \
	memset((regs)->regs.gp, 0, HOST_SP * sizeof(unsigned long)); \
} while (0)

typedef unsigned long elf_greg_t;

#define ELF_NGREG 34        /* struct user_pt_regs */
typedef elf_greg_t elf_gregset_t[ELF_NGREG];

typedef struct { unsigned long w[HOST_FP_SIZE]; } elf_fpregset_t;

/* A core dump's FP registers: arch/um's elf_core_copy_fpregs (the image of
 * os-L4/arm64's save_i387_registers: q0-q31, FPSR, FPCR), as x86's elf.h does. */
extern int elf_core_copy_fpregs(struct task_struct *t, elf_fpregset_t *fpu);
#define ELF_CORE_COPY_FPREGS(t, fpu) elf_core_copy_fpregs(t, fpu)

#define ELF_CORE_COPY_REGS(pr_reg, _regs) \
	memcpy(pr_reg, (_regs)->regs.gp, sizeof(elf_gregset_t));

#define ELF_PLATFORM "aarch64"

/* No user-accessible fixmap addresses */
#define FIXADDR_USER_START      0
#define FIXADDR_USER_END        0

/* The signal return trampoline page (sigtramp.c): glibc's handlers return
 * to it (arm64 Linux gives the vDSO's __kernel_rt_sigreturn). */
#define ARCH_HAS_SETUP_ADDITIONAL_PAGES 1
struct linux_binprm;
extern int arch_setup_additional_pages(struct linux_binprm *bprm, int uses_interp);

/* The vDSO (sigtramp.c, os-L4/vdso). */
#define ARCH_DLINFO NEW_AUX_ENT(AT_SYSINFO_EHDR, current->mm->context.arch.vdso)

#define ELF_EXEC_PAGESIZE 4096

#define ELF_ET_DYN_BASE (TASK_SIZE / 3 * 2)

/* HWCAP_FP | HWCAP_ASIMD: what the microkernel switches (q0-q31). */
#define ELF_HWCAP (3UL)

#define SET_PERSONALITY(ex) do {} while (0)

#endif
