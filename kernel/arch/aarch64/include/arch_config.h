/* aarch64 on QEMU virt: constants generic kernel code uses (kernel/include/arch.h). */
#ifndef ARCH_CONFIG_H
#define ARCH_CONFIG_H
#include <arch_layout.h>
/* Device lines user space binds: line n is the GIC's SPI n (INTID 32 + n);
 * on virt the PL011 is line 1, the virtio-mmio transports 16..47. Line 0
 * stays reserved like x86_64's. */
#define ARCH_NR_IRQS 64
#define ARCH_TIMER_MIN_NS 1000        /* the generic timer's shortest one-shot we program */
#define ARCH_DIRECT_MAX DIRECT_MAX    /* physical memory the kernel reaches directly */
#define ARCH_NAME "aarch64"
#define ARCH_PT_LEVELS 4              /* page-table levels of a space (pt_next) */
#define ARCH_PT_USER_END (1ULL << 48)  /* user addresses lie below */
#define ARCH_PTE_VALID 0x1ULL        /* an entry's valid bit (mmu.c's PTE_VALID): pt_next()'s leaf scan */
#define ARCH_HAS_FASTPATH 1            /* fastpath.S, vcpu_fast.S; off with `nofastpath` */
/* Words of a vCPU's own frame arch_frame_save_server() keeps while it runs
 * a task (x19..x30, then pc, sp, pstate). */
#define ARCH_SERVER_SAVE_WORDS 15
#endif
