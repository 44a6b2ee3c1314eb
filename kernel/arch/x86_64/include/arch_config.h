/* x86_64 on the PC: constants generic kernel code uses (kernel/include/arch.h). */
#ifndef ARCH_CONFIG_H
#define ARCH_CONFIG_H
#include <arch_layout.h>
#define ARCH_NR_IRQS 16                /* the two 8259s */
#define ARCH_TIMER_MIN_NS 1677        /* the PIT one-shot's shortest delay: two ticks */
#define ARCH_DIRECT_MAX DIRECT_MAX    /* physical memory the kernel reaches directly */
#define ARCH_NAME "x86_64"
#endif
