/* Real-time demo task: a periodic kernel timer (default 1 kHz); records the wake-up
 * latency of every period (actual minus intended) and the missed deadlines. */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#define BUCKETS 16
#define BUCKET_NS 10000      /* histogram: 10 us buckets, the last one open */
#define FINE 2000            /* 1 us resolution up to 2 ms for percentiles */

static l4_word periods, misses, min_ns = ~0UL, max_ns, sum_ns;
static l4_word hist[BUCKETS];

/* Percentiles at 1 us resolution up to 2 ms. Serving RT_STATS and RT_RESET
 * runs at this task's priority, between two periods: both must be short or
 * they delay the next wake-up themselves (a 16 KiB memset and a 2,000-entry
 * scan did: up to 70 us). So buckets are cleared lazily by epoch, and a
 * coarse count per 100 us narrows the percentile scan to one stretch. */
#define COARSE (FINE / 100)
static l4_word fine[FINE], fine_epoch[FINE], coarse[COARSE], epoch = 1;

static void record(l4_word lat, l4_word period)
{
	periods++;
	if (lat >= period)
		misses++;
	if (lat < min_ns)
		min_ns = lat;
	if (lat > max_ns)
		max_ns = lat;
	sum_ns += lat;
	hist[lat / BUCKET_NS < BUCKETS ? lat / BUCKET_NS : BUCKETS - 1]++;
	l4_word b = lat / 1000 < FINE ? lat / 1000 : FINE - 1;
	if (fine_epoch[b] != epoch) {
		fine_epoch[b] = epoch;
		fine[b] = 0;
	}
	fine[b]++;
	coarse[b / 100]++;
}

/* The upper end of the 1 us bucket holding the 99th percentile (at most the maximum). */
static l4_word p99(void)
{
	l4_word want = periods - periods / 100, seen = 0;
	for (int c = 0; c < COARSE; c++) {
		if (seen + coarse[c] < want) {
			seen += coarse[c];
			continue;
		}
		for (int i = c * 100; i < (c + 1) * 100; i++)
			if (fine_epoch[i] == epoch && (seen += fine[i]) >= want)
				return (l4_word)(i + 1) * 1000 < max_ns ? (l4_word)(i + 1) * 1000 : max_ns;
	}
	return max_ns;
}

static void reset(void)
{
	periods = misses = max_ns = sum_ns = 0;
	min_ns = ~0UL;
	for (int i = 0; i < BUCKETS; i++)
		hist[i] = 0;
	for (int i = 0; i < COARSE; i++)
		coarse[i] = 0;
	epoch++;
}

/* The statistics are served by a second thread at a lower priority, so a
 * request never delays a wake-up; it reads them under a sequence count
 * (odd while the periodic thread writes) and leaves resets to that thread. */
static volatile l4_word seq, reset_requested;

/* The statistics also live in a page of their own (struct rt_shared), which
 * RT_SHARE lends read-only to a client's domain: a native-mode Linux
 * program reads them in place (apps/rtstat in wombat/native), no call per
 * read. Written after each wake-up's records, under the page's own
 * sequence count. */
static struct rt_shared *shared;
static l4_word shared_cap;

static void publish(void)
{
	shared->seq++;
	__asm__ volatile("" ::: "memory");
	shared->periods = periods;
	shared->misses = misses;
	shared->min_ns = periods ? min_ns : 0;
	shared->max_ns = max_ns;
	shared->sum_ns = sum_ns;
	for (int i = 0; i < BUCKETS; i++)
		shared->hist[i] = hist[i];
	__asm__ volatile("" ::: "memory");
	shared->seq++;
}

static void copy_stats(l4_word *mr)
{
	mr[1] = periods; mr[2] = misses; mr[3] = periods ? min_ns : 0;
	mr[4] = periods ? sum_ns / periods : 0; mr[5] = max_ns; mr[6] = p99();
}

static void copy_hist(l4_word *mr)
{
	for (int i = 0; i < BUCKETS; i++)
		mr[1 + i] = hist[i];
}

/* copy() again until no period was recorded meanwhile. */
static void read_stable(void (*copy)(l4_word *mr), l4_word *mr)
{
	l4_word s;
	do {
		while ((s = seq) & 1)
			;
		copy(mr);
	} while (seq != s);
}

static void answer(struct l4_msg *m)
{
	l4_word *mr = l4_utcb()->mr, label = L4_TAG_LABEL(m->tag);
	int n = 1;
	mr[0] = 0;
	if (label == RT_STATS) {
		read_stable(copy_stats, mr);
		n = 7;
	} else if (label == RT_HIST) {
		read_stable(copy_hist, mr);
		n = 1 + BUCKETS;
	} else if (label == RT_RESET) {
		reset_requested = 1;       /* done before the next period is recorded */
	} else if (label == RT_SHARE) {
		l4_word cap;
		mr[0] = shared ? ig_ms_share(shared_cap, m->from, IG_MS_R, &cap) : IG_ENOMEM;
		if (mr[0] == IG_OK) {
			mr[1] = (l4_word)shared;
			mr[2] = 1;
			n = 3;
		}
	} else {
		mr[0] = IG_EINVAL;
	}
	struct l4_msg r = { .tag = L4_TAG(0, n, 0), .mr = { mr[0], mr[1], mr[2], mr[3] } };
	l4_send(m->from, 0, &r);
}

static void stats_server(void)
{
	if (ig_name_register("rt") != IG_OK)
		printf("rt: cannot register the name 'rt'\n");
	struct l4_msg m = { 0 };
	for (;;) {
		l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
		if (L4_TAG_LABEL(m.tag) != L4_LABEL_NOTIFY)
			answer(&m);
	}
}

static char stats_stack[8192] __attribute__((aligned(16)));

int main(struct ig_startinfo *si)
{
	l4_word period = 1000000, tid;
	const char *p = strstr(si->args, "period_us=");
	if (p)
		period = strtoul(p + 10, NULL, 10) * 1000;
	if (period < 100000)
		period = 100000;
	l4_word base;
	if (ig_ms_create(1, IG_MS_R | IG_MS_W, &base, &shared_cap) == IG_OK) {
		shared = (struct rt_shared *)base;
		shared->period_ns = period;       /* touched now: no fault in a period */
		printf("rt: statistics shared at %lx\n", base);
	} else {
		printf("rt: no section for the shared statistics\n");
	}
	/* Below the periodic thread (the domain's priority, 250), above Linux (100). */
	if (ig_thread_create(si->pd_cap, stats_server, stats_stack + sizeof stats_stack, 200, &tid) != IG_OK)
		printf("rt: cannot start the statistics thread\n");
	l4_word next = l4_clock() + period;
	l4_timer(next, period, 0);
	struct l4_msg m = { 0 };
	for (;;) {
		l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_NEVER, &m);
		l4_word now = l4_clock();
		seq++;
		if (reset_requested) {
			reset();
			reset_requested = 0;
		}
		/* One notification may stand for several periods if we were starved. */
		while (next <= now) {
			record(now - next, period);
			next += period;
		}
		if (shared)
			publish();
		seq++;
	}
}
