/* Multiboot entry: 32-bit protected mode to 64-bit long mode in the higher half. */
#include <arch_layout.h>

#define MB_MAGIC  0x1BADB002
#define MB_FLAGS  0x00000003   /* page-align modules, give memory map */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .boot.text, "ax"
	.code32
	.globl start32
start32:
	cli
	movl %eax, %edi                  /* multiboot magic, kept for kmain */
	movl %ebx, %esi                  /* multiboot info (physical) */
	movl $(boot_stack_top - KERNEL_VMA), %esp

	/* PML4[0] and PML4[511] -> PDPTs; both PDPTs -> one PD of 2 MiB pages over 1 GiB. */
	movl $(boot_pdpt_lo - KERNEL_VMA + 3), %eax
	movl %eax, (boot_pml4 - KERNEL_VMA)
	movl $(boot_pdpt_hi - KERNEL_VMA + 3), %eax
	movl %eax, (boot_pml4 - KERNEL_VMA + 511 * 8)
	movl $(boot_pd - KERNEL_VMA + 3), %eax
	movl %eax, (boot_pdpt_lo - KERNEL_VMA)
	movl %eax, (boot_pdpt_hi - KERNEL_VMA + 510 * 8)
	movl $(boot_pd - KERNEL_VMA), %ebx
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax                  /* present, writable, 2 MiB */
	movl %eax, (%ebx, %ecx, 8)
	incl %ecx
	cmpl $512, %ecx
	jne 1b

	movl %cr4, %eax
	orl $0x20, %eax                  /* PAE */
	movl %eax, %cr4
	movl $(boot_pml4 - KERNEL_VMA), %eax
	movl %eax, %cr3
	movl $0xC0000080, %ecx           /* EFER: long mode, NX */
	rdmsr
	orl $0x900, %eax
	wrmsr
	movl %cr0, %eax
	orl $0x80010001, %eax            /* paging, write protect, protected mode */
	movl %eax, %cr0
	lgdt (boot_gdtr)
	ljmp $0x08, $start64_low

	.code64
start64_low:
	movabsq $start64, %rax
	jmp *%rax

	.text
start64:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movabsq $boot_stack_top, %rsp
	/* edi = magic, esi = mbi physical: zero-extended by the 32-bit moves above. */
	call arch_kmain
2:	hlt
	jmp 2b

	.section .boot.data, "a"
	.align 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff         /* 64-bit code */
	.quad 0x00cf92000000ffff         /* data */
boot_gdtr:
	.word 3 * 8 - 1
	.long boot_gdt

	.bss
	.align 4096
	.globl boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_lo:	.skip 4096
boot_pdpt_hi:	.skip 4096
boot_pd:	.skip 4096
	.globl boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:
	.section .note.GNU-stack,"",@progbits
