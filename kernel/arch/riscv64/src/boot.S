/* riscv64 entry from OpenSBI (S-mode, MMU off, a0 = hart id, a1 = the
 * device tree's physical address): bss, boot page table, Sv39 on, the
 * higher half. PC-relative (lla) until the MMU is on. */
#include <arch_layout.h>

#define PTE_KERNEL  0xef      /* V R W X G A D: a global supervisor gigapage */
#define PTE_IDENT   0xcf      /* V R W X A D */
#define SATP_SV39   (8 << 60)

	.section .head.text, "ax"
	.globl _start
_start:
	csrw sie, zero
	csrci sstatus, 2
	mv s0, a1
	/* Where we run must be where we were linked (KERNEL_PHYS). */
	lla t0, _start
	li t1, KERNEL_PHYS
1:	bne t0, t1, 1b
	lla t0, _bss_start
	lla t1, _bss_end
2:	bgeu t0, t1, 3f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 2b
3:
	/* Root entries 256..263: physical 0-8 GiB at KERNEL_VMA; entry 2: the
	 * identity GiB we run in, only until we are high. */
	lla t0, boot_root
	li t1, 0
	li t2, DIRECT_MAX >> 30
4:	slli t3, t1, 28
	ori t3, t3, PTE_KERNEL
	addi t4, t1, 256
	slli t4, t4, 3
	add t4, t4, t0
	sd t3, 0(t4)
	addi t1, t1, 1
	bne t1, t2, 4b
	li t3, (0x80000000 >> 2) | PTE_IDENT
	sd t3, 16(t0)
	srli t1, t0, 12
	li t2, 8
	slli t2, t2, 60
	or t1, t1, t2
	sfence.vma
	csrw satp, t1
	sfence.vma
	lla t0, high_addr
	ld t0, 0(t0)
	jr t0
	.balign 8
high_addr:
	.quad high_entry

	.text
high_entry:
	la sp, boot_stack_top
	csrw sscratch, zero
	li ra, 0
	li s1, 0
	mv a0, s0
	call arch_kmain
5:	wfi
	j 5b

	.bss
	.balign 4096
	.globl boot_root
boot_root:	.skip 4096
	.globl boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:
	.section .note.GNU-stack,"",@progbits
