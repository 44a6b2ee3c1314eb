/* Host tests of the scheduler's run queues: priorities, round robin, preemption marks. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "kernel.h"

static u64 now;
static struct tcb idle_tcb, t[6];
struct space *kernel_space;
uint64_t arch_clock_ns(void) { return now; }
void arch_switch_to(struct tcb *prev, struct tcb *next) { (void)prev; current = next; }
struct tcb *idle_thread_create(void) { idle_tcb.is_idle = 1; idle_tcb.state = TS_READY; return &idle_tcb; }
void threads_reap(void) {}
void timer_reprogram(void) {}
void timer_reprogram_for(struct tcb *run, u64 t) { (void)run; (void)t; }
static struct tcb *released;        /* the thread schedule() let wait for its timer's deadline */
void timer_release_spin(struct tcb *x) { released = x; x->release_at = 0; }
static unsigned ceiling_prio;       /* the priority schedule() told the IRQ ceiling */
void irq_priority_ceiling(unsigned prio) { ceiling_prio = prio; }
u32 irq_bound = 1;                  /* a line bound: schedule() keeps the ceiling */

static void reset(void)
{
	for (int i = 0; i < 6; i++)
		sched_remove(&t[i]);
	sched_init();
}

static void mk(struct tcb *x, int prio)
{
	sched_remove(x);
	memset(x, 0, sizeof(*x));
	x->prio = (u8)prio;
	x->state = TS_READY;
	x->slice_ns = 1000;
}

static void priority_order(void)
{
	reset();
	mk(&t[0], 10); mk(&t[1], 200); mk(&t[2], 50);
	t[1].release_at = now + 1;        /* woken ahead of its timer */
	sched_ready(&t[0]); sched_ready(&t[1]); sched_ready(&t[2]);
	CHECK(need_resched);
	released = NULL;
	schedule();
	CHECK(current == &t[1]);
	CHECK(released == &t[1]);         /* once switched to */
	CHECK(ceiling_prio == t[1].prio);  /* device interrupts below it masked */
	t[1].state = TS_RECEIVING;        /* blocks */
	schedule();
	CHECK(current == &t[2]);
	t[2].state = TS_RECEIVING;
	schedule();
	CHECK(current == &t[0]);
	t[0].state = TS_RECEIVING;
	schedule();
	CHECK(current == &idle_tcb);
}

static void round_robin(void)
{
	reset();
	mk(&t[0], 5); mk(&t[1], 5); mk(&t[2], 5);
	sched_ready(&t[0]); sched_ready(&t[1]); sched_ready(&t[2]);
	schedule();
	struct tcb *order[6];
	for (int i = 0; i < 6; i++) {
		order[i] = current;
		now += 2000;                  /* slice used up */
		sched_tick();
		CHECK(need_resched);
		schedule();
	}
	CHECK(order[0] == &t[0] && order[1] == &t[1] && order[2] == &t[2]);
	CHECK(order[3] == &t[0] && order[4] == &t[1] && order[5] == &t[2]);
}

static void preempted_keeps_place(void)
{
	reset();
	mk(&t[0], 5); mk(&t[1], 5); mk(&t[3], 9);
	sched_ready(&t[0]); sched_ready(&t[1]);
	schedule();
	CHECK(current == &t[0]);
	sched_ready(&t[3]);               /* higher priority wakes */
	CHECK(need_resched);
	schedule();
	CHECK(current == &t[3]);
	t[3].state = TS_RECEIVING;
	schedule();
	CHECK(current == &t[0]);          /* back at the head, not behind t1 */
	sched_remove(&t[1]);
	t[0].state = TS_RECEIVING;
	schedule();
	CHECK(current == &idle_tcb);
}

int main(void)
{
	RUN("sched", priority_order);
	RUN("sched", round_robin);
	RUN("sched", preempted_keeps_place);
	return check_total_failed;
}
