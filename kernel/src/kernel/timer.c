/* IPC timeouts, per-thread periodic timers, and the hardware one-shot behind them. */
#include <kernel.h>
#include <arch.h>

static struct tcb *timeouts;     /* sorted by t->timeout */
static struct tcb *timers;       /* sorted by t->timer_deadline */
static u64 programmed;
u64 sched_next_slice_end(void);

#define LIST_INSERT(head, t, key, next, prev) do {                        \
	struct tcb **pp = &(head), *pv = NULL;                              \
	while (*pp && (*pp)->key <= (t)->key) { pv = *pp; pp = &(*pp)->next; } \
	(t)->next = *pp; (t)->prev = pv;                                    \
	if (*pp) (*pp)->prev = (t);                                         \
	*pp = (t);                                                          \
} while (0)

#define LIST_REMOVE(head, t, next, prev) do {                             \
	if ((t)->prev) (t)->prev->next = (t)->next; else (head) = (t)->next; \
	if ((t)->next) (t)->next->prev = (t)->prev;                         \
	(t)->next = (t)->prev = NULL;                                       \
} while (0)

void timeout_set(struct tcb *t, u32 us)
{
	timeout_cancel(t);
	if (us == L4_TIMEOUT_NEVER)
		return;
	t->timeout = arch_clock_ns() + (u64)us * 1000;
	LIST_INSERT(timeouts, t, timeout, to_next, to_prev);
	timer_reprogram();
}

void timeout_cancel(struct tcb *t)
{
	if (!t->timeout)
		return;
	LIST_REMOVE(timeouts, t, to_next, to_prev);
	t->timeout = 0;
}

void timer_arm(struct tcb *t, u64 deadline, u64 period, u64 bits)
{
	timer_disarm(t);
	if (!deadline)
		return;
	t->timer_deadline = deadline;
	t->timer_period = period;
	t->timer_bits = bits;
	LIST_INSERT(timers, t, timer_deadline, tm_next, tm_prev);
	timer_reprogram();
}

void timer_disarm(struct tcb *t)
{
	if (!t->timer_deadline)
		return;
	LIST_REMOVE(timers, t, tm_next, tm_prev);
	t->timer_deadline = 0;
}

void timers_expire(void)
{
	u64 now = arch_clock_ns();
	programmed = 0;
	while (timeouts && timeouts->timeout <= now) {
		struct tcb *t = timeouts;
		ipc_abort(t, L4_ETIMEOUT);
	}
	while (timers && timers->timer_deadline <= now) {
		struct tcb *t = timers;
		u64 d = t->timer_deadline, p = t->timer_period, bits = t->timer_bits;
		timer_disarm(t);
		/* The first tick after now (missed ones skipped). A period so long
		 * that it wraps the clock ends the timer: re-inserting a deadline
		 * in the past would loop here for ever. */
		d = p ? now + p - (now - d) % p : 0;
		if (d > now) {
			t->timer_deadline = d;
			t->timer_period = p;
			t->timer_bits = bits;
			LIST_INSERT(timers, t, timer_deadline, tm_next, tm_prev);
		}
		notify(t, bits);
	}
	timer_reprogram();
}

/* Program the one-shot for the earliest of: time slice end, a timeout, a timer. */
void timer_reprogram(void)
{
	u64 next = sched_next_slice_end();
	if (timeouts && (!next || timeouts->timeout < next))
		next = timeouts->timeout;
	if (timers && (!next || timers->timer_deadline < next))
		next = timers->timer_deadline;
	if (!next)
		return;
	u64 now = arch_clock_ns();
	if (programmed && programmed > now && programmed <= next)
		return;
	programmed = next;
	arch_timer_program(next);
}
