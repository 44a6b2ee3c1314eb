/* Fixed-priority preemptive scheduler, round-robin within a priority. */
#include <kernel.h>
#include <arch.h>

struct tcb *current;
bool need_resched;
static struct tcb *runq[NPRIO];
static u64 runq_bits[NPRIO / 64];
static struct tcb *idle;
static bool slice_over;

void sched_init(void)
{
	idle = idle_thread_create();
	current = idle;
}

static void enqueue(struct tcb *t, bool at_head)
{
	struct tcb **q = &runq[t->prio];
	if (!*q) {
		t->rq_next = t->rq_prev = t;
		*q = t;
		runq_bits[t->prio / 64] |= 1ULL << (t->prio % 64);
		return;
	}
	t->rq_next = *q;
	t->rq_prev = (*q)->rq_prev;
	t->rq_prev->rq_next = t;
	(*q)->rq_prev = t;
	if (at_head)
		*q = t;
}

void sched_remove(struct tcb *t)
{
	if (!t->rq_next)
		return;
	struct tcb **q = &runq[t->prio];
	if (t->rq_next == t) {
		*q = NULL;
		runq_bits[t->prio / 64] &= ~(1ULL << (t->prio % 64));
	} else {
		t->rq_prev->rq_next = t->rq_next;
		t->rq_next->rq_prev = t->rq_prev;
		if (*q == t)
			*q = t->rq_next;
	}
	t->rq_next = t->rq_prev = NULL;
}

static int highest(void)
{
	for (int i = NPRIO / 64 - 1; i >= 0; i--)
		if (runq_bits[i])
			return i * 64 + 63 - __builtin_clzll(runq_bits[i]);
	return -1;
}

int sched_highest_prio(void) { return highest(); }

void sched_ready(struct tcb *t)
{
	if (t->rq_next || t == current)
		return;
	enqueue(t, false);
	if (current->is_idle || t->prio > current->prio)
		need_resched = true;
}

void schedule(void)
{
	struct tcb *prev = current;
	u64 now = arch_clock_ns();
	if (prev->state == TS_READY && !prev->is_idle && !prev->rq_next) {
		/* Preempted mid-slice: back at the head with the rest of its slice
		 * (a fresh one would let periodic preemption starve its peers). */
		bool used_up = slice_over || prev->slice_end <= now;
		prev->slice_left = used_up ? 0 : prev->slice_end - now;
		enqueue(prev, !used_up);
	}
	slice_over = false;
	need_resched = false;
	int p = highest();
	struct tcb *next = idle;
	if (p >= 0) {
		next = runq[p];
		sched_remove(next);
	}
	if (!next->is_idle && (next->slice_end <= now || next != prev))
		next->slice_end = now + (next->slice_left ? next->slice_left : next->slice_ns);
	next->slice_left = 0;
	timer_reprogram_for(next, now);
	if (next != prev) {
		if (irq_bound)
			irq_priority_ceiling(next->is_idle ? 0 : next->prio);
		arch_switch_to(prev, next);
	}
	threads_reap();
	/* Here the thread switched to runs again (its page tables, FPU and
	 * bases already loaded): one woken ahead of its timer waits for the
	 * deadline, so what it runs after it is the same whoever ran before. */
	timer_release_wait(current);
}

void sched_tick(void)
{
	if (!current->is_idle && arch_clock_ns() >= current->slice_end) {
		slice_over = true;
		need_resched = true;
	}
}

void sched_yield(void)
{
	slice_over = true;
	schedule();
}

