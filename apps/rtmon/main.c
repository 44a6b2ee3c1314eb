/* rtmon: reports the real-time task's latency on the console every few
 * seconds (args: every_ms=N, default 2000): periods, misses, max and p99 of
 * the interval since the last report. Tests read it while Linux is loaded. */
#include <iguana/iguana.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static l4_word rt_call(l4_word rt, l4_word op, l4_word *out)
{
	struct l4_msg m = { .tag = L4_TAG(op, 0, 0) };
	if (l4_call(rt, &m) != L4_OK)
		return ~0UL;
	l4_word *mr = l4_utcb()->mr;
	mr[0] = m.mr[0]; mr[1] = m.mr[1]; mr[2] = m.mr[2]; mr[3] = m.mr[3];
	for (int i = 0; i < 7; i++)
		out[i] = mr[i];
	return mr[0];
}

int main(struct ig_startinfo *si)
{
	unsigned long every = 2000, n = 0;
	const char *p = strstr(si->args, "every_ms=");
	l4_word rt = 0, st[7], junk[7];
	if (p)
		every = strtoul(p + 9, NULL, 10);
	if (every < 100)
		every = 100;
	for (int i = 0; i < 200 && ig_name_lookup("rt", &rt) != IG_OK; i++)
		sleep_ms(10);
	if (!rt) {
		printf("rtmon: no real-time task ('rt') to watch\n");
		return 1;
	}
	rt_call(rt, RT_RESET, junk);
	for (;;) {
		sleep_ms(every);
		if (rt_call(rt, RT_STATS, st) != 0) {
			printf("rtmon: the real-time task does not answer\n");
			return 1;
		}
		rt_call(rt, RT_RESET, junk);
		n++;
		printf("rtmon: report=%lu periods=%lu misses=%lu max_ns=%lu p99_ns=%lu mean_ns=%lu\n",
		       n, st[1], st[2], st[5], st[6], st[4]);
	}
}
