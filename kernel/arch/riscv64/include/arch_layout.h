/* riscv64 kernel virtual layout (Sv39), shared by C, assembly and the linker
 * script. Every root table maps physical [0, DIRECT_MAX) at KERNEL_VMA + pa
 * (1 GiB pages, global, supervisor only: root entries 256..263); the kernel
 * image lies inside that window, at KERNEL_VMA + KERNEL_PHYS. Root entries
 * 0..255 are user space. */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H
#define KERNEL_VMA   0xFFFFFFC000000000
#define KERNEL_PHYS  0x80200000          /* where OpenSBI (fw_dynamic) enters the kernel */
#define DIRECT_MAX   0x200000000         /* physical memory reachable at KERNEL_VMA + pa (RAM starts at 2 GiB) */
#define KSTACK_SIZE  4096
#endif
