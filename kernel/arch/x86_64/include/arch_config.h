/* x86_64 on the PC: constants generic kernel code uses (kernel/include/arch.h). */
#ifndef ARCH_CONFIG_H
#define ARCH_CONFIG_H
#include <arch_layout.h>
#define ARCH_NR_IRQS 16                /* the two 8259s */
#define ARCH_TIMER_MIN_NS 1677        /* the PIT one-shot's shortest delay: two ticks */
#define ARCH_DIRECT_MAX DIRECT_MAX    /* physical memory the kernel reaches directly */
#define ARCH_NAME "x86_64"
#define ARCH_PT_LEVELS 4              /* page-table levels of a space (pt_next) */
#define ARCH_PT_USER_END (1ULL << 47)  /* user addresses lie below */
#define ARCH_PTE_VALID 0x1ULL        /* an entry's valid bit (mmu.c's PTE_P): pt_next()'s leaf scan */
#define ARCH_HAS_FASTPATH 1            /* fastpath.S, vcpu_fast.S: on unless `nofastpath` */
/* Words of a vCPU's own frame arch_frame_save_server() keeps while it runs
 * a task (callee-saved registers, then rip cs rflags rsp ss). */
#define ARCH_SERVER_SAVE_WORDS 11
#endif
