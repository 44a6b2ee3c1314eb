/* IPC timeouts, per-thread periodic timers, and the hardware one-shot behind them. */
#include <kernel.h>
#include <arch.h>

/* Timer anticipation (what Xenomai calls gravity): the one-shot for the
 * next periodic timer is set TIMER_ADVANCE_NS before its deadline. The
 * interrupt then notifies the timers due within TIMER_SPIN_NS at once, and
 * the scheduler switches to the woken thread, but the thread leaves the
 * kernel only at its deadline (release_at: timer_release_wait spins, with
 * interrupts off, once its page tables, bases and FPU are loaded). So
 * a kernel call that is in progress when the interrupt falls due, and ends
 * within the advance, delays no periodic wake-up (longer calls have
 * preemption points, preempt_due), and the switching work is done before
 * the deadline: what follows it is the same whatever ran before. The
 * window also covers the one-shot's shortest delay (ARCH_TIMER_MIN_NS; the
 * PC's PIT: two ticks, 1.68 us), so a reprogrammed interrupt never lands
 * after a deadline it could have served. 3 us: the PIT fires up to one tick (0.84 us) after
 * the time asked for, and the longest stretch between preemption points
 * seen under Linux fork, pipe and memory load is 1.2 us (-icount). Cost:
 * at most TIMER_SPIN_NS of waiting per period, 0.35 % of the CPU for a
 * 1 kHz task. */
#define TIMER_ADVANCE_NS 3000
#define TIMER_SPIN_NS    3500
_Static_assert(TIMER_SPIN_NS >= ARCH_TIMER_MIN_NS && TIMER_SPIN_NS >= TIMER_ADVANCE_NS, "spin window");

static struct tcb *timeouts;     /* sorted by t->timeout */
static struct tcb *timers;       /* sorted by t->timer_deadline */
static u64 programmed;          /* when the one-shot fires; 0: not set */

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
	u64 horizon = now + TIMER_SPIN_NS;
	while (timers && timers->timer_deadline <= horizon) {
		struct tcb *t = timers;
		u64 d = t->timer_deadline, p = t->timer_period, bits = t->timer_bits;
		timer_disarm(t);
		/* The first tick after the window (missed ones skipped, ticks
		 * within it merged into this one). A period so long that it wraps
		 * the clock ends the timer: re-inserting a deadline in the past
		 * would loop here for ever. */
		u64 next = p ? horizon + p - (horizon - d) % p : 0;
		if (next > horizon) {
			t->timer_deadline = next;
			t->timer_period = p;
			t->timer_bits = bits;
			LIST_INSERT(timers, t, timer_deadline, tm_next, tm_prev);
		}
		if (d > now && (t->release_at <= now || d < t->release_at))
			t->release_at = d;
		notify(t, bits);
	}
	/* No reprogramming here: the caller does it once it knows who runs
	 * next (timer_reprogram() only counts events that can preempt it). */
}

/* A thread woken ahead of its timer's deadline leaves the kernel at it. */
void timer_release_spin(struct tcb *t)
{
	while (arch_clock_ns() < t->release_at)
		;
	t->release_at = 0;
}

/* Whether a timer event is due now (its interrupt pending): a long kernel
 * call stops at a consistent point and restarts itself (the same system
 * call, its arguments advanced) so the interrupt is taken and whoever it
 * wakes runs first. A preemption point, as in L4 kernels. */
bool preempt_due(void)
{
	return programmed && arch_clock_ns() >= programmed;
}

/* Events that cannot preempt the running thread wait until it blocks (the
 * next schedule() reprograms): a timeout or timer of a thread below it only
 * readies that thread, which runs when nothing above it does, so its
 * interrupt would only cost the running thread time (the real-time task,
 * 200 ns now and then under Linux load).
 * A few entries are looked at; beyond them, the earliest counts. */
#define REPROGRAM_SCAN 16
static u64 first_timeout(unsigned from)
{
	struct tcb *t = timeouts;
	for (int i = 0; t && i < REPROGRAM_SCAN; i++, t = t->to_next)
		if (t->prio >= from)
			return t->timeout;
	return t ? timeouts->timeout : 0;
}

static u64 first_timer(unsigned from)
{
	struct tcb *t = timers;
	for (int i = 0; t && i < REPROGRAM_SCAN; i++, t = t->tm_next)
		if (t->prio >= from)
			return t->timer_deadline;
	return t ? timers->timer_deadline : 0;
}

/* Program the one-shot for the earliest of: time slice end, a timeout, a
 * timer, of those that matter to thread `run`, which runs next. now: the
 * clock, as the caller read it (schedule() has it already). */
void timer_reprogram_for(struct tcb *run, u64 now)
{
	u64 next = run->is_idle ? 0 : run->slice_end;
	bool deferred = false;
	if (timeouts || timers) {          /* none: the slice end alone */
		unsigned prio = !run->is_idle ? run->prio : 0;
		u64 to = first_timeout(prio), tm = first_timer(prio);
		if (to && (!next || to < next))
			next = to;
		if (tm) {
			u64 d = tm > TIMER_ADVANCE_NS ? tm - TIMER_ADVANCE_NS : 1;
			if (!next || d < next)
				next = d;
		}
		deferred = (timeouts && timeouts->timeout < next) ||
			   (timers && timers->timer_deadline - TIMER_ADVANCE_NS < next);
	}
	if (!next)
		return;
	/* Leave the one-shot alone when it fires no later than a new one
	 * would: rewriting it restarts the count, and a thread calling into
	 * the kernel more often than the shortest delay would keep the
	 * interrupt away for ever (it did: up to 1.8 us late). */
	u64 fires = next > now + ARCH_TIMER_MIN_NS ? next : now + ARCH_TIMER_MIN_NS;
	/* ...unless what it fires for no longer matters (deferred: a thread
	 * above the one it was set for runs now): then it goes later, once. */
	if (programmed && programmed <= fires && (!deferred || programmed >= next))
		return;
	programmed = arch_timer_program(next);
}

void timer_reprogram(void) { timer_reprogram_for(current, arch_clock_ns()); }
