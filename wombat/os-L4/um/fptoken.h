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
 *
 * The image comes back lazily: when a process that used FP leaves the
 * CPU (fpu_used), its newest image stays in the state page and the
 * process is wombat_fp_held; its regs->fp is stale until wombat_fp_sync()
 * copies the page out. Nothing writes the page but a resume of another
 * image, and nothing reads regs->fp but what syncs first: loading another
 * process's image (wombat_fp_load), a kernel-thread switch (threads.c:
 * the process may be ptraced, dumped, or freed once it is off the CPU),
 * interrupt handlers (they may raise a signal), a pending signal before
 * the return to user (frames and core dumps read regs->fp), a fork or new
 * thread (the child's regs are a copy: arch_dup_task_struct() in
 * syscall.c), and sigreturn, which writes it (skas.c). An image replaced
 * outright (exec: get_safe_registers) is no longer held. A process that
 * makes system calls with the FP registers live (glibc's SIMD string
 * functions on arm64) saves a copy of some 30 to 66 words and a token at
 * each (tests: wombat.fpcheck).
 */
#define FP_TOKEN(fp) (((unsigned long *)(fp))[FP_TOKEN_WORD])

/* The state page holds two images (L4_VCPU_FPU_SLOT_BYTES apart); the
 * microkernel loads and saves the one fpu_slot picks. A process whose
 * image is in the other slot under its token switches slots instead of
 * copying: two processes that take turns (a pipe, a client and its
 * server) copy no image at all. The held image is always the current
 * slot's: a switch syncs it first. (Each architecture's registers.c
 * keeps FP_COPY_BYTES within a slot: wombat_fp_slot(), wombat.h.) */

_Static_assert(FP_TOKEN_WORD == WOMBAT_FP_TOKEN_WORD, "skas.c's fp_to_vcpu() reads the token there");

struct uml_pt_regs *wombat_fp_held;

/* The held process's newest image out of the state page into its regs->fp. */
void wombat_fp_sync(void)
{
	struct uml_pt_regs *held = wombat_fp_held;

	if (held) {
		wombat_fp_held = NULL;
		wombat_fp_from_vcpu(held, wombat_vcpu);
	}
}

/* exec gives the process a fresh image: what the page holds is not its. */
static void fp_forget(unsigned long *fp_regs)
{
	if (wombat_fp_held && wombat_fp_held->fp == fp_regs)
		wombat_fp_held = NULL;
}

/* skas.c's fp_to_vcpu() calls this when the current slot does not hold the
 * process's image: the other slot becomes current, holding it already, or
 * given it under a fresh token (after the held image, if newer than its
 * process's copy, went back there). */
void wombat_fp_load(struct uml_pt_regs *regs, struct l4_vcpu_state *v)
{
	unsigned long other = (v->fpu_slot & 1) ^ 1, token = FP_TOKEN(regs->fp);
	unsigned long *img = wombat_fp_slot(v, other);

	wombat_fp_sync();
	if (token && token == FP_TOKEN(img)) {
		wombat_stats.fpu_slot_hits++;
	} else {
		FP_TOKEN(regs->fp) = wombat_random();
		wombat_copy_words(img, regs->fp, FP_COPY_BYTES);
		wombat_stats.fpu_bytes += FP_IMAGE_BYTES;
	}
	v->fpu_slot = other;
}

/* The current slot's image out to its process, under a fresh token. */
void wombat_fp_from_vcpu(struct uml_pt_regs *regs, struct l4_vcpu_state *v)
{
	unsigned long *img = wombat_fp_slot(v, v->fpu_slot);

	FP_TOKEN(img) = wombat_random();
	wombat_copy_words(regs->fp, img, FP_COPY_BYTES);
	wombat_stats.fpu_bytes += FP_IMAGE_BYTES;
}

void wombat_fp_changed(struct uml_pt_regs *regs)
{
	FP_TOKEN(regs->fp) = 0;
}
