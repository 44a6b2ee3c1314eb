/* IPC fast path: call or reply-and-wait, registers only, partner already waiting.
 * Straight-line; anything unusual returns false and the slow path runs. */
#include <kernel.h>
#include <arch.h>
#include <arch_sysargs.h>

int sched_highest_prio(void);
bool ipc_may_send(struct tcb *s, struct tcb *d);
void ipc_regs_out(struct tcb *self, struct frame *f, u64 e);

bool fastpath_ipc(struct frame *f)
{
	struct tcb *self = current, *d;
	u64 to = SC_A0(f), from = SC_A1(f), tag = SC_TAG(f), rcv_to = SC_A2(f) >> 32;
	if (self->vcpu || !to || (from != to && from != L4_ANYTHREAD) || L4_TAG_T(tag) ||
	    L4_TAG_U(tag) > L4_MR_REGS || rcv_to == L4_TIMEOUT_ZERO)
		return false;
	d = tid_lookup(to);
	if (!d || d->state != TS_RECEIVING || d->kmsg_on ||
	    (d->wait_from != self->tid && d->wait_from != L4_ANYTHREAD))
		return false;
	if (from == L4_ANYTHREAD && (self->sq_head || self->notify_bits))
		return false;
	if ((int)d->prio < sched_highest_prio() || !ipc_may_send(self, d))
		return false;

	u64 *mr = d->utcb->mr;
	mr[0] = SC_MR0(f); mr[1] = SC_MR1(f); mr[2] = SC_MR2(f); mr[3] = SC_MR3(f);
	d->tag = tag & ~(0xfULL << 12);
	d->rcv_from = self->tid;
	timeout_cancel(d);
	d->ipc_err = L4_OK;
	d->in_call = 0;
	d->state = TS_READY;

	self->ipc_err = L4_OK;
	self->wait_from = from;
	self->in_call = from == to;
	self->state = TS_RECEIVING;
	if (rcv_to != L4_TIMEOUT_NEVER)
		timeout_set(self, (u32)rcv_to);
	arch_switch_to(self, d);

	/* Back here when a reply, a timeout or an abort woke us. */
	threads_reap();
	ipc_regs_out(self, f, self->ipc_err);
	self->in_call = 0;
	return true;
}
