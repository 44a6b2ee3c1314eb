/* x86_64 kernel virtual layout, shared by C, assembly and the linker script. */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H
#define KERNEL_VMA   0xFFFFFFFF80000000
#define KERNEL_PHYS  0x100000
#define DIRECT_MAX   0x40000000          /* physical memory reachable at KERNEL_VMA + pa */
#define KSTACK_SIZE  4096
#endif
