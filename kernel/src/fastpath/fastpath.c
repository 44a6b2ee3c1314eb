/* IPC fast path, generic part. The fast path itself is per architecture
 * (kernel/arch/<arch>/src/fastpath.S, entered only without `nofastpath`).
 * A thread that blocked in it and is then woken by anything else (a slow-path
 * send, a notification, a timeout, an abort, its partner's death) resumes here,
 * on its own kernel stack, and finishes its IPC as sys_ipc() would. */
#include <kernel.h>
#include <arch.h>

void ipc_regs_out(struct tcb *self, struct frame *f, u64 e);

void fastpath_resumed(struct frame *f)
{
	struct tcb *self = current;
	threads_reap();                   /* what schedule() does after a switch (it set the one-shot before) */
	ipc_regs_out(self, f, self->ipc_err);
	self->in_call = 0;
	syscall_exit(f);
}

/* Called by the fast path once committed, when there is a timeout to change:
 * the receiver's (it is about to run) goes, ours (unless never) starts. */
void fastpath_timeouts(struct tcb *self, struct tcb *d, u64 timeouts)
{
	timeout_cancel(d);
	timeout_set(self, (u32)(timeouts >> 32));
}
