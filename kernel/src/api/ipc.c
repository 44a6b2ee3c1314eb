/* Synchronous IPC: send, receive, call, reply-and-wait, timeouts, map items, notifications. */
#include <kernel.h>
#include <arch.h>

static bool waiting_for(struct tcb *r, struct tcb *s)
{
	return r->state == TS_RECEIVING &&
	       (r->wait_from == s->tid || r->wait_from == L4_ANYTHREAD);
}

/* Replies to a thread waiting in call for us are always allowed. */
bool ipc_may_send(struct tcb *s, struct tcb *d)
{
	return space_may_send(s->space, d->space) ||
	       (d->state == TS_RECEIVING && d->in_call && d->wait_from == s->tid);
}

static void sendq_append(struct tcb *r, struct tcb *s)
{
	s->sq_next = NULL;
	s->sq_prev = r->sq_tail;
	if (r->sq_tail)
		r->sq_tail->sq_next = s;
	else
		r->sq_head = s;
	r->sq_tail = s;
}

static void sendq_remove(struct tcb *r, struct tcb *s)
{
	if (s->sq_prev)
		s->sq_prev->sq_next = s->sq_next;
	else
		r->sq_head = s->sq_next;
	if (s->sq_next)
		s->sq_next->sq_prev = s->sq_prev;
	else
		r->sq_tail = s->sq_prev;
	s->sq_next = s->sq_prev = NULL;
	s->partner = NULL;
}

static bool window_ok(struct tcb *r, u64 dbase, u64 len)
{
	if (r->kmsg_on)
		return true;                      /* fault replies may map anywhere */
	u64 w = r->utcb->rcv_window;
	if (!(w & L4_WINDOW_VALID))
		return false;
	u64 order = (w >> 4) & 0x3f, base = w & PAGE_MASK;
	u64 wlen = order >= 36 ? L4_UTCB_AREA : PAGE_SIZE << order;
	return dbase >= base && len <= wlen && dbase - base <= wlen - len;
}

static u64 map_item(struct tcb *s, struct tcb *r, u64 w0, u64 w1)
{
	u64 order = (w0 >> 4) & 0x3f;
	if (order > L4_MAP_MAXORDER)
		return L4_EMAP;
	u64 len = PAGE_SIZE << order, sbase = w0 & PAGE_MASK, dbase = w1;
	if (!user_range_ok(sbase, len) || !user_range_ok(dbase, len) || !window_ok(r, dbase, len))
		return L4_EMAP;
	for (u64 off = 0; off < len; off += PAGE_SIZE) {
		u64 e = map_page(s->space, sbase + off, r->space, dbase + off, w0 & L4_RWX);
		if (e)
			return e;
	}
	return L4_OK;
}

/* Copy s's message into r's buffer and carry out its map items. */
static void transfer(struct tcb *s, struct tcb *r)
{
	u64 tag = s->tag, u = L4_TAG_U(tag), t = L4_TAG_T(tag), flags = 0;
	u64 *src = mbuf(s), *dst = mbuf(r);
	for (u64 i = 0; i < u + 2 * t; i++)
		dst[i] = src[i];
	for (u64 k = 0; k < t; k++)
		if (map_item(s, r, src[u + 2 * k], src[u + 2 * k + 1]))
			flags |= L4_TAGF_MAPERR;
	r->tag = (tag & ~(0xfULL << 12)) | (flags << 12);
	r->rcv_from = s->tid;
}

static void deliver_notify(struct tcb *t)
{
	mbuf(t)[0] = t->notify_bits;
	t->notify_bits = 0;
	t->tag = L4_TAG(L4_LABEL_NOTIFY, 1, 0);
	t->rcv_from = L4_NILTHREAD;
}

/* s's message has been taken: a caller now waits for the reply, others run. */
static void sender_done(struct tcb *s, struct tcb *r)
{
	if (s->call_pending) {
		s->call_pending = 0;
		s->state = TS_RECEIVING;
		s->wait_from = r->tid;
		s->in_call = 1;
		timeout_cancel(s);
		timeout_set(s, s->rcv_timeout_us);
	} else {
		thread_wake(s, L4_OK);
	}
}

static struct tcb *find_sender(struct tcb *self, u64 from)
{
	for (struct tcb *s = self->sq_head; s; s = s->sq_next)
		if (from == L4_ANYTHREAD || s->tid == from)
			return s;
	return NULL;
}

static u64 receive(struct tcb *self, u64 from, u32 rcv_to, bool call)
{
	bool any = from == L4_ANYTHREAD || from == L4_NOTIFYONLY;
	if (any && self->notify_bits && !self->kmsg_on) {
		deliver_notify(self);
		return L4_OK;
	}
	if (from != L4_NOTIFYONLY) {
		struct tcb *s = find_sender(self, from);
		if (s) {
			sendq_remove(self, s);
			transfer(s, self);
			sender_done(s, self);
			return L4_OK;
		}
		if (!any && !tid_lookup(from))
			return L4_ENOTHREAD | L4_ERR_RECV;
	}
	if (rcv_to == L4_TIMEOUT_ZERO)
		return L4_ETIMEOUT | L4_ERR_RECV;
	self->wait_from = from;
	timeout_set(self, rcv_to);
	thread_block(self, TS_RECEIVING);
	(void)call;
	return self->ipc_err;
}

u64 ipc(struct tcb *self, u64 to, u64 from, u64 timeouts)
{
	u32 snd_to = (u32)timeouts, rcv_to = (u32)(timeouts >> 32);
	bool call = to && to == from;
	self->ipc_err = 0;
	if (to) {
		struct tcb *d = tid_lookup(to);
		if (!d)
			return L4_ENOTHREAD;
		if (!self->kmsg_on && !ipc_may_send(self, d))
			return L4_EPERM;
		if (waiting_for(d, self)) {
			transfer(self, d);
			thread_wake(d, L4_OK);
		} else {
			if (snd_to == L4_TIMEOUT_ZERO)
				return L4_ETIMEOUT;
			self->partner = d;
			self->call_pending = call;
			self->rcv_timeout_us = rcv_to;
			sendq_append(d, self);
			timeout_set(self, snd_to);
			thread_block(self, TS_SENDING);
			self->call_pending = 0;
			if (self->ipc_err || call)
				return self->ipc_err;
		}
	}
	if (!from)
		return L4_OK;
	self->in_call = call;
	u64 e = receive(self, from, rcv_to, call);
	self->in_call = 0;
	return e;
}

/* The kernel's message on t's behalf (fault, exception): call, no timeout. */
u64 ipc_kernel_call(struct tcb *self, u64 to)
{
	self->kmsg_on = 1;
	u64 e = ipc(self, to, to, L4_TIMEOUTS(L4_TIMEOUT_NEVER, L4_TIMEOUT_NEVER));
	self->kmsg_on = 0;
	return e;
}

/* End t's IPC in progress with err (timeout, abort, partner death). */
void ipc_abort(struct tcb *t, u64 err)
{
	if (t->state == TS_SENDING) {
		sendq_remove(t->partner, t);
		thread_wake(t, err);
	} else if (t->state == TS_RECEIVING) {
		thread_wake(t, err | L4_ERR_RECV);
	} else {
		timeout_cancel(t);
	}
}

/* `dying` goes away: everyone blocked on it learns so. */
void ipc_cancel_all(struct tcb *dying)
{
	while (dying->sq_head) {
		struct tcb *s = dying->sq_head;
		sendq_remove(dying, s);
		thread_wake(s, L4_EDEAD);
	}
	for (int i = 1; i < thread_slots_used; i++) {
		struct tcb *x = thread_table[i];
		if (x && x != dying && x->state == TS_RECEIVING && x->wait_from == dying->tid)
			thread_wake(x, L4_EDEAD | L4_ERR_RECV);
	}
	if (dying->state == TS_SENDING)
		sendq_remove(dying->partner, dying);
}

u64 notify(struct tcb *t, u64 bits)
{
	if (t->vcpu) {                        /* events of a vCPU: see vcpu.c */
		t->vcpu->pending |= bits;
		if (t->vcpu_waiting && t->state == TS_RECEIVING)
			thread_wake(t, L4_OK);
		return L4_OK;
	}
	t->notify_bits |= bits;
	if (t->state == TS_RECEIVING && !t->kmsg_on && t->notify_bits &&
	    (t->wait_from == L4_ANYTHREAD || t->wait_from == L4_NOTIFYONLY)) {
		deliver_notify(t);
		thread_wake(t, L4_OK);
	}
	return L4_OK;
}
