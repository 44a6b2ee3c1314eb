/* Timer service: one-shot and periodic wake-ups on the kernel clock.
 * TIMER_SLEEP_UNTIL(ns): the reply comes at that time.
 * TIMER_PERIODIC(first, period, bit): the caller is notified each period. */
#include <iguana/libiguana.h>
#include <stdio.h>

#define MAX_WAITERS 64
struct waiter { l4_word tid, deadline, period, bit; };   /* period 0: one-shot */
static struct waiter waiters[MAX_WAITERS];
static int nwaiters;

static void rearm(void)
{
	l4_word first = 0;
	for (int i = 0; i < nwaiters; i++)
		if (!first || waiters[i].deadline < first)
			first = waiters[i].deadline;
	l4_timer(first, 0, 0);
}

static void expire(void)
{
	l4_word now = l4_clock();
	for (int i = 0; i < nwaiters;) {
		struct waiter *w = &waiters[i];
		if (w->deadline > now) {
			i++;
			continue;
		}
		if (w->period) {
			if (l4_notify(w->tid, 1UL << w->bit) != L4_OK) {   /* client gone */
				*w = waiters[--nwaiters];
				continue;
			}
			w->deadline += w->period;
			if (w->deadline <= now)
				w->deadline = now + w->period - (now - w->deadline) % w->period;
			i++;
			continue;
		}
		struct l4_msg r = { .tag = L4_TAG(0, 2, 0), .mr = { 0, now } };
		l4_send(w->tid, 0, &r);
		*w = waiters[--nwaiters];
	}
	rearm();
}

static void periodic(l4_word tid, struct l4_msg *m)
{
	l4_word st = IG_OK;
	for (int i = 0; i < nwaiters; i++)          /* one periodic entry per thread */
		if (waiters[i].tid == tid && waiters[i].period) {
			waiters[i] = waiters[--nwaiters];
			break;
		}
	if (m->mr[1] && (m->mr[1] < 100000 || m->mr[2] >= 64))
		st = IG_EINVAL;                      /* at most 10 kHz */
	else if (m->mr[1] && nwaiters == MAX_WAITERS)
		st = IG_EBUSY;
	else if (m->mr[1])
		waiters[nwaiters++] = (struct waiter){ tid, m->mr[0], m->mr[1], m->mr[2] };
	struct l4_msg r = { .tag = L4_TAG(0, 1, 0), .mr = { st } };
	l4_send(tid, 0, &r);
}

int main(struct ig_startinfo *si)
{
	(void)si;
	if (ig_name_register("timer") != IG_OK) {
		printf("timer: cannot register\n");
		return 1;
	}
	struct l4_msg m = { 0 };
	for (;;) {
		l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
		l4_word label = L4_TAG_LABEL(m.tag);
		if (label == TIMER_SLEEP_UNTIL && nwaiters < MAX_WAITERS) {
			waiters[nwaiters++] = (struct waiter){ m.from, m.mr[0], 0, 0 };
		} else if (label == TIMER_PERIODIC) {
			periodic(m.from, &m);
		} else if (label == TIMER_NOW || label == TIMER_SLEEP_UNTIL) {
			struct l4_msg r = { .tag = L4_TAG(0, 2, 0),
					    .mr = { label == TIMER_NOW ? 0 : IG_EBUSY, l4_clock() } };
			l4_send(m.from, 0, &r);
		}
		expire();
	}
}
