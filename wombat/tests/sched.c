/*
 * Linux's own scheduling under Wombat (tests/run-wombat.sh, sched_*): one
 * line "ok NAME ..." or "FAIL NAME ..." per check.
 *
 *   nanosleep   100 sleeps of 1 ms: each under 2 ms on average (not the 10 ms tick)
 *   yield       two processes handing the CPU to each other with sched_yield:
 *               a round trip well under a tick (it took two ticks, 20 ms)
 *   nice        a nice-19 CPU hog beside a nice-0 one gets near Linux's weight
 *               (15 / (1024 + 15) = 1.4 %; it got 13 %), under 5 %
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failed;

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void nanosleep_1ms(void)
{
	struct timespec ms = { 0, 1000000 };
	double t0 = now_us();

	for (int i = 0; i < 100; i++)
		nanosleep(&ms, NULL);
	double mean = (now_us() - t0) / 100;
	int ok = mean >= 1000 && mean < 2000;
	printf("%s nanosleep 1 ms sleeps %.0f us on average (100 sleeps)\n", ok ? "ok" : "FAIL", mean);
	failed |= !ok;
}

static void yield_pingpong(int n)
{
	pid_t child = fork();

	if (child == 0) {
		for (;;)
			sched_yield();
	}
	sched_yield();                       /* the child is running and yielding */
	double t0 = now_us();
	for (int i = 0; i < n; i++)
		sched_yield();
	double rt = (now_us() - t0) / n;
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	int ok = rt < 200;
	printf("%s yield sched_yield round trip between two processes: %.2f us (%d rounds)\n", ok ? "ok" : "FAIL", rt, n);
	failed |= !ok;
}

/* A child that spins at the given nice value until killed. */
static pid_t spinner(int nice_value)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (setpriority(PRIO_PROCESS, 0, nice_value))
			_exit(1);
		for (volatile unsigned long x = 0;; x++)
			;
	}
	return pid;
}

/* A process's CPU time (user + system) from /proc, in us. */
static double cpu_us(pid_t pid)
{
	char path[64], buf[512];
	unsigned long ut = 0, st = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f)) {
		char *p = buf;
		for (int field = 1; *p && field < 14; p++)    /* utime is field 14 (after the comm's ")") */
			if (*p == ' ')
				field++;
		sscanf(p, "%lu %lu", &ut, &st);
	}
	fclose(f);
	return (ut + st) * 1e6 / sysconf(_SC_CLK_TCK);
}

static void nice_weights(void)
{
	pid_t a = spinner(0), b = spinner(19);
	struct timespec s = { 3, 0 };
	nanosleep(&s, NULL);
	kill(a, SIGSTOP);
	kill(b, SIGSTOP);
	double ca = cpu_us(a), cb = cpu_us(b);
	kill(a, SIGKILL);
	kill(b, SIGKILL);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	double share = ca + cb > 0 ? 100 * cb / (ca + cb) : 100;
	int ok = ca > 0 && share < 5;
	printf("%s nice a nice-19 hog beside a nice-0 one: %.1f %% of the CPU (%.0f ms vs %.0f ms; Linux's weights: 1.4 %%)\n",
	       ok ? "ok" : "FAIL", share, cb / 1000, ca / 1000);
	failed |= !ok;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "yield")) {     /* the ping-pong alone, N rounds (profiling) */
		yield_pingpong(atoi(argv[2]));
		return failed;
	}
	nanosleep_1ms();
	yield_pingpong(2000);
	nice_weights();
	return failed;
}
