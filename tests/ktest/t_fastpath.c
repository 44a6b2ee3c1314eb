/* The IPC fast path's cases and its seams with the slow path: registers kept
 * across a call, resumption by the slow path (long reply, timeout, abort,
 * death, notification), timeouts it arms and cancels, priorities, FS/GS and
 * FPU state across its switch, foreign-ABI and access-control refusals.
 * Every test holds with the fast path on and off (the results must agree). */
#include "fastpath.h"

#define NEVER  L4_TIMEOUT_NEVER
#define MS     1000UL                    /* microseconds in a millisecond */
#define NS_MS  1000000UL                 /* nanoseconds in a millisecond */
#define ADD    0x1000UL

static void keep_values(struct fp_regs *r, l4_word seed)
{
	for (int i = 0; i < KT_FP_KEEP; i++)
		r->keep[i] = seed * 0x100 + (l4_word)i + 1;
	r->fpv = seed * 0x10001;
}

/* Registers that must come back unchanged from fp_ipc(to, ..., timeouts, r). */
static bool kept(const struct fp_regs *r, l4_word to, l4_word timeouts)
{
	for (int i = 0; i < KT_FP_KEEP; i++)
		if (r->okeep[i] != r->keep[i])
			return false;
	return r->oto == to && r->otmo == timeouts && r->ofpv == r->fpv;
}

/* --- the server ---------------------------------------------------------------
 * Replies to label L with label L + 1, every register word + ADD, and as many
 * words as bits 8-15 of L ask for (0: as many as it got); words past the
 * registers are 0x5000 + i. Counts calls and any register it did not get back. */
static volatile struct {
	int ready, n, bad, notified;
	l4_word err, from, tag, bits, first_at;
	l4_word first_rcv_us;                /* its first receive's timeout (0: never) */
} srv;

static void fp_server(l4_word seed)
{
	struct fp_regs r = { 0 };
	l4_word *mr = l4_utcb()->mr, to = 0;
	l4_word tmo = L4_TIMEOUTS(0, srv.first_rcv_us ? srv.first_rcv_us : NEVER);
	keep_values(&r, seed);
	srv.ready = 1;
	for (;;) {
		fp_ipc(to, L4_ANYTHREAD, tmo, &r);
		if (!kept(&r, to, tmo) || l4_utcb()->error != r.err)
			srv.bad++;
		srv.err = r.err;
		srv.from = r.from;
		srv.tag = r.otag;
		to = 0;
		tmo = L4_TIMEOUTS(0, NEVER);
		if (r.err != L4_OK)
			continue;
		if (L4_TAG_LABEL(r.otag) == L4_LABEL_NOTIFY) {
			srv.bits = r.omr[0];
			srv.notified++;
			continue;
		}
		if (!srv.n++)
			srv.first_at = l4_clock();
		l4_word u = (L4_TAG_LABEL(r.otag) >> 8) & 0xff;
		if (!u)
			u = L4_TAG_U(r.otag);
		for (l4_word i = L4_MR_REGS; i < u; i++)
			mr[i] = 0x5000 + i;
		for (int i = 0; i < 4; i++)
			r.mr[i] = r.omr[i] + ADD;
		r.tag = L4_TAG(L4_TAG_LABEL(r.otag) + 1, u, 0);
		to = r.from;
	}
}

/* Takes calls and never replies; records the first. */
static void fp_sink(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	srv.ready = 1;
	srv.err = l4_receive(L4_ANYTHREAD, NEVER, &m);
	srv.from = m.from;
	srv.n++;
	for (;;)
		l4_receive(L4_NOTIFYONLY, NEVER, &m);
}

static void srv_reset(void)
{
	memset((void *)&srv, 0, sizeof(srv));
}

static l4_word state_of(l4_word tid)
{
	struct l4_exregs r = { 0 };
	return l4_exregs(tid, 0, &r) == L4_OK ? r.state : 0;
}

static bool wait_state(l4_word tid, l4_word state, l4_word ms)
{
	for (l4_word i = 0; i < ms && state_of(tid) != state; i++)
		sleep_us(MS);
	return state_of(tid) == state;
}

/* n calls from the root (prio 100) to a fresh server; 0 when every reply and
 * every register came back right on both sides. */
static int pingpong(bool other_space, unsigned prio, l4_word timeouts, int n)
{
	srv_reset();
	l4_word sid = other_space ? space_new() : root_space;
	l4_word t = thread_new(sid, prio, fp_server, 7);
	if (!sid || !t || !wait_for(&srv.ready, 1, 1000) || !wait_state(t, L4_TS_RECEIVING, 1000))
		return 1;
	int bad = 0;
	struct fp_regs r = { 0 };
	struct l4_msg none = { 0 };
	l4_receive(mytid(), L4_TIMEOUT_ZERO, &none);       /* leaves an error in the UTCB */
	for (int k = 0; k < n; k++) {
		keep_values(&r, (l4_word)k + 1);
		r.tag = L4_TAG(0x40 + k, 4, 0);
		for (int i = 0; i < 4; i++)
			r.mr[i] = (l4_word)(k * 16 + i);
		fp_ipc(t, t, timeouts, &r);
		bad |= r.err != L4_OK || r.from != t || r.otag != L4_TAG(0x41 + k, 4, 0) ||
		       !kept(&r, t, timeouts) || l4_utcb()->error != L4_OK;
		for (int i = 0; i < 4; i++)
			bad |= r.omr[i] != (l4_word)(k * 16 + i) + ADD;
	}
	bad |= srv.n != n || srv.bad != 0 || srv.from != root_tid || srv.err != L4_OK;
	if (other_space)
		l4_space_destroy(sid);
	else
		l4_thread_destroy(t);
	return bad ? 2 : 0;
}

KTEST(fp_call_reply_regs, "call/reply, same space and across spaces, higher and equal priority: message, ids and all other registers kept")
{
	CHECK_EQ(pingpong(false, 150, L4_NEVER, 50), 0);
	CHECK_EQ(pingpong(true, 150, L4_NEVER, 50), 0);
	CHECK_EQ(pingpong(false, 100, L4_NEVER, 50), 0);
	CHECK_EQ(pingpong(true, 100, L4_NEVER, 50), 0);
}

KTEST(fp_call_timeouts, "calls with a finite receive timeout (armed, then cancelled by the reply) never time out later")
{
	CHECK_EQ(pingpong(true, 150, L4_TIMEOUTS(NEVER, 5 * MS), 50), 0);
	l4_word t0 = l4_clock();
	struct l4_msg m = { 0 };
	l4_word e = l4_receive(mytid(), 20 * MS, &m);        /* a stale 5 ms timeout would end this early */
	CHECK_EQ(e, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK(l4_clock() - t0 >= 20 * NS_MS);
}

/* Spins for arg ns of its own, notes when it finished, then stays out of the way. */
static volatile l4_word spin_end;
static void spinner(l4_word ns)
{
	l4_word t0 = l4_clock();
	while (l4_clock() - t0 < ns)
		;
	spin_end = l4_clock();
	for (;;)
		sleep_us(1000 * MS);
}

KTEST(fp_lower_prio_server, "calls to a lower-priority server work; with a thread ready in between, that one runs first")
{
	CHECK_EQ(pingpong(true, 60, L4_NEVER, 20), 0);
	srv_reset();
	spin_end = 0;
	l4_word sid = space_new();
	l4_word t = thread_new(sid, 60, fp_server, 3);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(t, L4_TS_RECEIVING, 1000);
	l4_word sp = thread_new(root_space, 80, spinner, 3 * NS_MS);   /* ready, cannot run yet */
	struct fp_regs r = { .tag = L4_TAG(1, 1, 0) };
	keep_values(&r, 9);
	fp_ipc(t, t, L4_NEVER, &r);
	l4_word end = spin_end, got = srv.first_at;
	l4_thread_destroy(sp);
	l4_space_destroy(sid);
	CHECK(up && sp);
	CHECK_EQ(r.err, L4_OK);
	CHECK(kept(&r, t, L4_NEVER));
	CHECK(end != 0);
	CHECK(got >= end);
}

KTEST(fp_long_reply_resumes, "a fast-path caller gets a long (slow-path) reply; a long call gets a short (fast-path) reply")
{
	srv_reset();
	l4_word t = thread_new(root_space, 150, fp_server, 5);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(t, L4_TS_RECEIVING, 1000);
	l4_word *mr = l4_utcb()->mr, bad = 0;
	struct fp_regs r = { .tag = L4_TAG(0x810, 4, 0), .mr = { 1, 2, 3, 4 } };
	keep_values(&r, 11);
	for (int i = 4; i < 8; i++)
		mr[i] = 0;
	fp_ipc(t, t, L4_NEVER, &r);
	struct fp_regs a = r;
	for (l4_word i = 4; i < 8; i++)
		bad |= (l4_word)(mr[i] != 0x5000 + i) << i;
	r = (struct fp_regs){ .tag = L4_TAG(0x420, 6, 0), .mr = { 5, 6, 7, 8 } };
	keep_values(&r, 12);
	mr[4] = 9;
	mr[5] = 10;
	fp_ipc(t, t, L4_NEVER, &r);
	l4_word tag = srv.tag;
	l4_thread_destroy(t);
	CHECK(up);
	CHECK_EQ(a.err, L4_OK);
	CHECK_EQ(a.otag, L4_TAG(0x811, 8, 0));
	CHECK_EQ(a.omr[0], 1 + ADD);
	CHECK_EQ(a.omr[3], 4 + ADD);
	CHECK_EQ(a.from, t);
	CHECK(kept(&a, t, L4_NEVER));
	CHECK_EQ(bad, 0);
	CHECK_EQ(r.err, L4_OK);
	CHECK_EQ(tag, L4_TAG(0x420, 6, 0));
	CHECK_EQ(r.otag, L4_TAG(0x421, 4, 0));
	CHECK_EQ(r.omr[0], 5 + ADD);
	CHECK_EQ(r.omr[3], 8 + ADD);
	CHECK(kept(&r, t, L4_NEVER));
	CHECK_EQ(srv.bad, 0);
}

KTEST(fp_call_times_out, "a call whose server never replies ends with ETIMEOUT|ERR_RECV after its receive timeout, registers kept")
{
	srv_reset();
	l4_word t = thread_new(root_space, 150, fp_sink, 0);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(t, L4_TS_RECEIVING, 1000);
	struct fp_regs r = { .tag = L4_TAG(1, 2, 0), .mr = { 1, 2 } };
	keep_values(&r, 13);
	l4_word tmo = L4_TIMEOUTS(NEVER, 20 * MS), t0 = l4_clock();
	fp_ipc(t, t, tmo, &r);
	l4_word dt = l4_clock() - t0, n = (l4_word)srv.n, from = srv.from;
	l4_thread_destroy(t);
	CHECK(up);
	CHECK_EQ(r.err, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK(dt >= 20 * NS_MS);
	CHECK(kept(&r, t, tmo));
	CHECK_EQ(n, 1);
	CHECK_EQ(from, root_tid);
}

/* A caller of `client_to` that records how its call ended. */
static volatile l4_word client_to, client_err;
static volatile int client_done, client_kept;
static void fp_client(l4_word seed)
{
	struct fp_regs r = { .tag = L4_TAG(2, 1, 0), .mr = { 42 } };
	keep_values(&r, seed);
	l4_word to = client_to;
	fp_ipc(to, to, L4_NEVER, &r);
	client_err = r.err;
	client_kept = kept(&r, to, L4_NEVER);
	client_done = 1;
	for (;;)
		sleep_us(1000 * MS);
}

static l4_word client_start(l4_word to, l4_word space, unsigned prio)
{
	client_to = to;
	client_err = ~0UL;
	client_done = client_kept = 0;
	return thread_new(space, prio, fp_client, 17);
}

KTEST(fp_blocked_caller_abort, "a caller blocked after a fast-path call shows RECEIVING and its IP after syscall; ABORT ends it with EABORTED|ERR_RECV")
{
	srv_reset();
	l4_word s = thread_new(root_space, 160, fp_sink, 0);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(s, L4_TS_RECEIVING, 1000);
	l4_word c = client_start(s, root_space, 150);
	bool blocked = wait_for(&srv.n, 1, 1000) && wait_state(c, L4_TS_RECEIVING, 1000);
	struct l4_exregs x = { 0 };
	l4_word e_read = l4_exregs(c, 0, &x);
	struct l4_exregs y = { 0 };
	l4_word e_abort = l4_exregs(c, L4_EX_ABORT, &y);
	bool done = wait_for(&client_done, 1, 1000);
	l4_thread_destroy(c);
	l4_thread_destroy(s);
	CHECK(up && blocked);
	CHECK_EQ(e_read | e_abort, L4_OK);
	CHECK_EQ(x.state, L4_TS_RECEIVING);
	CHECK_EQ(x.ip, (l4_word)fp_ipc_syscall + KT_SYSCALL_LEN);
	CHECK(KT_FLAGS_IRQS_ON(x.flags));
	CHECK(done);
	CHECK_EQ(client_err, L4_EABORTED | L4_ERR_RECV);
	CHECK(client_kept);
}

KTEST(fp_blocked_caller_edead, "a caller blocked after a fast-path call gets EDEAD|ERR_RECV when its server is destroyed")
{
	srv_reset();
	l4_word sid = space_new();
	l4_word s = thread_new(sid, 160, fp_sink, 0);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(s, L4_TS_RECEIVING, 1000);
	l4_word c = client_start(s, root_space, 150);
	bool blocked = wait_for(&srv.n, 1, 1000) && wait_state(c, L4_TS_RECEIVING, 1000);
	l4_space_destroy(sid);
	bool done = wait_for(&client_done, 1, 1000);
	l4_thread_destroy(c);
	CHECK(up && blocked);
	CHECK(done);
	CHECK_EQ(client_err, L4_EDEAD | L4_ERR_RECV);
	CHECK(client_kept);
}

KTEST(fp_waiting_server_notified, "a server waiting after a fast-path reply gets a notification, registers kept")
{
	srv_reset();
	l4_word t = thread_new(root_space, 150, fp_server, 21);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(t, L4_TS_RECEIVING, 1000);
	struct fp_regs r = { .tag = L4_TAG(3, 1, 0), .mr = { 1 } };
	keep_values(&r, 22);
	fp_ipc(t, t, L4_NEVER, &r);
	l4_word e = l4_notify(t, 0x5);
	bool got = wait_for(&srv.notified, 1, 1000);
	l4_word bits = srv.bits, bad = (l4_word)srv.bad, from = srv.from;
	l4_thread_destroy(t);
	CHECK(up);
	CHECK_EQ(r.err, L4_OK);
	CHECK_EQ(e, L4_OK);
	CHECK(got);
	CHECK_EQ(bits, 0x5);
	CHECK_EQ(from, L4_NILTHREAD);
	CHECK_EQ(bad, 0);
}

KTEST(fp_server_timeout_cancelled, "a call to a server in a 30 ms receive cancels that timeout: 60 ms later the server still waits")
{
	srv_reset();
	srv.first_rcv_us = 30 * MS;
	l4_word t = thread_new(root_space, 150, fp_server, 23);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(t, L4_TS_RECEIVING, 1000);
	struct fp_regs r = { .tag = L4_TAG(4, 1, 0), .mr = { 1 } };
	keep_values(&r, 24);
	fp_ipc(t, t, L4_NEVER, &r);
	l4_word e1 = r.err;
	sleep_us(60 * MS);
	l4_word err = srv.err, st = state_of(t);
	fp_ipc(t, t, L4_NEVER, &r);
	l4_word n = (l4_word)srv.n;
	l4_thread_destroy(t);
	CHECK(up);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(err, L4_OK);
	CHECK_EQ(st, L4_TS_RECEIVING);
	CHECK_EQ(r.err, L4_OK);
	CHECK_EQ(n, 2);
}

/* --- TLS bases (FS/GS, TPIDR_EL0/TPIDRRO_EL0) across the switch -----------------
 * Two threads at the same UTCB slot of two spaces (equal TLS bases 1), TLS
 * bases 0 on two words of one page; the caller disturbs its TLS base 0 as
 * user code can (x86_64: loads %fs, zeroing the base) before each call.
 * Each checks the words at both bases after every IPC. */
static l4_word *fs_page;
static volatile int fs_done, fs_bad;
static volatile l4_word fs_server_tid;

static bool fs_gs_ok(l4_word fs_expect)
{
	return kt_tls0_word() == fs_expect && kt_tls1_word() == L4_UTCB_AREA + 4096;
}

static void fs_server(l4_word unused)
{
	(void)unused;
	struct l4_msg m = { 0 };
	l4_receive(L4_ANYTHREAD, NEVER, &m);
	for (;;) {
		if (!fs_gs_ok(0xbbbb))
			fs_bad++;
		l4_reply_wait(m.from, &m);
	}
}

static void fs_client(l4_word unused)
{
	(void)unused;
	for (int i = 0; i < 100; i++) {
		kt_tls0_reload();
		struct l4_msg m = { .tag = L4_TAG(1, 1, 0), .mr = { (l4_word)i } };
		if (l4_call(fs_server_tid, &m) != L4_OK || !fs_gs_ok(0xaaaa))
			fs_bad++;
	}
	fs_done = 1;
	for (;;)
		sleep_us(1000 * MS);
}

KTEST(fp_fs_gs_bases, "across call/reply between spaces each thread keeps both TLS bases (FS/GS, TPIDR_EL0/TPIDRRO_EL0), even after the caller disturbed its own")
{
	if (!fs_page)
		fs_page = page_alloc(1);
	fs_page[0] = 0xaaaa;
	fs_page[1] = 0xbbbb;
	fs_done = fs_bad = 0;
	l4_word s1 = space_new(), s2 = space_new();
	l4_word ea = l4_space_ctrl(s1, L4_SC_ALLOW, s2);
	l4_word b = thread_new(s2, 90, fs_server, 0);   /* below us: nothing runs before the FS base is set */
	struct l4_exregs x = { .fs = (l4_word)&fs_page[1] };
	l4_word eb = l4_exregs(b, L4_EX_TLS0, &x);
	fs_server_tid = b;
	l4_word a = thread_new(s1, 90, fs_client, 0);
	x.fs = (l4_word)&fs_page[0];
	l4_word eaa = l4_exregs(a, L4_EX_TLS0, &x);
	bool done = wait_for(&fs_done, 1, 2000);
	l4_space_destroy(s1);
	l4_space_destroy(s2);
	CHECK(s1 && s2 && a && b);
	CHECK_EQ(ea | eb | eaa, L4_OK);
	CHECK(done);
	CHECK_EQ(fs_bad, 0);
}

/* --- refusals ------------------------------------------------------------------- */
static volatile l4_word foreign_orig_rax, foreign_n;
static int foreign_hook(l4_word from, l4_word *mr, l4_word *w)
{
	(void)from; (void)mr;
	if (w[L4_EXC_TRAPNO] != L4_TRAP_SYSCALL || foreign_n++)
		return 0;                          /* later ones (its exit) stay blocked */
	foreign_orig_rax = w[KT_FR_L4NR];
	w[KT_FR_RET] = 0x4242;
	return 1;
}

KTEST(fp_foreign_ipc_number, "in a foreign-ABI space a syscall with the IPC number and a waiting partner is an exception, not IPC")
{
	srv_reset();
	foreign_orig_rax = foreign_n = 0;
	exc_hook = foreign_hook;
	l4_word s = thread_new(root_space, 150, fp_sink, 0);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(s, L4_TS_RECEIVING, 1000);
	l4_word sid = space_new();
	l4_word e1 = l4_space_ctrl(sid, L4_SC_FOREIGN, 1);
	l4_word e2 = l4_space_ctrl(sid, L4_SC_ALLOW, root_space);
	l4_word c = client_start(s, sid, 50);
	bool done = wait_for(&client_done, 1, 1000);
	l4_word n = (l4_word)srv.n;
	l4_space_destroy(sid);
	l4_thread_destroy(s);
	CHECK(up && c);
	CHECK_EQ(e1 | e2, L4_OK);
	CHECK(done);
	CHECK_EQ(client_err, 0x4242);
	CHECK_EQ(foreign_orig_rax, L4_SYS_IPC);
	CHECK_EQ(n, 0);
}

KTEST(fp_call_not_allowed, "a call to a waiting thread of a space not allowed gets EPERM and delivers nothing; allowed, it goes through")
{
	srv_reset();
	l4_word s = thread_new(root_space, 150, fp_sink, 0);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(s, L4_TS_RECEIVING, 1000);
	l4_word sid = space_new();
	l4_word c = client_start(s, sid, 120);
	bool done = wait_for(&client_done, 1, 1000);
	l4_word e_denied = client_err, n_denied = (l4_word)srv.n;
	l4_word e_allow = l4_space_ctrl(sid, L4_SC_ALLOW, root_space);
	l4_word c2 = client_start(s, sid, 120);
	bool got = wait_for(&srv.n, 1, 1000);
	l4_word from = srv.from;
	l4_space_destroy(sid);
	l4_thread_destroy(s);
	CHECK(up && c && c2);
	CHECK(done);
	CHECK_EQ(e_denied, L4_EPERM);
	CHECK_EQ(n_denied, 0);
	CHECK_EQ(e_allow, L4_OK);
	CHECK(got);
	CHECK_EQ(from, c2);
}

/* --- reply-and-wait with something already there ------------------------------
 * A server that takes label 7 sleeps 10 ms (waiting only for itself: a
 * notification stays pending, a sender queues), then reply-and-waits; what
 * arrived meanwhile must be its next message at once. */
static volatile l4_word busy_tag[8], busy_from[8], busy_mr[8], call7_err, call7_tag;
static volatile int busy_n, busy_sleeping, call7_done;

static void busy_server(l4_word unused)
{
	(void)unused;
	struct l4_msg m = { 0 };
	l4_word e = l4_receive(L4_ANYTHREAD, NEVER, &m);
	for (;;) {
		if (e == L4_OK && busy_n < 8) {
			busy_tag[busy_n] = m.tag;
			busy_from[busy_n] = m.from;
			busy_mr[busy_n] = m.mr[0];
			busy_n++;
		}
		if (e != L4_OK || L4_TAG_LABEL(m.tag) != 7) {
			e = l4_receive(L4_ANYTHREAD, NEVER, &m);
			continue;
		}
		busy_sleeping = 1;
		sleep_us(10 * MS);
		busy_sleeping = 0;
		m.tag = L4_TAG(8, 1, 0);
		m.mr[0] = 0x77;
		e = l4_reply_wait(m.from, &m);
	}
}

static void call7(l4_word to)
{
	struct l4_msg m = { .tag = L4_TAG(7, 1, 0), .mr = { 7 } };
	call7_err = l4_call(to, &m);
	call7_tag = m.tag;
	call7_done = 1;
	for (;;)
		sleep_us(1000 * MS);
}

static void send9(l4_word to)
{
	struct l4_msg m = { .tag = L4_TAG(9, 1, 0), .mr = { 0x99 } };
	l4_send(to, NEVER, &m);
	for (;;)
		sleep_us(1000 * MS);
}

KTEST(fp_reply_wait_finds_pending, "reply-and-wait with a notification pending, or a sender queued, returns that at once")
{
	busy_n = busy_sleeping = call7_done = 0;
	l4_word s = thread_new(root_space, 150, busy_server, 0);
	bool up = wait_state(s, L4_TS_RECEIVING, 1000);
	l4_word c1 = thread_new(root_space, 140, call7, s);
	bool slept1 = wait_for(&busy_sleeping, 1, 1000);
	l4_word en = l4_notify(s, 0x9);
	bool got1 = wait_for(&busy_n, 2, 1000) && wait_for(&call7_done, 1, 1000);
	l4_word err1 = call7_err, tag1 = call7_tag;
	call7_done = 0;
	l4_word c2 = thread_new(root_space, 140, call7, s);
	bool slept2 = wait_for(&busy_sleeping, 1, 1000);
	l4_word d = thread_new(root_space, 130, send9, s);
	bool queued = wait_state(d, L4_TS_SENDING, 1000);
	bool got2 = wait_for(&busy_n, 4, 1000) && wait_for(&call7_done, 1, 1000);
	l4_thread_destroy(d);
	l4_thread_destroy(c2);
	l4_thread_destroy(c1);
	l4_thread_destroy(s);
	CHECK(up && c1 && c2 && d);
	CHECK(slept1 && slept2 && queued);
	CHECK_EQ(en, L4_OK);
	CHECK(got1);
	CHECK_EQ(err1, L4_OK);
	CHECK_EQ(tag1, L4_TAG(8, 1, 0));
	CHECK_EQ(busy_tag[0], L4_TAG(7, 1, 0));
	CHECK_EQ(busy_from[0], c1);
	CHECK_EQ(L4_TAG_LABEL(busy_tag[1]), L4_LABEL_NOTIFY);
	CHECK_EQ(busy_mr[1], 0x9);
	CHECK(got2);
	CHECK_EQ(call7_err, L4_OK);
	CHECK_EQ(busy_from[2], c2);
	CHECK_EQ(busy_tag[3], L4_TAG(9, 1, 0));
	CHECK_EQ(busy_from[3], d);
	CHECK_EQ(busy_mr[3], 0x99);
}

/* --- a receiver that runs on ------------------------------------------------
 * nr_server got a call from anyone and runs on without replying (its
 * wait_from still says anyone, its state is not receiving): a call to it
 * must wait in its queue (here until the send timeout), never be handed to
 * it as if it waited. */
static volatile int nr_step, nr_release;
static volatile l4_word nr_label[2], nr_srv;

static void nr_server(l4_word unused)
{
	(void)unused;
	struct l4_msg m = { 0 };
	l4_receive(L4_ANYTHREAD, NEVER, &m);
	nr_label[0] = L4_TAG_LABEL(m.tag);
	nr_step = 1;
	while (!nr_release)
		;
	l4_receive(L4_ANYTHREAD, NEVER, &m);
	nr_label[1] = L4_TAG_LABEL(m.tag);
	nr_step = 2;
	for (;;)
		l4_receive(L4_ANYTHREAD, NEVER, &m);
}

static void nr_caller(l4_word label)
{
	struct l4_msg m = { .tag = L4_TAG(label, 0, 0) };
	l4_call(nr_srv, &m);
	for (;;)
		sleep_us(1000 * MS);
}

KTEST(fp_call_to_running_receiver, "a call to a thread that took a message from anyone and runs on (not receiving) waits in its queue until its send timeout; nothing reaches that thread")
{
	nr_step = nr_release = 0;
	nr_label[0] = nr_label[1] = 0;
	nr_srv = thread_new(root_space, 50, nr_server, 0);     /* below the root: it may spin */
	bool up = wait_state(nr_srv, L4_TS_RECEIVING, 1000);
	l4_word c = thread_new(root_space, 50, nr_caller, 5);
	bool first = wait_for(&nr_step, 1, 1000);
	struct fp_regs r = { .tag = L4_TAG(6, 1, 0), .mr = { 7 } };
	keep_values(&r, 31);
	l4_word tmo = L4_TIMEOUTS(20 * MS, 20 * MS);
	fp_ipc(nr_srv, nr_srv, tmo, &r);
	int step = nr_step;
	l4_word label0 = nr_label[0];
	nr_release = 1;
	l4_word c2 = thread_new(root_space, 50, nr_caller, 8);
	bool second = wait_for(&nr_step, 2, 1000);
	l4_thread_destroy(c);
	l4_thread_destroy(c2);
	l4_thread_destroy(nr_srv);
	CHECK(up && first && second);
	CHECK_EQ(r.err, L4_ETIMEOUT);
	CHECK(kept(&r, nr_srv, tmo));
	CHECK_EQ(step, 1);
	CHECK_EQ(label0, 5);
	CHECK_EQ(nr_label[1], 8);
}

/* --- a short reply to a kernel message ----------------------------------------
 * A thread waiting for its exception handler waits in a kernel-made call; a
 * reply shorter than a frame resumes it unchanged, never as an IPC result.
 * It runs below the root's priority (it may end spinning). */
static volatile l4_word i80_out[4];
static volatile int i80_done, i80_handled;

static void i80_thread(l4_word unused)
{
	(void)unused;
	fp_trap(i80_out);
	i80_done = 1;
	for (;;)
		if (!KT_TRAP_FOREIGN)
			sleep_us(1000 * MS);            /* in a foreign space a system call would trap */
}

/* Replies to every exception with one word, leaving the frame as it was. */
static void short_handler(l4_word unused)
{
	(void)unused;
	struct l4_msg m = { 0 };
	l4_receive(L4_ANYTHREAD, NEVER, &m);
	for (;;) {
		i80_handled++;
		m.tag = L4_TAG(0, 1, 0);
		m.mr[0] = 0xdead;
		l4_reply_wait(m.from, &m);
	}
}

KTEST(fp_short_exception_reply, "a one-word reply to an exception message resumes the thread with its own registers")
{
	i80_done = i80_handled = 0;
	for (int i = 0; i < 4; i++)
		i80_out[i] = 0;
	l4_word h = thread_new(root_space, 150, short_handler, 0);
	bool up = wait_state(h, L4_TS_RECEIVING, 1000);
	l4_word sid = KT_TRAP_FOREIGN ? space_new() : root_space;
	l4_word ef = KT_TRAP_FOREIGN ? l4_space_ctrl(sid, L4_SC_FOREIGN, 1) : L4_OK;
	l4_word t = thread_new_h(sid, 90, i80_thread, 0, pager_tid, h);
	bool done = wait_for(&i80_done, 1, 1000);
	l4_thread_destroy(t);
	l4_thread_destroy(h);
	if (KT_TRAP_FOREIGN)
		l4_space_destroy(sid);
	CHECK(up && t && sid);
	CHECK_EQ(ef, L4_OK);
	CHECK(done);
	CHECK_EQ(i80_handled, 1);
	CHECK_EQ(i80_out[0], 0x77);
	CHECK_EQ(i80_out[1], 0x5151);
	CHECK_EQ(i80_out[2], 0x1010);
	CHECK_EQ(i80_out[3], 0x8888);
}

/* --- vCPUs --------------------------------------------------------------------
 * A vCPU's syscalls from a task space are exits, whatever the number; a vCPU
 * woken by IPC must see its pending events on the way out. */
#define FP_VSLOT (L4_UTCB_AREA + 498 * 4096UL)
static struct l4_vcpu_state *const fvs = (struct l4_vcpu_state *)FP_VSLOT;
static volatile int v_upcalls, v_ready, v_label, v_label_then;
static volatile l4_word v_err, v_tag_then, v_rip_then;
static l4_word *v_stack;

void fp_vcpu_handler(struct l4_vcpu_state *v)
{
	v_upcalls++;
	v_label_then = v_label;                  /* 0: the receive has not returned yet */
	v_tag_then = v->regs[KT_FR_TAG];         /* but its result is in the frame */
	v_rip_then = v->regs[KT_FR_IP];
	v->pending = 0;
}

KTEST(fp_vcpu_task_ipc_number, "a syscall with the IPC number from a vCPU's native task space exits the task, no IPC")
{
	srv_reset();
	if (!v_stack)
		v_stack = page_alloc(2);
	l4_word s = thread_new(root_space, 150, fp_sink, 0);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(s, L4_TS_RECEIVING, 1000);
	l4_word t = 0;
	l4_word ec = l4_space_create(&t);
	l4_space_ctrl(t, L4_SC_OWNER, root_space);
	l4_word em = l4_map_to(t, (l4_word)fp_vtask_ipc, (l4_word)fp_vtask_ipc, 1, L4_R | L4_X);
	l4_word ev = l4_vcpu_ctrl(FP_VSLOT, (l4_word)fp_vcpu_entry, (l4_word)v_stack + 2 * 4096, 0);
	for (int i = 0; i < L4_FR_WORDS; i++)
		fvs->regs[i] = 0;
	fvs->regs[KT_FR_IP] = (l4_word)fp_vtask_ipc;
	fvs->regs[KT_FR_SP] = 0x10000000 - 64;
	fvs->regs[KT_FR_FLAGS] = KT_FLAGS_USER;
	fvs->regs[KT_FR_IPC_TO] = fvs->regs[KT_FR_IPC_FROM] = s;
	fvs->regs[KT_FR_IPC_TMO] = L4_NEVER;
	fvs->regs[KT_FR_TAG] = L4_TAG(1, 1, 0);
	l4_word r = l4_vcpu_run(t), orig = fvs->regs[KT_FR_L4NR];
	l4_vcpu_ctrl(0, 0, 0, 0);
	l4_space_destroy(t);
	l4_word n = (l4_word)srv.n;
	l4_thread_destroy(s);
	CHECK(up);
	CHECK_EQ(ec | em | ev, L4_OK);
	CHECK_EQ(r, L4_VCPU_EXIT_SYSCALL);
	CHECK_EQ(orig, L4_SYS_IPC);
	CHECK_EQ(n, 0);
}

static void vcpu_server(l4_word unused)
{
	(void)unused;
	l4_word e = l4_vcpu_ctrl(FP_VSLOT, (l4_word)fp_vcpu_entry, (l4_word)v_stack + 2 * 4096, 0);
	fvs->irq_enabled = 1;
	v_ready = e == L4_OK ? 1 : -1;
	struct fp_regs r = { 0 };
	fp_ipc(0, L4_ANYTHREAD, L4_TIMEOUTS(0, NEVER), &r);
	v_err = r.err;
	v_label = (int)L4_TAG_LABEL(r.otag);
	struct l4_msg m = { .tag = L4_TAG(6, 0, 0) };
	l4_reply_wait(r.from, &m);
	for (;;)
		sleep_us(1000 * MS);
}

KTEST(fp_vcpu_called_with_event, "a vCPU thread with an event pending that a call wakes takes the upcall before its receive returns")
{
	if (!v_stack)
		v_stack = page_alloc(2);
	v_upcalls = v_ready = v_label = v_label_then = 0;
	v_err = ~0UL;
	v_tag_then = v_rip_then = 0;
	l4_word v = thread_new(root_space, 150, vcpu_server, 0);
	bool up = wait_for(&v_ready, 1, 1000) && wait_state(v, L4_TS_RECEIVING, 1000);
	l4_word en = l4_notify(v, 1UL << 2);
	/* No receive timeout: arming one reprograms the timer, and a tick taken
	 * right on the way out would deliver the event whatever the IPC did. */
	struct l4_msg m = { .tag = L4_TAG(5, 0, 0) };
	l4_word e = l4_call(v, &m);
	l4_thread_destroy(v);
	CHECK(up);
	CHECK_EQ(en, L4_OK);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(L4_TAG_LABEL(m.tag), 6);
	CHECK_EQ(v_err, L4_OK);
	CHECK_EQ(v_label, 5);
	CHECK_EQ(v_upcalls, 1);
	CHECK_EQ(v_label_then, 0);
	CHECK_EQ(v_tag_then, L4_TAG(5, 0, 0));
	CHECK_EQ(v_rip_then, (l4_word)fp_ipc_syscall + KT_SYSCALL_LEN);    /* not a trap (#NM, a tick) later on */
}

/* --- arguments the fast path must leave to the slow path ---------------------- */
KTEST(fp_tag_flags_dropped, "flags a sender sets in its tag (L4_TAGF_MAPERR and the rest) never reach the receiver")
{
	srv_reset();
	l4_word t = thread_new(root_space, 150, fp_server, 31);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(t, L4_TS_RECEIVING, 1000);
	struct fp_regs r = { .tag = L4_TAG(0x30, 1, 0) | (0xfUL << 12), .mr = { 3 } };
	keep_values(&r, 5);
	fp_ipc(t, t, L4_NEVER, &r);
	l4_word tag = srv.tag;
	l4_thread_destroy(t);
	CHECK(up);
	CHECK_EQ(r.err, L4_OK);
	CHECK_EQ(tag, L4_TAG(0x30, 1, 0));
	CHECK(kept(&r, t, L4_NEVER));
}

KTEST(fp_call_zero_receive_timeout, "a call with a zero receive timeout delivers the message and returns ETIMEOUT|ERR_RECV at once")
{
	srv_reset();
	l4_word t = thread_new(root_space, 150, fp_server, 25);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(t, L4_TS_RECEIVING, 1000);
	struct l4_msg m = { .tag = L4_TAG(1, 1, 0), .mr = { 5 } };
	l4_word e = l4_ipc(t, t, L4_TIMEOUTS(NEVER, L4_TIMEOUT_ZERO), &m);
	bool got = wait_for(&srv.n, 1, 1000);
	l4_thread_destroy(t);
	CHECK(up);
	CHECK_EQ(e, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK(got);
}

KTEST(fp_receive_from_nothread, "a send to a waiting thread combined with a receive from no thread sends, then fails with ENOTHREAD|ERR_RECV")
{
	srv_reset();
	l4_word t = thread_new(root_space, 150, fp_sink, 0);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(t, L4_TS_RECEIVING, 1000);
	struct l4_msg m = { .tag = L4_TAG(1, 1, 0), .mr = { 5 } };
	l4_word e = l4_ipc(t, 0x3ff, L4_TIMEOUTS(NEVER, 50 * MS), &m);   /* version 0: never a thread */
	l4_word n = (l4_word)srv.n;
	l4_thread_destroy(t);
	CHECK(up);
	CHECK_EQ(e, L4_ENOTHREAD | L4_ERR_RECV);     /* not ETIMEOUT after waiting for it */
	CHECK_EQ(n, 1);
}

KTEST(fp_call_bad_tids, "calls to slot 0, slots past the table and a waiting thread's id with another version get ENOTHREAD")
{
	srv_reset();
	l4_word t = thread_new(root_space, 150, fp_sink, 0);
	bool up = wait_for(&srv.ready, 1, 1000) && wait_state(t, L4_TS_RECEIVING, 1000);
	static const l4_word bad[] = { 0x10000, 0x10400, 0x1ffff, 0x18000 };
	l4_word e = 0;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct l4_msg m = { .tag = L4_TAG(1, 1, 0) };
		e |= l4_ipc(bad[i], bad[i], L4_NEVER, &m) ^ L4_ENOTHREAD;
	}
	l4_word stale = t ^ (1UL << 16);
	struct l4_msg m = { .tag = L4_TAG(1, 1, 0) };
	l4_word es = l4_ipc(stale, stale, L4_NEVER, &m);
	l4_word n = (l4_word)srv.n;
	l4_thread_destroy(t);
	CHECK(up);
	CHECK_EQ(e, 0);
	CHECK_EQ(es, L4_ENOTHREAD);
	CHECK_EQ(n, 0);
}
