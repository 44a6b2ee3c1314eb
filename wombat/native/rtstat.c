/*
 * rtstat [-d FIFO]: the real-time task's latency statistics, read in place
 * from rt's own statistics page (RT_SHARE lends it to this process's
 * domain: the pointer rt writes through is the one read here; no copy, no
 * call per read). A native-mode program (docs/native-mode.md): run it with
 * wombat-native, or as /usr/bin/rtstat, which does.
 *   rtstat          print them once
 *   rtstat -d FIFO  serve them to ordinary Linux programs: each open of
 *                   FIFO for reading (cat /run/rt-stats) gets them, fresh
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wombat/native.h>

static const struct rt_shared *rt;

static int format(char *buf, size_t len)
{
	uint64_t s, periods, misses, min, max, sum, period, hist[RT_BUCKETS];
	do {
		while ((s = rt->seq) & 1)
			;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		periods = rt->periods; misses = rt->misses; min = rt->min_ns; max = rt->max_ns;
		sum = rt->sum_ns; period = rt->period_ns;
		for (int i = 0; i < RT_BUCKETS; i++)
			hist[i] = rt->hist[i];
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (rt->seq != s);
	int n = snprintf(buf, len, "rt statistics at %p (rt's page, read in place)\n"
			 "period %llu ns\nperiods %llu\nmisses %llu\nmin %llu ns\nmean %llu ns\nmax %llu ns\nhistogram (10 us buckets)",
			 (void *)rt, (unsigned long long)period, (unsigned long long)periods,
			 (unsigned long long)misses, (unsigned long long)min,
			 (unsigned long long)(periods ? sum / periods : 0), (unsigned long long)max);
	for (int i = 0; i < RT_BUCKETS && n < (int)len; i++)
		n += snprintf(buf + n, len - (size_t)n, " %llu", (unsigned long long)hist[i]);
	if (n < (int)len)
		n += snprintf(buf + n, len - (size_t)n, "\n");
	return n < (int)len ? n : (int)len - 1;
}

int main(int argc, char **argv)
{
	wn_word tid;
	long st;
	char buf[1024];

	if (argc > 1 && (argc != 3 || strcmp(argv[1], "-d"))) {
		fprintf(stderr, "usage: rtstat [-d FIFO]\n");
		return 2;
	}
	if ((st = wn_name_lookup("rt", &tid))) {
		fprintf(stderr, "rtstat: cannot reach rt: %s\n", wn_strerror(st));
		return 1;
	}
	struct wn_msg m = { .tag = WN_TAG(RT_SHARE, 0) };
	if ((st = wn_call(tid, &m)) || (st = (long)m.mr[0])) {
		fprintf(stderr, "rtstat: rt did not lend its statistics: %s\n", wn_strerror(st));
		return 1;
	}
	rt = (const struct rt_shared *)m.mr[1];
	if (argc == 1) {
		int n = format(buf, sizeof buf);
		return fwrite(buf, 1, (size_t)n, stdout) == (size_t)n ? 0 : 1;
	}
	const char *fifo = argv[2];
	if (mkfifo(fifo, 0644) && errno != EEXIST) {
		fprintf(stderr, "rtstat: cannot make %s: %s\n", fifo, strerror(errno));
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	printf("rtstat: serving rt's statistics on %s\n", fifo);
	fflush(stdout);
	for (;;) {
		int fd = open(fifo, O_WRONLY);       /* until a reader comes */
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "rtstat: %s: %s\n", fifo, strerror(errno));
			return 1;
		}
		int n = format(buf, sizeof buf);
		if (write(fd, buf, (size_t)n) < 0 && errno != EPIPE)
			fprintf(stderr, "rtstat: write: %s\n", strerror(errno));
		close(fd);
		usleep(10000);                     /* the reader sees its end of file first */
	}
}
