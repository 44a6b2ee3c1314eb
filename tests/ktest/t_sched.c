/* Scheduling (preemption, round robin, yield, priorities), notifications,
 * per-thread timers and interrupts bound to notifications. */
#include "ktest.h"

#define MS    1000UL          /* microseconds in a millisecond */
#define NS_MS 1000000UL       /* nanoseconds in a millisecond */

static volatile int ready, done, go, stop;
static volatile l4_word res[16];
static volatile l4_word count[2];

static void reset(void)
{
	ready = done = go = stop = 0;
	for (int i = 0; i < 16; i++)
		res[i] = 0;
	count[0] = count[1] = 0;
}

/* Takes whatever notifications are pending, so none leak into other tests. */
static void drain_notifications(void)
{
	struct l4_msg m = { 0 };
	l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_ZERO, &m);
}

/* Counts in count[arg] until told to stop; never blocks. */
static void spinner(l4_word arg)
{
	while (!stop)
		count[arg]++;
}

/* Wakes on a 1 ms periodic timer five times and samples the spinner's counter. */
static void ticker(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	l4_word err = l4_timer(l4_clock() + NS_MS, NS_MS, 3);
	for (int i = 0; i < 5; i++) {
		err |= l4_receive(L4_NOTIFYONLY, 1000 * MS, &m);
		res[i] = count[0];
		res[8 + i] = m.mr[0];
	}
	l4_timer(0, 0, 0);
	res[7] = err;
	done = 1;
}

KTEST(sched_preempt, "a prio-200 thread woken by its timer preempts a prio-50 spinner mid-spin, five times")
{
	reset();
	l4_word lo = thread_new(root_space, 50, spinner, 0);
	l4_word hi = thread_new(root_space, 200, ticker, 0);
	bool ok = wait_for(&done, 1, 2000);
	l4_word c1 = count[0];
	sleep_us(3 * MS);
	l4_word c2 = count[0];
	stop = 1;
	l4_thread_destroy(hi);
	l4_thread_destroy(lo);
	CHECK(lo && hi && ok);
	CHECK_EQ(res[7], L4_OK);
	CHECK(res[0] > 0);                       /* the spinner ran before the first tick ... */
	for (int i = 0; i < 4; i++)
		CHECK(res[i + 1] >= res[i]);
	CHECK(res[4] > res[0]);                  /* ... and between the ticks, never finishing */
	for (int i = 0; i < 5; i++)
		CHECK_EQ(res[8 + i], 1UL << 3);
	CHECK(c2 > c1);                          /* and it still spins afterwards */
}

KTEST(sched_round_robin, "two spinners at one priority both make progress while the root sleeps")
{
	reset();
	l4_word a = thread_new(root_space, 50, spinner, 0);
	l4_word b = thread_new(root_space, 50, spinner, 1);
	sleep_us(50 * MS);
	l4_word a1 = count[0], b1 = count[1];
	sleep_us(50 * MS);
	l4_word a2 = count[0], b2 = count[1];
	stop = 1;
	l4_thread_destroy(a);
	l4_thread_destroy(b);
	CHECK(a1 > 0 && b1 > 0);
	CHECK(a2 > a1 && b2 > b1);
}

KTEST(sched_round_robin_preempted, "two spinners at one priority both progress while a higher thread wakes every millisecond")
{
	reset();
	l4_word a = thread_new(root_space, 50, spinner, 0);
	l4_word b = thread_new(root_space, 50, spinner, 1);
	for (int i = 0; i < 60; i++)
		sleep_us(MS);
	l4_word a1 = count[0], b1 = count[1];
	for (int i = 0; i < 60; i++)
		sleep_us(MS);
	l4_word a2 = count[0], b2 = count[1];
	stop = 1;
	l4_thread_destroy(a);
	l4_thread_destroy(b);
	CHECK(a1 > 0 && b1 > 0);
	CHECK(a2 > a1 && b2 > b1);
}

/* Logs its letter and yields, six times. */
static volatile char ylog[16];
static volatile int ylen;
static void yielder(l4_word arg)
{
	for (int i = 0; i < 6; i++) {
		ylog[ylen] = (char)arg;
		ylen = ylen + 1;
		res[arg & 1] |= l4_yield();
	}
	res[2 + (arg & 1)] = 1;
}

KTEST(sched_yield, "l4_yield hands the CPU to the next thread of the same priority: two yielders alternate")
{
	reset();
	ylen = 0;
	l4_word e0 = l4_yield();                 /* alone at its priority: back at once */
	l4_word a = thread_new(root_space, 50, yielder, 'A');
	l4_word b = thread_new(root_space, 50, yielder, 'B');
	for (int i = 0; i < 1000 && !(res[2] && res[3]); i++)
		sleep_us(MS);
	l4_thread_destroy(a);
	l4_thread_destroy(b);
	char log[16] = { 0 };
	for (int i = 0; i < ylen && i < 15; i++)
		log[i] = ylog[i];
	CHECK_EQ(e0, L4_OK);
	CHECK(res[2] && res[3]);
	CHECK_EQ(res[0] | res[1], L4_OK);
	CHECK_EQ(ylen, 12);
	CHECK(strcmp(log, "ABABABABABAB") == 0);
}

static void mark(l4_word arg) { res[arg] = 1; }
static void sleeper(l4_word arg) { (void)arg; for (;;) sleep_us(1000 * MS); }

/* Marks res[1] once notified. */
static void mark_when_notified(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	l4_receive(L4_NOTIFYONLY, 2000 * MS, &m);
	res[1] = 1;
}

KTEST(sched_schedule_prio, "l4_schedule raises a starved thread above the root (it runs at once) and lowers a blocked one")
{
	reset();
	l4_word t = thread_new(root_space, 50, mark, 0);
	l4_word t0 = l4_clock();
	while (l4_clock() - t0 < 5 * NS_MS)
		;                                    /* the root never blocks: prio 50 cannot run */
	l4_word starved = res[0];
	l4_word e1 = l4_schedule(t, 150, 0);
	l4_word ran = res[0];                    /* it preempted us on the way back */
	l4_word u = thread_new(root_space, 150, mark_when_notified, 0);
	l4_word e2 = l4_schedule(u, 50, 0);
	l4_notify(u, 1);
	l4_word early = res[1];                  /* ready, but below us now */
	sleep_us(2 * MS);
	l4_word late = res[1];
	l4_word e3 = l4_schedule(t, 256, 0);
	l4_word e4 = l4_schedule(t, 50, 20000000);
	l4_word e5 = l4_schedule(1000 | (77UL << 16), 50, 0);
	l4_word e6 = l4_schedule(t, 50, 5000);   /* a new time slice is fine */
	l4_thread_destroy(t);
	l4_thread_destroy(u);
	CHECK_EQ(starved, 0);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(ran, 1);
	CHECK_EQ(e2, L4_OK);
	CHECK_EQ(early, 0);
	CHECK_EQ(late, 1);
	CHECK_EQ(e3, L4_EINVAL);
	CHECK_EQ(e4, L4_EINVAL);
	CHECK_EQ(e5, L4_ENOTHREAD);
	CHECK_EQ(e6, L4_OK);
}

static void try_schedule(l4_word arg)
{
	(void)arg;
	res[0] = l4_schedule(mytid(), 50, 0);
	res[1] = l4_schedule(root_tid, 1, 0);
	res[2] = l4_irq_bind(8, mytid(), 1);
	done = 1;
}

KTEST(sched_schedule_perm, "l4_schedule (and irq_bind) from a non-privileged child space get EPERM")
{
	reset();
	l4_word sid = space_new();
	thread_new(sid, 150, try_schedule, 0);
	bool ok = wait_for(&done, 1, 1000);
	l4_space_destroy(sid);
	CHECK(ok);
	CHECK_EQ(res[0], L4_EPERM);
	CHECK_EQ(res[1], L4_EPERM);
	CHECK_EQ(res[2], L4_EPERM);
}

/* Waits for notifications only, twice; the second time without waiting. */
static void notify_waiter(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	ready = 1;
	res[0] = l4_receive(L4_NOTIFYONLY, 2000 * MS, &m);
	res[1] = m.tag;
	res[2] = m.mr[0];
	res[3] = m.from;
	m.tag = 0;
	res[4] = l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_ZERO, &m);
	done = 1;
}

KTEST(notify_wakes_waiter, "a thread waiting with from=NOTIFYONLY gets the bits (label NOTIFY, mr0 = bits); messages stay out")
{
	reset();
	l4_word t = thread_new(root_space, 150, notify_waiter, 0);
	bool rd = wait_for(&ready, 1, 1000);
	struct l4_msg m = { .tag = L4_TAG(1, 1, 0), .mr = { 5 } };
	l4_word es = l4_send(t, L4_TIMEOUT_ZERO, &m);      /* NOTIFYONLY takes no messages */
	l4_word en = l4_notify(t, 0x12);
	bool ok = wait_for(&done, 1, 1000);
	l4_word ebad = l4_notify(1000 | (77UL << 16), 1);
	l4_thread_destroy(t);
	CHECK(rd && ok);
	CHECK_EQ(es, L4_ETIMEOUT);
	CHECK_EQ(en, L4_OK);
	CHECK_EQ(res[0], L4_OK);
	CHECK_EQ(L4_TAG_LABEL(res[1]), L4_LABEL_NOTIFY);
	CHECK_EQ(L4_TAG_U(res[1]), 1);
	CHECK_EQ(res[2], 0x12);
	CHECK_EQ(res[3], L4_NILTHREAD);
	CHECK_EQ(res[4], L4_ETIMEOUT | L4_ERR_RECV);       /* the bits were consumed */
	CHECK_EQ(ebad, L4_ENOTHREAD);
}

/* Sleeps (receiving from itself) until told, then takes what is pending. */
static void late_notify_taker(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	ready = 1;
	wait_for(&go, 1, 2000);
	res[0] = l4_receive(L4_ANYTHREAD, L4_TIMEOUT_ZERO, &m);
	res[1] = m.tag;
	res[2] = m.mr[0];
	done = 1;
}

KTEST(notify_pending, "notifications sent before a receive accumulate and arrive at the next open receive only")
{
	reset();
	struct l4_msg m = { 0 };
	drain_notifications();
	l4_word n1 = l4_notify(root_tid, 1);
	l4_word n2 = l4_notify(root_tid, 4);
	l4_word e1 = l4_receive(pager_tid, L4_TIMEOUT_ZERO, &m);   /* a closed receive: not delivered */
	l4_word e2 = l4_receive(L4_ANYTHREAD, L4_TIMEOUT_ZERO, &m);
	l4_word tag2 = m.tag, bits2 = m.mr[0];
	l4_word e3 = l4_receive(L4_ANYTHREAD, L4_TIMEOUT_ZERO, &m);
	l4_word t = thread_new(root_space, 150, late_notify_taker, 0);
	bool rd = wait_for(&ready, 1, 1000);
	l4_word n3 = l4_notify(t, 0x100);
	sleep_us(3 * MS);
	int early = done;                        /* it slept on: not woken by the bits */
	go = 1;
	bool ok = wait_for(&done, 1, 1000);
	l4_thread_destroy(t);
	drain_notifications();
	CHECK_EQ(n1 | n2 | n3, L4_OK);
	CHECK_EQ(e1, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK_EQ(e2, L4_OK);
	CHECK_EQ(L4_TAG_LABEL(tag2), L4_LABEL_NOTIFY);
	CHECK_EQ(bits2, 5);
	CHECK_EQ(e3, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK(rd && ok);
	CHECK_EQ(early, 0);
	CHECK_EQ(res[0], L4_OK);
	CHECK_EQ(L4_TAG_LABEL(res[1]), L4_LABEL_NOTIFY);
	CHECK_EQ(res[2], 0x100);
}

/* Notifies the root, a neighbour in its own space, and the root again when allowed. */
static void child_notifier(l4_word neighbour)
{
	res[0] = l4_notify(root_tid, 2);
	res[1] = l4_notify(neighbour, 2);
	ready = 1;
	wait_for(&go, 1, 2000);
	res[2] = l4_notify(root_tid, 8);
	done = 1;
}

KTEST(notify_needs_permission, "notify from a child space to the root gets EPERM until SPACE_CTRL ALLOW; its own space is fine")
{
	reset();
	struct l4_msg m = { 0 };
	drain_notifications();
	l4_word sid = space_new();
	l4_word nb = thread_new(sid, 150, sleeper, 0);
	thread_new(sid, 150, child_notifier, nb);
	bool rd = wait_for(&ready, 1, 1000);
	l4_word e1 = l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_ZERO, &m);  /* nothing arrived */
	l4_word ea = l4_space_ctrl(sid, L4_SC_ALLOW, root_space);
	go = 1;
	bool ok = wait_for(&done, 1, 1000);
	m.mr[0] = 0;
	l4_word e2 = l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_ZERO, &m);
	l4_space_destroy(sid);
	drain_notifications();
	CHECK(rd && ok);
	CHECK_EQ(res[0], L4_EPERM);
	CHECK_EQ(res[1], L4_OK);
	CHECK_EQ(e1, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK_EQ(ea, L4_OK);
	CHECK_EQ(res[2], L4_OK);
	CHECK_EQ(e2, L4_OK);
	CHECK_EQ(m.mr[0], 8);                    /* only the allowed notification */
}

KTEST(timer_periodic, "a periodic l4_timer notifies several times, each no earlier than its deadline; off stops it")
{
	struct l4_msg m = { 0 };
	drain_notifications();
	l4_word start = l4_clock(), t[4], bits[4], err = 0;
	l4_word ea = l4_timer(start + 2 * NS_MS, 2 * NS_MS, 9);
	for (int i = 0; i < 4; i++) {
		m.mr[0] = 0;
		err |= l4_receive(L4_NOTIFYONLY, 1000 * MS, &m);
		t[i] = l4_clock();
		bits[i] = m.mr[0];
	}
	l4_word eoff = l4_timer(0, 0, 0);
	drain_notifications();
	l4_word quiet = l4_receive(L4_NOTIFYONLY, 10 * MS, &m);
	l4_word ebit = l4_timer(l4_clock() + NS_MS, 0, 64);
	drain_notifications();
	CHECK_EQ(ea, L4_OK);
	CHECK_EQ(err, L4_OK);
	for (int i = 0; i < 4; i++) {
		CHECK_EQ(bits[i], 1UL << 9);
		CHECK(t[i] >= start + 2 * NS_MS * (l4_word)(i + 1));
		CHECK(i == 0 || t[i] > t[i - 1]);
	}
	CHECK(t[3] - start < 1000 * NS_MS);
	CHECK_EQ(eoff, L4_OK);
	CHECK_EQ(quiet, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK_EQ(ebit, L4_EINVAL);
}

KTEST(timer_period_wraps, "a periodic l4_timer whose period wraps the clock fires once, then stops (the kernel does not spin)")
{
	struct l4_msg m = { 0 };
	drain_notifications();
	l4_word ea = l4_timer(l4_clock() + NS_MS, ~0UL - 100, 4);
	l4_word e1 = l4_receive(L4_NOTIFYONLY, 1000 * MS, &m);
	l4_word bits = m.mr[0];
	l4_word e2 = l4_receive(L4_NOTIFYONLY, 10 * MS, &m);
	l4_word eb = l4_timer(l4_clock() + NS_MS, 1UL << 63, 4);
	l4_word e3 = l4_receive(L4_NOTIFYONLY, 1000 * MS, &m);
	l4_word e4 = l4_receive(L4_NOTIFYONLY, 10 * MS, &m);
	l4_timer(0, 0, 0);
	drain_notifications();
	CHECK_EQ(ea, L4_OK);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(bits, 1UL << 4);
	CHECK_EQ(e2, L4_ETIMEOUT | L4_ERR_RECV);
	CHECK_EQ(eb, L4_OK);
	CHECK_EQ(e3, L4_OK);
	CHECK_EQ(e4, L4_ETIMEOUT | L4_ERR_RECV);
}

/* Arms a 1 ms periodic timer and sleeps. */
static void timer_owner(l4_word arg)
{
	(void)arg;
	l4_timer(l4_clock() + NS_MS, NS_MS, 5);
	ready = 1;
	for (;;)
		sleep_us(1000 * MS);
}

KTEST(timer_one_shot, "a one-shot l4_timer notifies once at its deadline, also after a thread died with its timer armed")
{
	reset();
	struct l4_msg m = { 0 };
	drain_notifications();
	l4_word o = thread_new(root_space, 150, timer_owner, 0);
	bool rd = wait_for(&ready, 1, 1000);
	sleep_us(3 * MS);
	l4_thread_destroy(o);                    /* its timer must go with it */
	CHECK(rd);
	l4_word start = l4_clock();
	l4_word ea = l4_timer(start + 3 * NS_MS, 0, 1);
	l4_word e1 = l4_receive(L4_NOTIFYONLY, 1000 * MS, &m);
	l4_word t1 = l4_clock(), bits = m.mr[0];
	l4_word e2 = l4_receive(L4_NOTIFYONLY, 10 * MS, &m);
	CHECK_EQ(ea, L4_OK);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(bits, 2);
	CHECK(t1 - start >= 3 * NS_MS);
	CHECK_EQ(e2, L4_ETIMEOUT | L4_ERR_RECV);
}

static void try_irq_ack(l4_word arg)
{
	(void)arg;
	res[0] = l4_irq_ack(8);
	done = 1;
}

KTEST(irq_bind_errors, "bad IRQ numbers and bits get EINVAL, a bound line EBUSY, acks of unbound lines EINVAL, foreign acks EPERM")
{
	reset();
	l4_word t = thread_new(root_space, 150, mark_when_notified, 0);
	l4_word u = thread_new(root_space, 150, mark_when_notified, 0);
	static const l4_word bad_irqs[] = KT_BAD_IRQS;
	l4_word bad = 0;
	for (int i = 0; i < 4; i++) {
		bad |= (l4_irq_bind(bad_irqs[i], t, 1) != L4_EINVAL) << i;
		bad |= (l4_irq_ack(bad_irqs[i]) != L4_EINVAL) << (4 + i);
	}
	l4_word e_bit = l4_irq_bind(8, t, 64);
	l4_word e_tid = l4_irq_bind(8, 1000 | (77UL << 16), 1);
	l4_word e_ack9 = l4_irq_ack(9);                   /* never bound */
	l4_word e1 = l4_irq_bind(8, t, 1);
	l4_word e2 = l4_irq_bind(8, u, 1);                /* someone else's line */
	l4_word e3 = l4_irq_bind(8, t, 2);                /* rebinding by the owner */
	l4_word sid = space_new();
	thread_new(sid, 150, try_irq_ack, 0);
	bool ok = wait_for(&done, 1, 1000);
	l4_space_destroy(sid);
	l4_word e4 = l4_irq_bind(8, 0, 0);
	l4_word e5 = l4_irq_ack(8);
	l4_word e6 = l4_irq_bind(8, u, 3);
	l4_thread_destroy(u);                             /* destroying the owner unbinds */
	l4_word e7 = l4_irq_ack(8);
	l4_word e8 = l4_irq_bind(8, t, 3);
	l4_thread_destroy(t);
	CHECK_EQ(bad, 0);
	CHECK_EQ(e_bit, L4_EINVAL);
	CHECK_EQ(e_tid, L4_ENOTHREAD);
	CHECK_EQ(e_ack9, L4_EINVAL);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(e2, L4_EBUSY);
	CHECK_EQ(e3, L4_OK);
	CHECK(ok);
	CHECK_EQ(res[0], L4_EPERM);
	CHECK_EQ(e4, L4_OK);
	CHECK_EQ(e5, L4_EINVAL);
	CHECK_EQ(e6, L4_OK);
	CHECK_EQ(e7, L4_EINVAL);
	CHECK_EQ(e8, L4_OK);                              /* free for others again */
}
