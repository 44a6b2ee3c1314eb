/* libl4, riscv64: `ecall` with the registers of abi/arch/riscv64/l4_arch.h
 * (number and result a0, arguments a1..a5, second result a3; IPC tag a4,
 * MR0..MR3 a5, a6, a7, t0); included by <l4/syscalls.h> after l4_word and struct l4_msg. */
#ifndef L4_ARCH_SYSCALLS_H
#define L4_ARCH_SYSCALLS_H

/* gp holds the thread's UTCB address. */
static inline struct l4_utcb *l4_utcb(void)
{
	struct l4_utcb *u;
	__asm__ volatile("mv %0, gp" : "=r"(u));
	return u;
}

static inline l4_word l4_syscall2(l4_word nr, l4_word a0, l4_word a1, l4_word *out)
{
	register l4_word r0 __asm__("a0") = nr;
	register l4_word r1 __asm__("a1") = a0;
	register l4_word r2 __asm__("a2") = a1;
	register l4_word r3 __asm__("a3") = 0;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
			 :: "a4", "a5", "a6", "a7", "t0", "memory");
	if (out)
		*out = r3;
	return r0;
}

static inline l4_word l4_syscall5(l4_word nr, l4_word a0, l4_word a1, l4_word a2,
				  l4_word a3, l4_word a4, l4_word *out)
{
	register l4_word r0 __asm__("a0") = nr;
	register l4_word r1 __asm__("a1") = a0;
	register l4_word r2 __asm__("a2") = a1;
	register l4_word r3 __asm__("a3") = a2;
	register l4_word r4 __asm__("a4") = a3;
	register l4_word r5 __asm__("a5") = a4;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5)
			 :: "a6", "a7", "t0", "memory");
	if (out)
		*out = r3;
	return r0;
}

/* VCPU_RESUME(task): returns when the task exits (a0 = the exit reason),
 * keeping only what a call keeps (ra, sp, gp, tp, s0-s11, the thread's own
 * FP registers): the others come back as the task left them. */
static inline l4_word l4_arch_vcpu_run(l4_word task)
{
	register l4_word r0 __asm__("a0") = L4_SYS_VCPU_RESUME;
	register l4_word r1 __asm__("a1") = task;
	register l4_word r2 __asm__("a2") = 0;
	__asm__ volatile("ecall" : "+r"(r0), "+r"(r1), "+r"(r2)
			 :: "a3", "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "memory");
	return r0;
}

/* The general IPC: send m (if to), then receive into m (if from). */
static inline l4_word l4_ipc(l4_word to, l4_word from, l4_word timeouts, struct l4_msg *m)
{
	register l4_word r0 __asm__("a0") = L4_SYS_IPC;
	register l4_word r1 __asm__("a1") = to;
	register l4_word r2 __asm__("a2") = from;
	register l4_word r3 __asm__("a3") = timeouts;
	register l4_word r4 __asm__("a4") = m->tag;
	register l4_word r5 __asm__("a5") = m->mr[0];
	register l4_word r6 __asm__("a6") = m->mr[1];
	register l4_word r7 __asm__("a7") = m->mr[2];
	register l4_word r8 __asm__("t0") = m->mr[3];
	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5),
			   "+r"(r6), "+r"(r7), "+r"(r8)
			 :: "memory");
	m->tag = r4;
	m->mr[0] = r5; m->mr[1] = r6; m->mr[2] = r7; m->mr[3] = r8;
	m->from = r2;
	m->err = r0;
	return r0;
}

#endif
