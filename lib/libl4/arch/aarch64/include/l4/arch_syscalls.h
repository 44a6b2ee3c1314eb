/* libl4, aarch64: `svc #0` with the registers of abi/arch/aarch64/l4_arch.h
 * (number and result x0, arguments x1..x5, second result x3; IPC tag x4,
 * MR0..MR3 x5..x8); included by <l4/syscalls.h> after l4_word and struct l4_msg. */
#ifndef L4_ARCH_SYSCALLS_H
#define L4_ARCH_SYSCALLS_H

/* TPIDRRO_EL0 holds the thread's UTCB address (read-only to user code). */
static inline struct l4_utcb *l4_utcb(void)
{
	struct l4_utcb *u;
	__asm__ volatile("mrs %0, tpidrro_el0" : "=r"(u));
	return u;
}

static inline l4_word l4_syscall2(l4_word nr, l4_word a0, l4_word a1, l4_word *out)
{
	register l4_word x0 __asm__("x0") = nr;
	register l4_word x1 __asm__("x1") = a0;
	register l4_word x2 __asm__("x2") = a1;
	register l4_word x3 __asm__("x3") = 0;
	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :: "x4", "x5", "x6", "x7", "x8", "memory");
	if (out)
		*out = x3;
	return x0;
}

static inline l4_word l4_syscall5(l4_word nr, l4_word a0, l4_word a1, l4_word a2,
				  l4_word a3, l4_word a4, l4_word *out)
{
	register l4_word x0 __asm__("x0") = nr;
	register l4_word x1 __asm__("x1") = a0;
	register l4_word x2 __asm__("x2") = a1;
	register l4_word x3 __asm__("x3") = a2;
	register l4_word x4 __asm__("x4") = a3;
	register l4_word x5 __asm__("x5") = a4;
	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
			 :: "x6", "x7", "x8", "memory");
	if (out)
		*out = x3;
	return x0;
}

/* VCPU_RESUME(task): returns when the task exits (x0 = the exit reason),
 * keeping only what a call keeps (x19..x30, sp, the thread's own FP/SIMD
 * state): x1..x18 come back as the task left them. */
static inline l4_word l4_arch_vcpu_run(l4_word task)
{
	register l4_word x0 __asm__("x0") = L4_SYS_VCPU_RESUME;
	register l4_word x1 __asm__("x1") = task;
	register l4_word x2 __asm__("x2") = 0;
	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2)
			 :: "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
			    "x14", "x15", "x16", "x17", "x18", "cc", "memory");
	return x0;
}

/* The general IPC: send m (if to), then receive into m (if from). */
static inline l4_word l4_ipc(l4_word to, l4_word from, l4_word timeouts, struct l4_msg *m)
{
	register l4_word x0 __asm__("x0") = L4_SYS_IPC;
	register l4_word x1 __asm__("x1") = to;
	register l4_word x2 __asm__("x2") = from;
	register l4_word x3 __asm__("x3") = timeouts;
	register l4_word x4 __asm__("x4") = m->tag;
	register l4_word x5 __asm__("x5") = m->mr[0];
	register l4_word x6 __asm__("x6") = m->mr[1];
	register l4_word x7 __asm__("x7") = m->mr[2];
	register l4_word x8 __asm__("x8") = m->mr[3];
	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5),
			   "+r"(x6), "+r"(x7), "+r"(x8)
			 :: "memory");
	m->tag = x4;
	m->mr[0] = x5; m->mr[1] = x6; m->mr[2] = x7; m->mr[3] = x8;
	m->from = x2;
	m->err = x0;
	return x0;
}

#endif
