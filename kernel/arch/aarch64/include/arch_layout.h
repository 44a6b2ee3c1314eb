/* aarch64 kernel virtual layout, shared by C, assembly and the linker script.
 * TTBR1 maps physical [0, DIRECT_MAX) at KERNEL_VMA + pa (1 GiB blocks; the
 * first GiB, QEMU virt's devices, as Device-nGnRnE); the kernel image lies
 * inside that window, at KERNEL_VMA + KERNEL_PHYS. TTBR0 is user space. */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H
#define KERNEL_VMA   0xFFFF000000000000
#define KERNEL_PHYS  0x40200000          /* where QEMU loads an Image with text_offset 0 */
#define DIRECT_MAX   0x100000000         /* physical memory reachable at KERNEL_VMA + pa */
#define KSTACK_SIZE  4096
#endif
