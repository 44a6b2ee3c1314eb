/*
 * A memory hog.
 *
 * memhog          allocates and touches 1 MiB blocks until Linux's OOM
 *                 killer ends it (it must not end anything outside Linux).
 * memhog -p N     maps N% of MemTotal (/proc/meminfo) at once, writes every
 *                 page with a pattern, reads it all back and reports: Linux
 *                 must reach that much of its memory (status 0; 1 if the
 *                 pattern was wrong, 2 if the mapping failed).
 * memhog -a N     the same with N% of MemAvailable.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static long meminfo_kb(const char *key)
{
	char line[256];
	long v = -1;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The pattern of word i of page p: different for every word of the area. */
static inline uint64_t pattern(size_t p, size_t i)
{
	return ((uint64_t)p * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)i << 48) ^ 0x5a5a5a5aULL;
}

/* A fault that should never happen (the memory is mapped and Linux must
 * give it or OOM-kill): say where, for the log, then die of it as before. */
static uint64_t *area;
static size_t area_pages;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	char msg[160];
	int n;

	(void)uc;
	n = snprintf(msg, sizeof(msg), "memhog: signal %d at %p (code %d), %zd pages into the %zu-page area at %p\n",
		     sig, si->si_addr, si->si_code,
		     area ? ((char *)si->si_addr - (char *)area) / 4096 : (ssize_t)-1, area_pages, (void *)area);
	write(1, msg, n > 0 ? (size_t)n : 0);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int touch_percent(const char *of, int percent)
{
	long total = meminfo_kb("MemTotal"), avail = meminfo_kb("MemAvailable"), base = meminfo_kb(of);
	long pg = sysconf(_SC_PAGESIZE), words = pg / 8;
	size_t pages, bad = 0;
	uint64_t *m;
	double t0, t1, t2;

	if (base <= 0 || percent <= 0 || percent > 100) {
		printf("memhog: cannot read %s (%ld kB) or bad percentage %d\n", of, base, percent);
		return 2;
	}
	pages = (size_t)(base / 100 * percent) * 1024 / (size_t)pg;
	printf("memhog: MemTotal %ld kB, MemAvailable %ld kB: touching %d%% of %s = %zu pages (%zu MiB)\n",
	       total, avail, percent, of, pages, pages * (size_t)pg >> 20);
	fflush(stdout);
	m = mmap(NULL, pages * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		perror("memhog: mmap");
		return 2;
	}
	area = m;
	area_pages = pages;
	struct sigaction sa = { 0 };
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	t0 = now();
	for (size_t p = 0; p < pages; p++) {
		uint64_t *w = m + p * (size_t)words;

		for (long i = 0; i < words; i++)
			w[i] = pattern(p, (size_t)i);
		if ((p + 1) * 10 / pages != p * 10 / pages && p + 1 < pages) {
			printf("memhog: %zu MiB written\n", (p + 1) * (size_t)pg >> 20);
			fflush(stdout);
		}
	}
	t1 = now();
	for (size_t p = 0; p < pages; p++) {
		uint64_t *w = m + p * (size_t)words;

		for (long i = 0; i < words; i++)
			if (w[i] != pattern(p, (size_t)i)) {
				if (!bad)
					printf("memhog: page %zu word %ld: %#llx, want %#llx\n", p, i,
					       (unsigned long long)w[i], (unsigned long long)pattern(p, (size_t)i));
				bad++;
				break;
			}
	}
	t2 = now();
	printf("memhog: %d%% of %s: %zu MiB written in %.2f s, read back in %.2f s: %s (%zu bad pages)\n",
	       percent, of, pages * (size_t)pg >> 20, t1 - t0, t2 - t1, bad ? "PATTERN WRONG" : "pattern ok", bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "-p"))
		return touch_percent("MemTotal", atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "-a"))
		return touch_percent("MemAvailable", atoi(argv[2]));
	if (argc != 1) {
		fprintf(stderr, "usage: memhog [-p PERCENT_OF_MEMTOTAL | -a PERCENT_OF_MEMAVAILABLE]\n");
		return 2;
	}
	for (long mib = 1;; mib++) {
		char *p = malloc(1 << 20);
		if (!p) {
			printf("memhog: malloc failed after %ld MiB\n", mib - 1);
			return 2;
		}
		memset(p, (int)mib, 1 << 20);
		if (mib % 16 == 0) {
			printf("memhog: %ld MiB\n", mib);
			fflush(stdout);
		}
	}
}
