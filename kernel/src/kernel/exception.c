/* Faults and exceptions of user threads, delivered as IPC to their pager or handler. */
#include <kernel.h>
#include <arch.h>
#include <arch_sysargs.h>

static void halt_with(struct tcb *t, const char *what, u64 vec, u64 ip, u64 addr)
{
	printk("[kernel] thread %lx: %s (trap %lu) at ip %lx addr %lx, no handler\n",
	       t->tid, what, vec, ip, addr);
	thread_halt(t, what);
}

void handle_user_fault(struct frame *f, u64 vec, u64 error, u64 addr)
{
	struct tcb *t = current;
	u64 handler;
	if (t->vcpu && vcpu_fault(t, f, vec, error, addr))
		return;
	if (vec == ARCH_PAGE_FAULT) {
		t->kmsg[0] = addr;
		t->kmsg[1] = error & (L4_PF_PRESENT | L4_PF_WRITE | L4_PF_EXEC);
		t->kmsg[2] = FR_IP(f);
		t->tag = L4_TAG(L4_LABEL_PAGEFAULT, 3, 0);
		handler = t->pager;
	} else {
		arch_frame_to_words(t, f, t->kmsg);
		t->kmsg[L4_EXC_TRAPNO] = vec;
		t->kmsg[L4_EXC_ERROR] = error;
		t->kmsg[L4_EXC_ADDR] = addr;
		t->tag = L4_TAG(L4_LABEL_EXCEPTION, L4_EXC_WORDS, 0);
		handler = t->exh;
	}
	if (!tid_lookup(handler) || handler == t->tid) {
		halt_with(t, vec == ARCH_PAGE_FAULT ? "page fault" : "exception", vec, FR_IP(f), addr);
		return;
	}
	u64 e = ipc_kernel_call(t, handler);
	if ((e & 0xff) == L4_EABORTED)
		return;                       /* stopped or redirected: resume as set */
	if (e) {
		halt_with(t, "fault handler failed", vec, FR_IP(f), addr);
		return;
	}
	if (vec != ARCH_PAGE_FAULT && L4_TAG_U(t->tag) >= L4_FR_WORDS)
		arch_words_to_frame(t, f, t->kmsg);
}
