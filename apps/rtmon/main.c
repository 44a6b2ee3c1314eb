/* rtmon: reports the real-time task's latency on the console every few
 * seconds (args: every_ms=N, default 2000): periods, misses, max and p99 of
 * the interval since the last report. Tests read it while Linux is loaded.
 * With "pdcheck" each report also says whether this domain could create
 * (and delete) a domain of its own just then: Linux must not use up
 * Iguana's domains. With "usage" each report adds what Iguana has free
 * (frames, capabilities) and what this domain holds (pages, kernel frames):
 * Linux's load must leave other domains' figures as they were. */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

int main(struct ig_startinfo *si)
{
	unsigned long every = 2000, n = 0;
	int pdcheck = strstr(si->args, "pdcheck") != NULL, usage = strstr(si->args, "usage") != NULL;
	const char *p = strstr(si->args, "every_ms=");
	l4_word st[7], junk[7];
	if (p)
		every = strtoul(p + 9, NULL, 10);
	if (every < 100)
		every = 100;
	if (rt_request(RT_RESET, junk) != 0) {       /* (waits a second for it to register) */
		printf("rtmon: no real-time task ('rt') to watch\n");
		return 1;
	}
	for (;;) {
		sleep_ms(every);
		if (rt_request(RT_STATS, st) != 0) {
			printf("rtmon: the real-time task does not answer\n");
			return 1;
		}
		rt_request(RT_RESET, junk);
		n++;
		printf("rtmon: report=%lu periods=%lu misses=%lu max_ns=%lu p99_ns=%lu mean_ns=%lu",
		       n, st[1], st[2], st[5], st[6], st[4]);
		if (pdcheck) {
			l4_word cap = 0, err = ig_pd_create(0, 0, &cap, NULL);
			if (err == IG_OK)
				err = ig_pd_delete(cap);
			if (err == IG_OK)
				printf(" domain_create=ok");
			else
				printf(" domain_create=error%lu", err);
		}
		if (usage) {
			l4_word info[5] = { 0 }, kused = 0, klimit = 0;
			ig_info(info);
			ig_kmem(&kused, &klimit);
			printf(" free_frames=%lu caps=%lu own_pages=%lu own_kmem=%lu kmem_limit=%lu",
			       info[0], info[1], info[3], kused, klimit);
		}
		printf("\n");
	}
}
