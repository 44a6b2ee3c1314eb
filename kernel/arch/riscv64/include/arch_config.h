/* riscv64 on QEMU virt: constants generic kernel code uses (kernel/include/arch.h). */
#ifndef ARCH_CONFIG_H
#define ARCH_CONFIG_H
#include <arch_layout.h>
/* Device lines user space binds: line n is PLIC source n, 1..15 (virt:
 * virtio 1-8, the 16550 10, the RTC 11). Line 0 is no source. */
#define ARCH_NR_IRQS 16
#define ARCH_TIMER_MIN_NS 1000        /* the shortest one-shot we program */
#define ARCH_DIRECT_MAX DIRECT_MAX    /* physical memory the kernel reaches directly */
#define ARCH_NAME "riscv64"
#define ARCH_PT_LEVELS 3              /* page-table levels of a space (pt_next) */
#define ARCH_PT_USER_END (1ULL << 38)  /* user addresses lie below */
#define ARCH_PTE_VALID 0x1ULL        /* an entry's valid bit (mmu.c's PTE_V): pt_next()'s leaf scan */
#define ARCH_HAS_FASTPATH 1            /* fastpath.S, vcpu_fast.S; off with `nofastpath` */
/* Words of a vCPU's own frame arch_frame_save_server() keeps while it runs
 * a task: ra, sp, gp, tp, s0-s11, pc. */
#define ARCH_SERVER_SAVE_WORDS 17
#endif
