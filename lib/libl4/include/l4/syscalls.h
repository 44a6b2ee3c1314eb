/* libl4: the microkernel's system calls as inline functions. */
#ifndef L4_SYSCALLS_H
#define L4_SYSCALLS_H
#include <l4.h>
#include <stdint.h>

typedef uint64_t l4_word;
struct l4_msg { l4_word tag, mr[L4_MR_REGS]; l4_word from, err; };

/* The architecture's part (lib/libl4/arch/<arch>/include/l4/arch_syscalls.h):
 * l4_utcb(), l4_syscall2(), l4_syscall5(), l4_arch_vcpu_run() and l4_ipc(). */
#include <l4/arch_syscalls.h>

#define L4_NEVER L4_TIMEOUTS(L4_TIMEOUT_NEVER, L4_TIMEOUT_NEVER)

static inline l4_word l4_call(l4_word to, struct l4_msg *m)
{ return l4_ipc(to, to, L4_NEVER, m); }
static inline l4_word l4_send(l4_word to, l4_word us, struct l4_msg *m)
{ return l4_ipc(to, L4_NILTHREAD, L4_TIMEOUTS(us, 0), m); }
static inline l4_word l4_receive(l4_word from, l4_word us, struct l4_msg *m)
{ return l4_ipc(L4_NILTHREAD, from, L4_TIMEOUTS(0, us), m); }
static inline l4_word l4_reply_wait(l4_word to, struct l4_msg *m)
{ return l4_ipc(to, L4_ANYTHREAD, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER), m); }

static inline l4_word l4_notify(l4_word tid, l4_word bits)
{ return l4_syscall2(L4_SYS_NOTIFY, tid, bits, 0); }
static inline l4_word l4_thread_create(l4_word space, l4_word prio, l4_word pager,
				       l4_word exh, l4_word utcb, l4_word *tid)
{ return l4_syscall5(L4_SYS_THREAD_CREATE, space, prio, pager, exh, utcb, tid); }
static inline l4_word l4_thread_destroy(l4_word tid)
{ return l4_syscall2(L4_SYS_THREAD_DESTROY, tid, 0, 0); }
static inline l4_word l4_space_create(l4_word *sid)
{ return l4_syscall2(L4_SYS_SPACE_CREATE, 0, 0, sid); }
static inline l4_word l4_space_destroy(l4_word sid)
{ return l4_syscall2(L4_SYS_SPACE_DESTROY, sid, 0, 0); }
static inline l4_word l4_space_ctrl(l4_word sid, l4_word op, l4_word arg)
{ return l4_syscall5(L4_SYS_SPACE_CTRL, sid, op, arg, 0, 0, 0); }
static inline l4_word l4_space_ctrl_out(l4_word sid, l4_word op)
{ l4_word v = 0; l4_syscall5(L4_SYS_SPACE_CTRL, sid, op, 0, 0, 0, &v); return v; }
static inline l4_word l4_map_phys(l4_word sid, l4_word va, l4_word pa, l4_word n, l4_word rights)
{ return l4_syscall5(L4_SYS_MAP_PHYS, sid, va, pa, n, rights, 0); }
static inline l4_word l4_unmap(l4_word va, l4_word npages, l4_word flags)
{ return l4_syscall5(L4_SYS_UNMAP, va, npages, flags, 0, 0, 0); }
static inline l4_word l4_irq_bind(l4_word irq, l4_word tid, l4_word bit)
{ return l4_syscall5(L4_SYS_IRQ_BIND, irq, tid, bit, 0, 0, 0); }
static inline l4_word l4_irq_ack(l4_word irq)
{ return l4_syscall2(L4_SYS_IRQ_ACK, irq, 0, 0); }
static inline l4_word l4_timer(l4_word deadline, l4_word period, l4_word bit)
{ return l4_syscall5(L4_SYS_TIMER, deadline, period, bit, 0, 0, 0); }
static inline l4_word l4_clock(void)
{ l4_word ns; l4_syscall2(L4_SYS_CLOCK, 0, 0, &ns); return ns; }
static inline l4_word l4_schedule(l4_word tid, l4_word prio, l4_word slice_us)
{ return l4_syscall5(L4_SYS_SCHEDULE, tid, prio, slice_us, 0, 0, 0); }
static inline l4_word l4_yield(void)
{ return l4_syscall2(L4_SYS_YIELD, 0, 0, 0); }
static inline l4_word l4_fpu(l4_word tid, l4_word op, l4_word *size)
{ return l4_syscall2(L4_SYS_FPU, tid, op, size); }
static inline l4_word l4_kinfo(l4_word what)
{ l4_word v = 0; l4_syscall2(L4_SYS_KINFO, what, 0, &v); return v; }
static inline l4_word l4_kdebug(l4_word len)
{ return l4_syscall2(L4_SYS_KDEBUG, len, 0, 0); }
static inline l4_word l4_shutdown(l4_word code)
{ return l4_syscall2(L4_SYS_SHUTDOWN, code, 0, 0); }

/* vCPU mode (see abi/l4.h). */
static inline l4_word l4_vcpu_ctrl(l4_word slot, l4_word entry_ip, l4_word entry_sp, l4_word flags)
{ return l4_syscall5(L4_SYS_VCPU_CTRL, slot, entry_ip, entry_sp, flags, 0, 0); }
/* Runs the task space until it exits; returns the L4_VCPU_EXIT_* reason (or an error). */
static inline l4_word l4_vcpu_run(l4_word task)
{ return l4_arch_vcpu_run(task); }
/* Back to the frame in the state page with events enabled: does not return. */
static inline void l4_vcpu_return(void)
{ l4_syscall2(L4_SYS_VCPU_RESUME, 0, 0, 0); __builtin_unreachable(); }
/* The same, with events left off (the upcall interrupted code that had them off). */
static inline void l4_vcpu_return_noirq(void)
{ l4_syscall2(L4_SYS_VCPU_RESUME, 0, L4_VCPU_RESUME_NOIRQ, 0); __builtin_unreachable(); }
static inline l4_word l4_vcpu_wait(l4_word us)
{ return l4_syscall2(L4_SYS_VCPU_WAIT, us, 0, 0); }
static inline l4_word l4_map_to(l4_word space, l4_word src, l4_word dst, l4_word n, l4_word rights)
{ return l4_syscall5(L4_SYS_MAP_TO, space, src, dst, n, rights, 0); }
static inline l4_word l4_unmap_in(l4_word space, l4_word va, l4_word n)
{ return l4_syscall5(L4_SYS_UNMAP_IN, space, va, n, 0, 0, 0); }
/* Change the rights of the task's mappings (at most what ours have; L4_R missing unmaps). */
static inline l4_word l4_protect_in(l4_word space, l4_word va, l4_word n, l4_word rights)
{ return l4_syscall5(L4_SYS_UNMAP_IN, space, va, n, rights, 0, 0); }

/* exchange_registers: in/out values through UTCB mr[0..7]. */
struct l4_exregs { l4_word ip, sp, flags, fs, gs, pager, state, exh; };
static inline l4_word l4_exregs(l4_word tid, l4_word flags, struct l4_exregs *r)
{
	l4_word *mr = l4_utcb()->mr;
	mr[0] = r->ip; mr[1] = r->sp; mr[2] = r->flags; mr[3] = r->fs;
	mr[4] = r->gs; mr[5] = r->pager; mr[6] = 0; mr[7] = r->exh;
	l4_word e = l4_syscall2(L4_SYS_EXREGS, tid, flags, 0);
	r->ip = mr[0]; r->sp = mr[1]; r->flags = mr[2]; r->fs = mr[3];
	r->gs = mr[4]; r->pager = mr[5]; r->state = mr[6]; r->exh = mr[7];
	return e;
}

static inline l4_word l4_start(l4_word tid, l4_word ip, l4_word sp)
{
	struct l4_exregs r = { .ip = ip, .sp = sp };
	return l4_exregs(tid, L4_EX_IP | L4_EX_SP | L4_EX_RESUME, &r);
}
#endif
