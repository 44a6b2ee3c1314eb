/* rtbench: the real-time task's wake-up latency with the system idle, then with
 * lower-priority domains busy (a CPU spinner and an IPC ping-pong pair). JSON out. */
#include <iguana/libiguana.h>
#include <stdio.h>

static volatile unsigned long spins, pings;

static void spinner(void)
{
	for (;;)
		spins++;
}

static volatile l4_word pong_tid;
static void ponger(void)
{
	struct l4_msg m = { 0 };
	pong_tid = l4_utcb()->tid;
	l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
	for (;;)
		l4_reply_wait(m.from, &m);
}

static void pinger(void)
{
	while (!pong_tid)
		;
	for (;;) {
		struct l4_msg m = { .tag = L4_TAG(1, 1, 0) };
		l4_call(pong_tid, &m);
		pings++;
	}
}

static void phase(const char *name, int last)
{
	l4_word st[7];
	rt_request(RT_RESET, st);
	sleep_ms(3000);
	rt_request(RT_STATS, st);
	printf("  \"%s\": {\"periods\": %lu, \"misses\": %lu, \"min_ns\": %lu, \"mean_ns\": %lu, "
	       "\"p99_ns\": %lu, \"max_ns\": %lu}%s\n", name, st[1], st[2], st[3], st[4], st[6], st[5],
	       last ? "" : ",");
}

int main(struct ig_startinfo *si)
{
	(void)si;
	l4_word rt, s1, s2, s3;
	if (ig_name_lookup("rt", &rt) != IG_OK) {
		printf("rtbench: no rt task\n");
		return 1;
	}
	sleep_ms(500);
	printf("BENCH-JSON-BEGIN\n{\"period_ns\": 1000000, \"phase_ms\": 3000,\n");
	phase("idle", 0);
	l4_word a = ig_child_spawn(spinner, 20, 64, &s1);   /* same priority: they share the CPU */
	l4_word b = ig_child_spawn(ponger, 20, 64, &s2);
	l4_word c = ig_child_spawn(pinger, 20, 64, &s3);
	phase("busy", 1);
	printf(", \"load\": {\"spins\": %lu, \"ipc_round_trips\": %lu}}\nBENCH-JSON-END\n", spins, pings);
	ig_pd_delete(a);
	ig_pd_delete(b);
	ig_pd_delete(c);
	stdio_flush();
	l4_word code = (a && b && c) ? 0 : 1;
	ig_call(IG_SHUTDOWN, &code, 1, 0, 0);
	return 0;
}
