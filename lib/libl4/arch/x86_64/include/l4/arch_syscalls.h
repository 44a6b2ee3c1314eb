/* libl4, x86_64: `syscall` with the registers of abi/arch/x86_64/l4_arch.h;
 * included by <l4/syscalls.h> after l4_word and struct l4_msg. */
#ifndef L4_ARCH_SYSCALLS_H
#define L4_ARCH_SYSCALLS_H

static inline struct l4_utcb *l4_utcb(void)
{
	struct l4_utcb *u;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(u));
	return u;
}

#define L4_CLOBBERS "rcx", "r11", "memory"

static inline l4_word l4_syscall2(l4_word nr, l4_word a0, l4_word a1, l4_word *out)
{
	register l4_word rdx __asm__("rdx") = 0;
	l4_word ret;
	__asm__ volatile("syscall" : "=a"(ret), "+r"(rdx), "+D"(a0), "+S"(a1)
			 : "a"(nr) : "r8", "r9", "r10", L4_CLOBBERS);
	if (out)
		*out = rdx;
	return ret;
}

static inline l4_word l4_syscall5(l4_word nr, l4_word a0, l4_word a1, l4_word a2,
				  l4_word a3, l4_word a4, l4_word *out)
{
	register l4_word rdx __asm__("rdx") = a2;
	register l4_word r10 __asm__("r10") = a3;
	register l4_word r8 __asm__("r8") = a4;
	l4_word ret;
	__asm__ volatile("syscall" : "=a"(ret), "+r"(rdx), "+D"(a0), "+S"(a1), "+r"(r10), "+r"(r8)
			 : "a"(nr) : "r9", L4_CLOBBERS);
	if (out)
		*out = rdx;
	return ret;
}

/* VCPU_RESUME(task): returns when the task exits (rax = the exit reason),
 * keeping only what a call keeps (rbx, rbp, r12-r15, rsp): l4_syscall2
 * already takes every other register as clobbered. */
static inline l4_word l4_arch_vcpu_run(l4_word task)
{
	return l4_syscall2(L4_SYS_VCPU_RESUME, task, 0, 0);
}

/* The general IPC: send m (if to), then receive into m (if from). */
static inline l4_word l4_ipc(l4_word to, l4_word from, l4_word timeouts, struct l4_msg *m)
{
	register l4_word rdx __asm__("rdx") = timeouts;
	register l4_word r10 __asm__("r10") = m->tag;
	register l4_word r8 __asm__("r8") = m->mr[0];
	register l4_word r9 __asm__("r9") = m->mr[1];
	register l4_word r12 __asm__("r12") = m->mr[2];
	register l4_word r13 __asm__("r13") = m->mr[3];
	l4_word ret;
	__asm__ volatile("syscall"
			 : "=a"(ret), "+D"(to), "+S"(from), "+r"(rdx), "+r"(r10), "+r"(r8),
			   "+r"(r9), "+r"(r12), "+r"(r13)
			 : "a"((l4_word)L4_SYS_IPC) : L4_CLOBBERS);
	m->tag = r10;
	m->mr[0] = r8; m->mr[1] = r9; m->mr[2] = r12; m->mr[3] = r13;
	m->from = from;
	m->err = ret;
	return ret;
}

#endif
