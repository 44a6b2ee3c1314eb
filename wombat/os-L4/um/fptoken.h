/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wombat os-L4: the FP/SIMD image between a process's thread.regs and the
 * vCPU state page, for every architecture. Included once, by the
 * architecture's registers.c, after it defines:
 *
 *   FP_TOKEN_WORD   the word of the image that holds the token
 *   FP_COPY_BYTES   the bytes that travel (the image and the token word)
 *   FP_IMAGE_BYTES  the image's bytes, as counted in wombat_stats.fpu_bytes
 *
 * The image goes into the state page only when the page does not hold it
 * already: each image copied in or out gets a fresh random token
 * (wombat_random()), in the page and in thread.regs alike, and equal tokens
 * mean the page holds exactly this process's image (the copy was some 30 to
 * 66 words at every system call). The microkernel saves and loads only the
 * image, never the token's word, and nothing a process can write reaches
 * the token (sigcontext and core dumps carry the image only). Whatever
 * else writes regs->fp clears or replaces the token: exec and new threads
 * (get_safe_registers), a sigreturn (wombat_fp_changed()). Random tokens
 * cannot be forged to get another process's image.
 */
#define FP_TOKEN(fp) (((unsigned long *)(fp))[FP_TOKEN_WORD])

_Static_assert(FP_TOKEN_WORD == WOMBAT_FP_TOKEN_WORD, "skas.c's fp_to_vcpu() reads the token there");

/* The image into the state page under a fresh token; skas.c's fp_to_vcpu()
 * calls this when the page does not hold it already. */
void wombat_fp_load(struct uml_pt_regs *regs, struct l4_vcpu_state *v)
{
	FP_TOKEN(regs->fp) = wombat_random();
	wombat_copy_words(v->fpu, regs->fp, FP_COPY_BYTES);
	wombat_stats.fpu_bytes += FP_IMAGE_BYTES;
}

void wombat_fp_from_vcpu(struct uml_pt_regs *regs, struct l4_vcpu_state *v)
{
	FP_TOKEN(v->fpu) = wombat_random();
	wombat_copy_words(regs->fp, v->fpu, FP_COPY_BYTES);
	wombat_stats.fpu_bytes += FP_IMAGE_BYTES;
}

void wombat_fp_changed(struct uml_pt_regs *regs)
{
	FP_TOKEN(regs->fp) = 0;
}
