/* IPC round-trip benchmark root task: call+reply between two spaces and within one. */
#include "../../tests/ktest/ktest.h"

void env_init(struct l4_bootinfo *bi);
int kt_failed;
void kt_fail(const char *file, int line, const char *expr, l4_word a, l4_word b)
{ (void)file; (void)line; (void)expr; (void)a; (void)b; }


static void echo_server(l4_word arg)
{
	(void)arg;
	struct l4_msg m = { 0 };
	l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
	for (;;) {
		m.tag = L4_TAG(0, 1, 0);
		m.mr[0]++;
		l4_reply_wait(m.from, &m);
	}
}

struct result { l4_word ns, cycles, entries; };

static struct result measure(l4_word server, int n)
{
	struct l4_msg m = { 0 };
	for (int i = 0; i < 1000; i++) {          /* warm up: faults, caches */
		m.tag = L4_TAG(1, 1, 0);
		l4_call(server, &m);
	}
	l4_word e0 = l4_kinfo(L4_KI_KENTRIES), t0 = l4_clock(), c0 = kt_cycles();
	for (int i = 0; i < n; i++) {
		m.tag = L4_TAG(1, 1, 0);
		if (l4_call(server, &m) != L4_OK)
			printf("bench: call failed\n");
	}
	l4_word c1 = kt_cycles(), t1 = l4_clock(), e1 = l4_kinfo(L4_KI_KENTRIES);
	return (struct result){ (t1 - t0) / n, (c1 - c0) / n, (e1 - e0 - 1) / n };
}

void exit(int code)
{
	stdio_flush();
	l4_shutdown(code ? 2 : 0);
	for (;;)
		;
}

int main(struct l4_bootinfo *bi)
{
	env_init(bi);
	const int n = 20000;
	l4_schedule(root_tid, 200, 0);
	l4_word sp = space_new();
	l4_space_ctrl(sp, L4_SC_ALLOW, root_space);
	l4_word inter = thread_new(sp, 200, echo_server, 0);
	l4_word intra = thread_new(root_space, 200, echo_server, 0);
	sleep_us(1000);
	struct result a = measure(inter, n), b = measure(intra, n);
	printf("BENCH-JSON-BEGIN\n{\"fastpath\": %lu, \"iterations\": %d, \"tsc_khz\": %lu,\n"
	       " \"interspace\": {\"ns\": %lu, \"tsc_cycles\": %lu, \"kernel_entries\": %lu},\n"
	       " \"intraspace\": {\"ns\": %lu, \"tsc_cycles\": %lu, \"kernel_entries\": %lu}}\n"
	       "BENCH-JSON-END\n", l4_kinfo(L4_KI_FASTPATH), n, l4_kinfo(L4_KI_CLOCK_KHZ),
	       a.ns, a.cycles, a.entries, b.ns, b.cycles, b.entries);
	l4_space_destroy(sp);
	l4_thread_destroy(intra);
	exit(0);
	return 0;
}
