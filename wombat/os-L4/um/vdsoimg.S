/* SPDX-License-Identifier: GPL-2.0 */
/* Wombat os-L4: the vDSO image (../vdso, built by wombat/build.sh), page
 * aligned: arm64's and riscv's sigtramp.c map this very page; x86_64's
 * x86/vdso.c copies it over arch/um's own before that is installed. */
	.section .data..page_aligned, "aw"
	.balign 4096
	.globl wombat_vdso_image, wombat_vdso_end
wombat_vdso_image:
	.incbin WOMBAT_VDSO_PATH
wombat_vdso_end:
	.balign 4096
