/* arm64 Image entry: header, EL2 -> EL1, boot page tables, MMU on, the
 * higher half. Runs position-independently (adr/adrp only) until the MMU
 * is on. x0 = the device tree's physical address (QEMU's Image boot). */
#include <arch_layout.h>

#define PTE_TABLE   0x3
#define BLK_NORMAL  (0x1 | (1 << 2) | (3 << 8) | (1 << 10))   /* block, attr 1, inner shareable, AF */
#define BLK_DEVICE  (0x1 | (0 << 2) | (1 << 10))              /* block, attr 0 (Device-nGnRnE), AF */
#define XN_BOTH     ((1 << 6) | (1 << 5))     /* UXN | PXN: bits 54, 53 (movk lsl 48) */
#define UXN_ONLY    (1 << 6)
#define SCTLR_RES1  0x30d00800
#define SCTLR_ON    (SCTLR_RES1 | (1 << 0) | (1 << 2) | (1 << 12) | (1 << 14) | (1 << 15) | (1 << 26))
/* TCR: 48-bit both halves, 4 KiB granules, write-back walks, 16-bit ASIDs (IPS filled in at run time). */
#define TCR_VAL     (16 | (1 << 8) | (1 << 10) | (3 << 12) | (16 << 16) | (1 << 24) | (1 << 26) | (3 << 28) | (2 << 30))

	.section .head.text, "ax"
	.globl _start
_start:
	b primary                        /* code0 */
	.long 0                          /* code1 */
	.quad 0                          /* text_offset: QEMU loads us at RAM + 2 MiB */
	.quad _image_size                /* image_size, bss included */
	.quad 0x2                        /* flags: little endian, 4 KiB pages */
	.quad 0, 0, 0
	.ascii "ARM\x64"                 /* magic */
	.long 0

primary:
	msr daifset, #0xf
	mov x19, x0                      /* the device tree */
	mrs x1, CurrentEL
	lsr x1, x1, #2
	cmp x1, #2
	b.ne in_el1
	/* EL2: EL1 is AArch64, may use both counters; enter EL1h with DAIF masked. */
	mov x1, #(1 << 31)
	msr hcr_el2, x1
	mrs x1, cnthctl_el2
	orr x1, x1, #3
	msr cnthctl_el2, x1
	msr cntvoff_el2, xzr
	mov x1, #0x33ff
	msr cptr_el2, x1                 /* no FP/SIMD traps to EL2 */
	ldr x1, =SCTLR_RES1
	msr sctlr_el1, x1
	mov x1, #0x3c5
	msr spsr_el2, x1
	adr x1, in_el1
	msr elr_el2, x1
	eret

in_el1:
	msr spsel, #1
	ldr x1, =SCTLR_RES1              /* MMU and caches off while we set up */
	msr sctlr_el1, x1
	isb
	/* Where we run must be where we were linked (KERNEL_PHYS). */
	adr x1, _start
	ldr x2, =KERNEL_PHYS
	cmp x1, x2
	b.ne .
	/* Clear bss (physical addresses: adrp is PC-relative). */
	adrp x1, _bss_start
	add x1, x1, :lo12:_bss_start
	adrp x2, _bss_end
	add x2, x2, :lo12:_bss_end
1:	cmp x1, x2
	b.hs 2f
	stp xzr, xzr, [x1], #16
	b 1b
2:
	/* TTBR1: l0[0] -> l1; l1[0] = devices (1 GiB), l1[1..3] = RAM-class 1 GiB blocks. */
	adrp x1, boot_l1_hi
	mov x2, #0
3:	lsl x3, x2, #30
	cbz x2, 4f
	mov x4, #BLK_NORMAL
	movk x4, #UXN_ONLY, lsl #48
	b 5f
4:	mov x4, #BLK_DEVICE
	movk x4, #XN_BOTH, lsl #48
5:	orr x3, x3, x4
	str x3, [x1, x2, lsl #3]
	add x2, x2, #1
	cmp x2, #4
	b.ne 3b
	adrp x2, boot_l0_hi
	orr x3, x1, #PTE_TABLE
	str x3, [x2]
	/* TTBR0: an identity map of the GiB we run in, only until we are high. */
	adrp x1, boot_l1_lo
	mov x3, #0x40000000
	mov x4, #BLK_NORMAL
	orr x3, x3, x4
	str x3, [x1, #8]
	adrp x2, boot_l0_lo
	orr x3, x1, #PTE_TABLE
	str x3, [x2]

	ldr x1, =0x04ff00                /* MAIR: attr0 Device-nGnRnE, attr1 normal write-back, attr2 Device-nGnRE (user L4_DEVICE) */
	msr mair_el1, x1
	ldr x1, =TCR_VAL
	mrs x2, id_aa64mmfr0_el1
	and x2, x2, #0xf
	cmp x2, #5
	mov x3, #5
	csel x2, x2, x3, ls
	orr x1, x1, x2, lsl #32          /* IPS = the PA range, at most 48 bits */
	orr x1, x1, #(1 << 36)           /* AS: 16-bit ASIDs */
	msr tcr_el1, x1
	adrp x1, boot_l0_lo
	msr ttbr0_el1, x1
	adrp x1, boot_l0_hi
	msr ttbr1_el1, x1
	isb
	tlbi vmalle1
	dsb nsh
	isb
	ldr x1, =SCTLR_ON
	msr sctlr_el1, x1
	isb
	ldr x1, =high_entry
	br x1
	.ltorg

	.text
high_entry:
	ldr x1, =boot_stack_top
	mov sp, x1
	mov x29, #0
	mov x30, #0
	mov x0, x19
	bl arch_kmain
6:	wfi
	b 6b

	.bss
	.align 12
	.globl boot_l0_hi, boot_l0_lo, empty_l0
boot_l0_hi:	.skip 4096
boot_l1_hi:	.skip 4096
boot_l0_lo:	.skip 4096
boot_l1_lo:	.skip 4096
empty_l0:	.skip 4096
	.globl boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:
	.section .note.GNU-stack,"",@progbits
