/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat arm64 UML: nothing per mm beyond arch/um's (no LDT). */
#ifndef __ASM_UM_ARM64_MM_CONTEXT_H
#define __ASM_UM_ARM64_MM_CONTEXT_H

struct uml_arch_mm_context {
	unsigned long sigpage;   /* the sigreturn page (sigtramp.c) */
	unsigned long vdso;      /* the vDSO (sigtramp.c), AT_SYSINFO_EHDR */
};

#endif
