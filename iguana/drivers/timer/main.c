/* Timer service: one-shot wake-ups on the kernel clock. A client calls
 * TIMER_SLEEP_UNTIL(ns); the reply comes at that time. Periodic use: call again
 * with the next deadline. */
#include <iguana/iguana.h>
#include <stdio.h>

#define MAX_WAITERS 64
static struct { l4_word tid, deadline; } waiters[MAX_WAITERS];
static int nwaiters;

static void rearm(void)
{
	l4_word first = 0;
	for (int i = 0; i < nwaiters; i++)
		if (!first || waiters[i].deadline < first)
			first = waiters[i].deadline;
	l4_timer(first, 0, 0);
}

static void wake_expired(void)
{
	l4_word now = l4_clock();
	for (int i = 0; i < nwaiters;) {
		if (waiters[i].deadline > now) {
			i++;
			continue;
		}
		struct l4_msg r = { .tag = L4_TAG(0, 2, 0), .mr = { 0, now } };
		l4_send(waiters[i].tid, 0, &r);
		waiters[i] = waiters[--nwaiters];
	}
	rearm();
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
			waiters[nwaiters].tid = m.from;
			waiters[nwaiters++].deadline = m.mr[0];
		} else if (label == TIMER_NOW || label == TIMER_SLEEP_UNTIL) {
			struct l4_msg r = { .tag = L4_TAG(0, 2, 0),
					    .mr = { label == TIMER_NOW ? 0 : IG_EBUSY, l4_clock() } };
			l4_send(m.from, 0, &r);
		}
		wake_expired();
	}
}
