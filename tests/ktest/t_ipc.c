/* IPC: timeouts, call and reply, long messages, spaces and access control,
 * aborts and dead partners, map items and receive windows. */
#include "ktest.h"

#define NEVER     L4_TIMEOUT_NEVER
#define MS        1000UL                 /* microseconds in a millisecond */
#define NS_MS     1000000UL              /* nanoseconds in a millisecond */
#define ECHO_ADD  0x1000UL
#define WIN       0x50000000UL           /* receive windows of child spaces */
#define KERNEL_VA 0xffffffff80000000UL

/* Results threads leave for the test; every test clears them first. */
static volatile int ready, done, go;
static volatile l4_word r_err[8], r_tag[8], r_mr[8], r_from[8];
static volatile l4_word echo_n, echo_err, echo_from, echo_tag;

/* The root never waits without a bound: a broken kernel fails a test, not the run. */
#define BOUNDED L4_TIMEOUTS(2000 * MS, 2000 * MS)
static l4_word call(l4_word to, struct l4_msg *m) { return l4_ipc(to, to, BOUNDED, m); }

static void reset(void)
{
	ready = done = go = 0;
	for (int i = 0; i < 8; i++)
		r_err[i] = r_tag[i] = r_mr[i] = r_from[i] = 0;
	echo_n = echo_err = echo_from = echo_tag = 0;
}

static l4_word state_of(l4_word tid)
{
	struct l4_exregs r = { 0 };
	if (l4_exregs(tid, 0, &r) != L4_OK)
		return 0;
	return r.state;
}

static bool wait_state(l4_word tid, l4_word state, l4_word ms)
{
	for (l4_word i = 0; i < ms && state_of(tid) != state; i++)
		sleep_us(MS);
	return state_of(tid) == state;
}

/* Waits only for messages from itself: never takes anyone else's. */
static void idler(l4_word arg)
{
	(void)arg;
	for (;;)
		sleep_us(1000 * MS);
}

/* Receives one message (from arg, or anyone) and records it. */
static void receive_one(l4_word arg)
{
	struct l4_msg m = { 0 };
	ready = 1;
	r_err[0] = l4_receive(arg ? arg : L4_ANYTHREAD, NEVER, &m);
	r_tag[0] = m.tag;
	for (int i = 0; i < L4_MR_REGS; i++)
		r_mr[i] = m.mr[i];
	r_from[0] = m.from;
	done = 1;
}

/* Replies to every message with label + 1 and every word + ECHO_ADD. */
static void echo_server(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	l4_word *mr = l4_utcb()->mr;
	l4_word e = l4_receive(L4_ANYTHREAD, NEVER, &m);
	for (;;) {
		echo_err = e;
		echo_from = m.from;
		echo_tag = m.tag;
		echo_n++;
		if (e != L4_OK) {
			e = l4_receive(L4_ANYTHREAD, NEVER, &m);
			continue;
		}
		l4_word u = L4_TAG_U(m.tag);
		for (l4_word i = 0; i < L4_MR_REGS; i++)
			m.mr[i] += ECHO_ADD;
		for (l4_word i = L4_MR_REGS; i < u; i++)
			mr[i] += ECHO_ADD;
		m.tag = L4_TAG(L4_TAG_LABEL(m.tag) + 1, u, 0);
		e = l4_reply_wait(m.from, &m);
	}
}

KTEST(ipc_send_zero_timeout, "a send with zero timeout to a thread that is not receiving fails at once with ETIMEOUT")
{
	reset();
	l4_word t = thread_new(root_space, 150, idler, 0);
	struct l4_msg m = { .tag = L4_TAG(1, 1, 0), .mr = { 42 } };
	l4_word t0 = l4_clock();
	l4_word e = l4_send(t, L4_TIMEOUT_ZERO, &m);
	l4_word dt = l4_clock() - t0;
	l4_word st = state_of(t);
	l4_thread_destroy(t);
	CHECK(t != 0);
	CHECK_EQ(e, L4_ETIMEOUT);
	CHECK(dt < 100 * NS_MS);
	CHECK_EQ(st, L4_TS_RECEIVING);      /* it was blocked, just not for us */
}

KTEST(ipc_recv_zero_timeout, "a receive with zero timeout and nothing pending fails with ETIMEOUT|ERR_RECV")
{
	struct l4_msg m = { 0 };
	l4_word e1 = l4_receive(L4_ANYTHREAD, L4_TIMEOUT_ZERO, &m);
	l4_word err1 = l4_utcb()->error;
	l4_word e2 = l4_receive(pager_tid, L4_TIMEOUT_ZERO, &m);
	l4_word e3 = l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_ZERO, &m);
	CHECK_EQ(e1, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK_EQ(err1, L4_ETIMEOUT | L4_ERR_RECV);   /* the UTCB keeps the last error */
	CHECK_EQ(e2, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK_EQ(e3, L4_ETIMEOUT | L4_ERR_RECV);
}

KTEST(ipc_recv_timeout_finite, "a 5 ms and a 20 ms receive time out with ETIMEOUT|ERR_RECV, never before the time")
{
	struct l4_msg m = { 0 };
	l4_word t0 = l4_clock();
	l4_word e1 = l4_receive(L4_ANYTHREAD, 5 * MS, &m);
	l4_word t1 = l4_clock();
	l4_word e2 = l4_receive(root_tid, 20 * MS, &m);
	l4_word t2 = l4_clock();
	CHECK_EQ(e1, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK_EQ(e2, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK(t1 - t0 >= 5 * NS_MS);
	CHECK(t2 - t1 >= 20 * NS_MS);
	CHECK(t2 - t0 < 1000 * NS_MS);
}

/* Sleeps 30 ms, then looks for a queued message without waiting. */
static void late_receiver(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	sleep_us(30 * MS);
	r_err[0] = l4_receive(L4_ANYTHREAD, L4_TIMEOUT_ZERO, &m);
	done = 1;
}

KTEST(ipc_send_timeout_finite, "a 5 ms send to a busy thread times out after 5 ms and leaves no message queued")
{
	reset();
	l4_word t = thread_new(root_space, 150, late_receiver, 0);
	struct l4_msg m = { .tag = L4_TAG(3, 1, 0), .mr = { 7 } };
	l4_word t0 = l4_clock();
	l4_word e = l4_send(t, 5 * MS, &m);
	l4_word dt = l4_clock() - t0;
	bool ok = wait_for(&done, 1, 1000);
	l4_thread_destroy(t);
	CHECK_EQ(e, L4_ETIMEOUT);
	CHECK(dt >= 5 * NS_MS);
	CHECK(dt < 1000 * NS_MS);
	CHECK(ok);
	CHECK_EQ(r_err[0], L4_ETIMEOUT | L4_ERR_RECV);    /* the timed-out sender left the queue */
}

KTEST(ipc_recv_woken_by_send, "a thread blocked in an infinite receive is woken by a later send with the message")
{
	reset();
	l4_word t = thread_new(root_space, 150, receive_one, 0);
	bool blocked = wait_state(t, L4_TS_RECEIVING, 1000);
	sleep_us(2 * MS);
	int early = done;
	struct l4_msg m = { .tag = L4_TAG(0x33, 3, 0), .mr = { 7, 8, 9, 10 } };
	l4_word e = l4_send(t, 2000 * MS, &m);
	bool ok = wait_for(&done, 1, 1000);
	l4_thread_destroy(t);
	CHECK(blocked);
	CHECK_EQ(early, 0);
	CHECK_EQ(e, L4_OK);
	CHECK(ok);
	CHECK_EQ(r_err[0], L4_OK);
	CHECK_EQ(L4_TAG_LABEL(r_tag[0]), 0x33);
	CHECK_EQ(L4_TAG_U(r_tag[0]), 3);
	CHECK_EQ(L4_TAG_FLAGS(r_tag[0]), 0);
	CHECK_EQ(r_mr[0], 7);
	CHECK_EQ(r_mr[1], 8);
	CHECK_EQ(r_mr[2], 9);
	CHECK_EQ(r_from[0], root_tid);
}

KTEST(ipc_call_reply_regs, "call/reply in one space echoes 4 register words, the label and the partners' ids")
{
	reset();
	l4_word srv = thread_new(root_space, 150, echo_server, 0);
	l4_word bad = 0, e = 0;
	struct l4_msg m;
	for (l4_word k = 0; k < 3; k++) {
		m = (struct l4_msg){ .tag = L4_TAG(0x42 + k, 4, 0), .mr = { 0x11 * k, 0x22, 0x33, 0x44 + k } };
		e |= call(srv, &m);
		bad |= L4_TAG_LABEL(m.tag) != 0x43 + k || L4_TAG_U(m.tag) != 4 || L4_TAG_T(m.tag) != 0 ||
		       m.mr[0] != 0x11 * k + ECHO_ADD || m.mr[1] != 0x22 + ECHO_ADD ||
		       m.mr[2] != 0x33 + ECHO_ADD || m.mr[3] != 0x44 + k + ECHO_ADD || m.from != srv;
	}
	l4_word n = echo_n, from = echo_from, tag = echo_tag, err = echo_err;
	l4_thread_destroy(srv);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(bad, 0);
	CHECK_EQ(n, 3);
	CHECK_EQ(err, L4_OK);
	CHECK_EQ(from, root_tid);
	CHECK_EQ(tag, L4_TAG(0x44, 4, 0));
}

static l4_word pattern(l4_word i) { return 0xabc00000UL + i * 0x10101UL; }

KTEST(ipc_long_message, "a 40-word call (36 words in UTCB MRs) reaches the server and its 40-word reply comes back intact")
{
	reset();
	l4_word srv = thread_new(root_space, 150, echo_server, 0);
	l4_word *mr = l4_utcb()->mr, bad = 0;
	struct l4_msg m = { .tag = L4_TAG(0x50, 40, 0) };
	for (l4_word i = 0; i < 40; i++)
		mr[i] = pattern(i);
	for (l4_word i = 0; i < L4_MR_REGS; i++)
		m.mr[i] = pattern(i);
	mr[40] = 0x5eed;
	l4_word e = call(srv, &m);
	for (l4_word i = 0; i < L4_MR_REGS; i++)
		bad |= (m.mr[i] != pattern(i) + ECHO_ADD) << i;
	for (l4_word i = L4_MR_REGS; i < 40; i++)
		bad |= (l4_word)(mr[i] != pattern(i) + ECHO_ADD) << i;
	l4_word tag = echo_tag, mr40 = mr[40];
	l4_thread_destroy(srv);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(tag, L4_TAG(0x50, 40, 0));
	CHECK_EQ(m.tag, L4_TAG(0x51, 40, 0));
	CHECK_EQ(bad, 0);
	CHECK_EQ(mr40, 0x5eed);                /* nothing beyond the message was written */
}

KTEST(ipc_call_cross_space, "call/reply to a server in another space: register and 12-word messages round trip")
{
	reset();
	l4_word sid = space_new();
	l4_word ea = l4_space_ctrl(sid, L4_SC_ALLOW, root_space);
	l4_word srv = thread_new(sid, 150, echo_server, 0);
	struct l4_msg m = { .tag = L4_TAG(0x10, 4, 0), .mr = { 1, 2, 3, 4 } };
	l4_word e1 = call(srv, &m);
	struct l4_msg r1 = m;
	l4_word *mr = l4_utcb()->mr, bad = 0;
	for (l4_word i = 0; i < 12; i++)
		mr[i] = pattern(i);
	m = (struct l4_msg){ .tag = L4_TAG(0x20, 12, 0), .mr = { pattern(0), pattern(1), pattern(2), pattern(3) } };
	l4_word e2 = call(srv, &m);
	for (l4_word i = 0; i < 12; i++)
		bad |= (l4_word)((i < L4_MR_REGS ? m.mr[i] : mr[i]) != pattern(i) + ECHO_ADD) << i;
	l4_word n = echo_n, from = echo_from;
	l4_space_destroy(sid);
	CHECK(sid != 0 && srv != 0);
	CHECK_EQ(ea, L4_OK);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(r1.tag, L4_TAG(0x11, 4, 0));
	CHECK_EQ(r1.mr[0], 1 + ECHO_ADD);
	CHECK_EQ(r1.mr[3], 4 + ECHO_ADD);
	CHECK_EQ(r1.from, srv);
	CHECK_EQ(e2, L4_OK);
	CHECK_EQ(m.tag, L4_TAG(0x21, 12, 0));
	CHECK_EQ(bad, 0);
	CHECK_EQ(n, 2);
	CHECK_EQ(from, root_tid);
}

/* Sends one message (label arg, mr0 = 10 * arg) to the root thread. */
static volatile int senders_done;
static void send_to_root(l4_word arg)
{
	struct l4_msg m = { .tag = L4_TAG(arg, 1, 0), .mr = { 10 * arg } };
	r_err[arg] = l4_send(root_tid, NEVER, &m);
	senders_done++;
}

KTEST(ipc_recv_specific_sender, "a receive from one sender picks it out of the queue; open receives then take the rest in order")
{
	reset();
	senders_done = 0;
	l4_word s[4] = { 0 };
	bool queued = true;
	for (l4_word i = 1; i <= 3; i++) {
		s[i] = thread_new(root_space, 150, send_to_root, i);
		queued = queued && wait_state(s[i], L4_TS_SENDING, 1000);
	}
	struct l4_msg a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };
	l4_word e1 = l4_receive(s[2], L4_TIMEOUT_ZERO, &a);   /* the middle one */
	l4_word e2 = l4_receive(L4_ANYTHREAD, L4_TIMEOUT_ZERO, &b);
	l4_word e3 = l4_receive(L4_ANYTHREAD, L4_TIMEOUT_ZERO, &c);
	l4_word e4 = l4_receive(L4_ANYTHREAD, L4_TIMEOUT_ZERO, &d);
	bool all = wait_for(&senders_done, 3, 1000);
	for (int i = 1; i <= 3; i++)
		l4_thread_destroy(s[i]);
	CHECK(queued);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(a.from, s[2]);
	CHECK_EQ(a.tag, L4_TAG(2, 1, 0));
	CHECK_EQ(a.mr[0], 20);
	CHECK_EQ(e2, L4_OK);
	CHECK_EQ(b.from, s[1]);                 /* first queued */
	CHECK_EQ(b.mr[0], 10);
	CHECK_EQ(e3, L4_OK);
	CHECK_EQ(c.from, s[3]);
	CHECK_EQ(c.mr[0], 30);
	CHECK_EQ(e4, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK(all);
	CHECK_EQ(r_err[1] | r_err[2] | r_err[3], L4_OK);
}

KTEST(ipc_send_nothread, "IPC to or from thread ids that name no thread gets ENOTHREAD")
{
	struct l4_msg m = { .tag = L4_TAG(1, 0, 0) };
	l4_word nobody = 1000 | (77UL << 16);
	l4_word e1 = l4_send(nobody, L4_TIMEOUT_ZERO, &m);
	l4_word e2 = l4_send(nobody, 2000 * MS, &m);
	l4_word e3 = l4_send(1UL << 16, 2000 * MS, &m);             /* index 0 */
	l4_word e4 = l4_send(0xffff | (1UL << 16), 2000 * MS, &m);  /* index beyond the table */
	m.tag = 0;
	l4_word e5 = call(nobody, &m);
	l4_word e6 = l4_receive(nobody, 2000 * MS, &m);
	l4_word e7 = l4_receive(root_tid + (1UL << 16), L4_TIMEOUT_ZERO, &m);   /* our index, wrong version */
	CHECK_EQ(e1, L4_ENOTHREAD);
	CHECK_EQ(e2, L4_ENOTHREAD);
	CHECK_EQ(e3, L4_ENOTHREAD);
	CHECK_EQ(e4, L4_ENOTHREAD);
	CHECK_EQ(e5, L4_ENOTHREAD);
	CHECK_EQ(e6, L4_ENOTHREAD | L4_ERR_RECV);
	CHECK_EQ(e7, L4_ENOTHREAD | L4_ERR_RECV);
}

KTEST(ipc_send_stale_tid, "the id of a destroyed thread is dead for IPC even when a new thread reuses its slot")
{
	l4_word t = thread_new(root_space, 150, idler, 0);
	l4_word d1 = l4_thread_destroy(t);
	l4_word d2 = l4_thread_destroy(t);
	struct l4_msg m = { .tag = L4_TAG(1, 0, 0) };
	l4_word e1 = l4_send(t, 2000 * MS, &m);
	l4_word e2 = call(t, &m);
	l4_word e3 = l4_notify(t, 1);
	l4_word t2 = thread_new(root_space, 150, idler, 0);
	l4_word e4 = l4_send(t, 2000 * MS, &m);
	l4_word e5 = l4_send(t2, L4_TIMEOUT_ZERO, &m);
	l4_thread_destroy(t2);
	CHECK(t != 0 && t2 != 0);
	CHECK_EQ(d1, L4_OK);
	CHECK_EQ(d2, L4_ENOTHREAD);
	CHECK_EQ(e1, L4_ENOTHREAD);
	CHECK_EQ(e2, L4_ENOTHREAD);
	CHECK_EQ(e3, L4_ENOTHREAD);
	CHECK(t2 != t);              /* (the kernel takes the lowest free slot: t2 reuses t's index) */
	CHECK_EQ(e4, L4_ENOTHREAD);
	CHECK_EQ(e5, L4_ETIMEOUT);                        /* the new thread exists */
}

KTEST(ipc_bad_tag, "a tag with u + 2t > 64 message registers is rejected with EINVAL; exactly 64 is accepted")
{
	l4_word t = thread_new(root_space, 150, idler, 0);
	struct l4_msg m = { .tag = L4_TAG(1, 63, 1) };
	l4_word e1 = l4_ipc(t, L4_NILTHREAD, L4_TIMEOUTS(0, 0), &m);
	m.tag = L4_TAG(1, 0, 33);
	l4_word e2 = l4_ipc(t, L4_NILTHREAD, L4_TIMEOUTS(0, 0), &m);
	m.tag = L4_TAG(1, 60, 3);
	l4_word e3 = call(t, &m);
	m.tag = L4_TAG(1, 62, 1);                          /* 64 words: fine */
	l4_word e4 = l4_ipc(t, L4_NILTHREAD, L4_TIMEOUTS(0, 0), &m);
	m.tag = L4_TAG(1, 0, 32);
	l4_word e5 = l4_ipc(t, L4_NILTHREAD, L4_TIMEOUTS(0, 0), &m);
	l4_thread_destroy(t);
	CHECK_EQ(e1, L4_EINVAL);
	CHECK_EQ(e2, L4_EINVAL);
	CHECK_EQ(e3, L4_EINVAL);
	CHECK_EQ(e4, L4_ETIMEOUT);
	CHECK_EQ(e5, L4_ETIMEOUT);
}

/* A client in a child space: denied, allowed, denied again as the root says. */
static void acl_client(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { .tag = L4_TAG(9, 1, 0), .mr = { 99 } };
	r_err[0] = l4_send(root_tid, L4_TIMEOUT_ZERO, &m);
	ready = 1;
	wait_for(&go, 1, 2000);
	m = (struct l4_msg){ .tag = L4_TAG(9, 1, 0), .mr = { 99 } };
	r_err[1] = l4_send(root_tid, 2000 * MS, &m);
	ready = 2;
	wait_for(&go, 2, 2000);
	r_err[2] = l4_send(root_tid, L4_TIMEOUT_ZERO, &m);
	done = 1;
}

KTEST(ipc_access_control, "a child space may send to the root only after SPACE_CTRL ALLOW, and not after DENY")
{
	reset();
	l4_word sid = space_new();
	l4_word c = thread_new(sid, 150, acl_client, 0);
	bool r1 = wait_for(&ready, 1, 1000);
	l4_word ea = l4_space_ctrl(sid, L4_SC_ALLOW, root_space);
	go = 1;
	struct l4_msg m = { 0 };
	l4_word e = l4_receive(c, 2000 * MS, &m);
	bool r2 = wait_for(&ready, 2, 1000);
	l4_word ed = l4_space_ctrl(sid, L4_SC_DENY, root_space);
	go = 2;
	bool ok = wait_for(&done, 1, 1000);
	l4_space_destroy(sid);
	CHECK(r1 && r2 && ok);
	CHECK_EQ(r_err[0], L4_EPERM);
	CHECK_EQ(ea, L4_OK);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(m.from, c);
	CHECK_EQ(m.tag, L4_TAG(9, 1, 0));
	CHECK_EQ(m.mr[0], 99);
	CHECK_EQ(r_err[1], L4_OK);
	CHECK_EQ(ed, L4_OK);
	CHECK_EQ(r_err[2], L4_EPERM);
}

/* A server in a child space with no right to send anywhere. */
static void child_server(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { .tag = L4_TAG(1, 0, 0) };
	r_err[0] = l4_send(root_tid, L4_TIMEOUT_ZERO, &m);       /* EPERM */
	ready = 1;
	r_err[1] = l4_receive(L4_ANYTHREAD, NEVER, &m);
	r_from[0] = m.from;
	m.tag = L4_TAG(L4_TAG_LABEL(m.tag) + 1, 1, 0);
	m.mr[0]++;
	r_err[2] = l4_ipc(r_from[0], L4_NILTHREAD, L4_TIMEOUTS(0, 0), &m);   /* a plain reply */
	r_err[3] = l4_send(root_tid, L4_TIMEOUT_ZERO, &m);       /* no caller waits now: EPERM */
	r_err[4] = l4_receive(L4_ANYTHREAD, NEVER, &m);
	m.tag = L4_TAG(L4_TAG_LABEL(m.tag) + 1, 1, 0);
	m.mr[0]++;
	done = 1;
	l4_reply_wait(m.from, &m);                               /* reply and wait */
	for (;;)
		sleep_us(1000 * MS);
}

KTEST(ipc_reply_always_allowed, "a server in a space with no send rights can reply (send or reply-wait) to its caller only")
{
	reset();
	l4_word sid = space_new();
	l4_word srv = thread_new(sid, 150, child_server, 0);
	bool r = wait_for(&ready, 1, 1000);
	struct l4_msg m1 = { .tag = L4_TAG(5, 1, 0), .mr = { 100 } };
	l4_word e1 = call(srv, &m1);
	struct l4_msg m2 = { .tag = L4_TAG(7, 1, 0), .mr = { 200 } };
	l4_word e2 = call(srv, &m2);
	l4_space_destroy(sid);
	CHECK(r);
	CHECK_EQ(r_err[0], L4_EPERM);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(m1.tag, L4_TAG(6, 1, 0));
	CHECK_EQ(m1.mr[0], 101);
	CHECK_EQ(m1.from, srv);
	CHECK_EQ(r_err[1], L4_OK);
	CHECK_EQ(r_from[0], root_tid);
	CHECK_EQ(r_err[2], L4_OK);
	CHECK_EQ(r_err[3], L4_EPERM);
	CHECK_EQ(r_err[4], L4_OK);
	CHECK_EQ(e2, L4_OK);
	CHECK_EQ(m2.tag, L4_TAG(8, 1, 0));
	CHECK_EQ(m2.mr[0], 201);
}

KTEST(ipc_abort_receive, "exregs ABORT of a thread blocked in receive makes its IPC return EABORTED|ERR_RECV")
{
	reset();
	l4_word t = thread_new(root_space, 150, receive_one, 0);
	bool blocked = wait_state(t, L4_TS_RECEIVING, 1000);
	struct l4_exregs r = { 0 };
	l4_word e = l4_exregs(t, L4_EX_ABORT, &r);
	bool ok = wait_for(&done, 1, 1000);
	l4_thread_destroy(t);
	CHECK(blocked);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(r.state, L4_TS_RECEIVING);
	CHECK(ok);
	CHECK_EQ(r_err[0], L4_EABORTED | L4_ERR_RECV);
}

/* Sends (arg 0) or calls (arg 1) the thread whose id is in partner. */
static volatile l4_word partner;
static volatile int partners_done;
static void send_to_partner(l4_word is_call)
{
	struct l4_msg m = { .tag = L4_TAG(4, 1, 0), .mr = { 4 } };
	l4_word e = is_call ? l4_call(partner, &m) : l4_send(partner, NEVER, &m);
	r_err[is_call] = e;
	partners_done++;
}

KTEST(ipc_abort_send, "exregs ABORT of a thread blocked sending (or in the send phase of a call) returns EABORTED")
{
	reset();
	l4_word busy = thread_new(root_space, 150, idler, 0);
	partner = busy;
	partners_done = 0;
	l4_word s0 = thread_new(root_space, 150, send_to_partner, 0);
	l4_word s1 = thread_new(root_space, 150, send_to_partner, 1);
	bool q = wait_state(s0, L4_TS_SENDING, 1000) && wait_state(s1, L4_TS_SENDING, 1000);
	struct l4_exregs r = { 0 };
	l4_word a0 = l4_exregs(s0, L4_EX_ABORT, &r);
	l4_word a1 = l4_exregs(s1, L4_EX_ABORT, &r);
	bool ok = wait_for(&partners_done, 2, 1000);
	struct l4_msg m = { .tag = L4_TAG(1, 0, 0) };
	l4_word e = l4_send(busy, L4_TIMEOUT_ZERO, &m);    /* still there and not receiving */
	l4_thread_destroy(s0);
	l4_thread_destroy(s1);
	l4_thread_destroy(busy);
	CHECK(q);
	CHECK_EQ(a0 | a1, L4_OK);
	CHECK(ok);
	CHECK_EQ(r_err[0], L4_EABORTED);
	CHECK_EQ(r_err[1], L4_EABORTED);
	CHECK_EQ(e, L4_ETIMEOUT);
}

KTEST(ipc_sender_edead, "senders queued on a thread that is destroyed get EDEAD")
{
	reset();
	l4_word busy = thread_new(root_space, 150, idler, 0);
	partner = busy;
	partners_done = 0;
	l4_word s0 = thread_new(root_space, 150, send_to_partner, 0);
	l4_word s1 = thread_new(root_space, 150, send_to_partner, 1);
	bool q = wait_state(s0, L4_TS_SENDING, 1000) && wait_state(s1, L4_TS_SENDING, 1000);
	l4_word d = l4_thread_destroy(busy);
	bool ok = wait_for(&partners_done, 2, 1000);
	l4_thread_destroy(s0);
	l4_thread_destroy(s1);
	CHECK(q);
	CHECK_EQ(d, L4_OK);
	CHECK(ok);
	CHECK_EQ(r_err[0], L4_EDEAD);
	CHECK_EQ(r_err[1], L4_EDEAD);
}

/* Takes one call and never replies. */
static void take_one_call(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	r_err[4] = l4_receive(L4_ANYTHREAD, NEVER, &m);
	r_from[4] = m.from;
	ready = 1;
	for (;;)
		sleep_us(1000 * MS);
}

KTEST(ipc_receiver_edead, "a caller waiting for a reply, and a closed receive, from a thread that is destroyed get EDEAD|ERR_RECV")
{
	reset();
	l4_word srv = thread_new(root_space, 150, take_one_call, 0);
	partner = srv;
	partners_done = 0;
	l4_word c = thread_new(root_space, 150, send_to_partner, 1);     /* calls srv */
	l4_word w = thread_new(root_space, 150, receive_one, srv);       /* waits for srv only */
	bool taken = wait_for(&ready, 1, 1000);
	bool waiting = wait_state(c, L4_TS_RECEIVING, 1000) && wait_state(w, L4_TS_RECEIVING, 1000);
	l4_thread_destroy(srv);
	bool ok = wait_for(&partners_done, 1, 1000) && wait_for(&done, 1, 1000);
	l4_thread_destroy(c);
	l4_thread_destroy(w);
	CHECK(taken && waiting);
	CHECK_EQ(r_from[4], c);
	CHECK(ok);
	CHECK_EQ(r_err[1], L4_EDEAD | L4_ERR_RECV);
	CHECK_EQ(r_err[0], L4_EDEAD | L4_ERR_RECV);
}

/* Source pages for map items, allocated once: the root heap never shrinks. */
static l4_word *map_src(void)
{
	static l4_word *src;
	if (!src)
		src = page_alloc(8);
	if (src)
		memset(src, 0, 8 * 4096);
	return src;
}

/* Receives one message from the root with the window it is given, then
 * reads two words from the mapped pages and writes one back. */
static void map_receiver(l4_word window)
{
	struct l4_msg m = { 0 };
	l4_utcb()->rcv_window = window;
	ready = 1;
	r_err[0] = l4_receive(root_tid, 2000 * MS, &m);
	r_tag[0] = m.tag;
	r_mr[0] = m.mr[0];
	if (r_err[0] == L4_OK && !(L4_TAG_FLAGS(m.tag) & L4_TAGF_MAPERR)) {
		volatile l4_word *p = (volatile l4_word *)(WIN + 0x2000);
		r_mr[1] = p[0];
		r_mr[2] = p[512 + 1];          /* the second page */
		p[2] = 0xfeedf00d;
	}
	done = 1;
}

KTEST(ipc_map_item_window, "two pages sent by a map item into the receiver's window hold the sender's data and are shared")
{
	reset();
	l4_word *src = map_src();
	src[0] = 0x1111;
	src[512 + 1] = 0x2222;
	l4_word sid = space_new();
	l4_word r = thread_new(sid, 150, map_receiver, L4_WINDOW(WIN, 4));
	bool rd = wait_for(&ready, 1, 1000);
	struct l4_msg m = { .tag = L4_TAG(0x21, 1, 1),
			    .mr = { 0xabc, L4_MAPITEM0(src, 1, L4_R | L4_W), WIN + 0x2000 } };
	l4_word e = l4_send(r, 2000 * MS, &m);
	bool ok = wait_for(&done, 1, 1000);
	l4_word back = ((volatile l4_word *)src)[2];
	l4_space_destroy(sid);
	CHECK(src && rd && ok);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(r_err[0], L4_OK);
	CHECK_EQ(L4_TAG_FLAGS(r_tag[0]), 0);
	CHECK_EQ(L4_TAG_LABEL(r_tag[0]), 0x21);
	CHECK_EQ(r_mr[0], 0xabc);
	CHECK_EQ(r_mr[1], 0x1111);
	CHECK_EQ(r_mr[2], 0x2222);
	CHECK_EQ(back, 0xfeedf00d);           /* the same physical page */
}

/* Faults in the window are recorded and left unanswered; others are served like the root pager does. */
static volatile l4_word hook_addr, hook_access, hook_n;
static int window_pager(struct l4_msg *m, l4_word *mr)
{
	(void)mr;
	l4_word addr = m->mr[0] & ~0xfffUL;
	if (addr >= WIN) {
		hook_addr = m->mr[0];
		hook_access = m->mr[1];
		hook_n++;
		return 0;
	}
	m->tag = L4_TAG(0, 0, 1);
	m->mr[0] = L4_MAPITEM0(addr, 0, L4_RWX);
	m->mr[1] = addr;
	return 1;
}

KTEST(ipc_map_item_rights, "a read-only map item gives a readable page whose write faults to the pager")
{
	reset();
	hook_addr = hook_access = hook_n = 0;
	l4_word *src = map_src();
	src[0] = 0x3333;
	pager_hook = window_pager;
	l4_word sid = space_new();
	l4_word r = thread_new(sid, 150, map_receiver, L4_WINDOW(WIN, 4));
	bool rd = wait_for(&ready, 1, 1000);
	struct l4_msg m = { .tag = L4_TAG(0x22, 1, 1),
			    .mr = { 0xdef, L4_MAPITEM0(src, 1, L4_R), WIN + 0x2000 } };
	l4_word e = l4_send(r, 2000 * MS, &m);
	for (int i = 0; i < 1000 && !hook_n; i++)
		sleep_us(MS);
	l4_word n = hook_n, addr = hook_addr, access = hook_access, back = ((volatile l4_word *)src)[2];
	l4_space_destroy(sid);
	pager_hook = NULL;
	CHECK(src && rd);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(L4_TAG_FLAGS(r_tag[0]), 0);
	CHECK_EQ(r_mr[1], 0x3333);              /* read works */
	CHECK_EQ(n, 1);                         /* the write faulted */
	CHECK_EQ(addr, WIN + 0x2000 + 16);
	CHECK_EQ(access & (L4_PF_WRITE | L4_PF_PRESENT), L4_PF_WRITE | L4_PF_PRESENT);
	CHECK_EQ(back, 0);                      /* and did not happen */
	CHECK_EQ(done, 0);
}

/* Receives n messages from the root, each with the window in win_for[i]. */
static volatile l4_word win_for[8];
static void map_loop_receiver(l4_word n)
{
	struct l4_msg m = { 0 };
	for (int i = 0; i < 8; i++) {               /* touch everything before the counting starts */
		r_err[i] = r_tag[i] = r_mr[i] = 0;
		(void)win_for[i];
	}
	for (l4_word i = 0; i < n; i++) {
		l4_utcb()->rcv_window = win_for[i];
		r_err[i] = l4_receive(root_tid, 2000 * MS, &m);
		r_tag[i] = m.tag;
		r_mr[i] = m.mr[0];
		done = (int)i + 1;
	}
}

/* Sends case i: one word (i) and one map item; returns the send's error. */
static l4_word send_map_case(l4_word to, l4_word i, l4_word w0, l4_word w1)
{
	struct l4_msg m = { .tag = L4_TAG(0x60 + i, 1, 1), .mr = { i, w0, w1 } };
	return l4_send(to, 2000 * MS, &m);
}

/* Runs the map-item cases in a child receiver; returns a bit per case whose
 * MAPERR flag differs from want_err, and the map-node counts seen. */
struct map_case { l4_word window, w0, w1; bool want_err; };
static l4_word run_map_cases(const struct map_case *c, l4_word n, l4_word *nodes_rejected,
			     l4_word *nodes_before, l4_word *nodes_after, l4_word *send_err)
{
	reset();
	l4_word sid = space_new();
	win_for[0] = 0;
	for (l4_word i = 0; i < n; i++)
		win_for[i + 1] = c[i].window;
	l4_word r = thread_new(sid, 150, map_loop_receiver, n + 1);
	struct l4_msg m = { .tag = L4_TAG(0x5f, 1, 0), .mr = { 0 } };
	*send_err = l4_send(r, 2000 * MS, &m);             /* warm-up: all faults taken */
	wait_for(&done, 1, 1000);
	*nodes_before = l4_kinfo(L4_KI_MAPNODES);
	*nodes_rejected = *nodes_before;
	l4_word bad = 0;
	for (l4_word i = 0; i < n; i++) {
		*send_err |= send_map_case(r, i + 1, c[i].w0, c[i].w1);
		if (c[i].want_err)
			*nodes_rejected = l4_kinfo(L4_KI_MAPNODES);
	}
	wait_for(&done, (int)n + 1, 1000);
	*nodes_after = l4_kinfo(L4_KI_MAPNODES);
	for (l4_word i = 0; i < n; i++) {
		bool err = L4_TAG_FLAGS(r_tag[i + 1]) & L4_TAGF_MAPERR;
		if (err != c[i].want_err || r_err[i + 1] != L4_OK || r_mr[i + 1] != i + 1 ||
		    L4_TAG_LABEL(r_tag[i + 1]) != 0x60 + i + 1)
			bad |= 1UL << i;
	}
	if (done != (int)n + 1)
		bad |= 1UL << 63;
	l4_space_destroy(sid);
	return bad;
}

KTEST(ipc_map_outside_window, "map items outside the receive window (or with none, or too big) set MAPERR and map nothing")
{
	l4_word *src = map_src();
	l4_word w = L4_WINDOW(WIN, 2);            /* 4 pages */
	const struct map_case c[] = {
		{ w, L4_MAPITEM0(src, 0, L4_R), WIN + 0x4000, true },            /* just past the end */
		{ w, L4_MAPITEM0(src, 0, L4_R), WIN - 0x1000, true },            /* just below */
		{ w, L4_MAPITEM0(src, 3, L4_R), WIN, true },                     /* 8 pages into 4 */
		{ w, L4_MAPITEM0(src, 1, L4_R), WIN + 0x3000, true },            /* straddles the end */
		{ 0, L4_MAPITEM0(src, 0, L4_R), WIN, true },                     /* no window */
		{ w, L4_MAPITEM0(src, L4_MAP_MAXORDER + 1, L4_R), WIN, true },   /* order too big */
		{ w, L4_MAPITEM0(src, 0, L4_R), WIN + 0x3000, false },           /* inside: maps */
	};
	l4_word rej, before, after, se;
	l4_word bad = run_map_cases(c, 7, &rej, &before, &after, &se);
	CHECK(src);
	CHECK_EQ(se, L4_OK);
	CHECK_EQ(bad, 0);
	CHECK_EQ(rej, before);                  /* rejected items mapped nothing */
	CHECK_EQ(after, before + 1);            /* the good one mapped one page */
}

KTEST(ipc_map_kernel_addr, "map items naming kernel, UTCB or non-user addresses as source or destination set MAPERR")
{
	l4_word *src = map_src();
	l4_word w = L4_WINDOW(WIN, 4);
	const struct map_case c[] = {
		{ w, L4_MAPITEM0(KERNEL_VA, 0, L4_RWX), WIN, true },                  /* kernel source */
		{ w, L4_MAPITEM0(KERNEL_VA + 0x200000, 2, L4_R), WIN, true },
		{ L4_WINDOW(KERNEL_VA, 4), L4_MAPITEM0(src, 0, L4_R), KERNEL_VA, true }, /* kernel destination */
		{ w, L4_MAPITEM0(L4_UTCB_AREA, 0, L4_R | L4_W), WIN, true },          /* the root's UTCB */
		{ w, L4_MAPITEM0(L4_USER_TOP, 0, L4_R), WIN, true },
		{ w, L4_MAPITEM0(0x0000800000000000UL, 0, L4_R), WIN, true },         /* non-canonical */
		{ w, L4_MAPITEM0(src, 0, L4_R), WIN, false },                         /* control */
	};
	l4_word rej, before, after, se;
	l4_word bad = run_map_cases(c, 7, &rej, &before, &after, &se);
	CHECK(src);
	CHECK_EQ(se, L4_OK);
	CHECK_EQ(bad, 0);
	CHECK_EQ(rej, before);
	CHECK_EQ(after, before + 1);
}
