/*
 * ntest: native-mode checks (tests/run-wombat.sh, native_*) and the native
 * IPC benchmark. Each subcommand prints what it saw and exits 0 only if
 * every check held.
 *   ping N      N calls to iecho's ECHO_PING, each answer checked
 *   share       a page of iecho's at the same address here and there: a
 *               string written here, read by iecho through the pointer
 *               passed; its answer read back through the same pointer
 *   deny        what this domain may not do is refused
 *   info        Iguana's counts (free frames, capabilities, sections)
 *   fork        fork() refused; vfork+exec, posix_spawn and system() work
 *   callme N    iecho calls the service "nsvc" N times (run nsvc first)
 *   bench N     the round trip of N pings, ns each (clock_gettime)
 *   window      a section is no buffer for Linux (EFAULT); an uncovered
 *               page of Iguana's window is SIGBUS
 *   exit CODE   exits with CODE
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wombat/native.h>

extern char **environ;
static wn_word echo;

static long echo_call(wn_word op, const wn_word *args, int nargs, wn_word *out, int nout)
{
	struct wn_msg m = { .tag = WN_TAG(op, nargs) };
	long st;
	for (int i = 0; i < nargs; i++)
		m.mr[i] = args[i];
	if ((st = wn_call(echo, &m)))
		return st < 0 ? st : -EIO;
	for (int i = 0; i < nout; i++)
		out[i] = m.mr[1 + i];
	return (long)m.mr[0];
}

static int check(int ok, const char *what, long st)
{
	printf("%s %s (%s)\n", ok ? "ok:  " : "FAIL:", what, wn_strerror(st));
	return ok;
}

static int ping(long n)
{
	long right = 0, st = 0;
	for (long i = 0; i < n; i++) {
		wn_word x = (wn_word)i * 3 + 5, y = 0;
		if (!(st = echo_call(ECHO_PING, &x, 1, &y, 1)) && y == x + 1)
			right++;
	}
	printf("ping: %ld of %ld answers right%s%s\n", right, n, st ? ", last: " : "", st ? wn_strerror(st) : "");
	return right == n ? 0 : 1;
}

static int share(void)
{
	wn_word o[3] = { 0 }, len = 0;
	long st = echo_call(ECHO_SHARE, 0, 0, o, 3);
	if (st) {
		printf("share: iecho lent no page: %s\n", wn_strerror(st));
		return 1;
	}
	char *p = (char *)o[0] + 100, want[128];
	snprintf(p, 200, "hello from native pid %d", (int)getpid());
	wn_word ptr = (wn_word)p;
	if ((st = echo_call(ECHO_DEREF, &ptr, 1, &len, 1))) {
		printf("share: iecho did not read %p: %s\n", (void *)p, wn_strerror(st));
		return 1;
	}
	snprintf(want, sizeof want, "iecho saw: %s", p);
	int ok = len == strlen(p) && !strcmp(p + 2048, want);
	printf("share: page at %p here and in iecho; iecho read %lu bytes through %p and wrote back '%s'\n",
	       (void *)o[0], (unsigned long)len, (void *)p, p + 2048);
	return ok ? 0 : 1;
}

static int deny(void)
{
	int ok = 1;
	wn_word tid = 0, o[2], timer = 0, a[IG_NAME_WORDS] = { 0 };
	long st = wn_name_lookup("timer", &tid);
	ok &= check(st == IG_EPERM, "looking up 'timer' (not in native=) refused", st);
	st = wn_name_register("timer2");
	ok &= check(st == IG_EPERM, "registering 'timer2' (not in native=) refused", st);
	memcpy(a, "timer", 6);
	st = echo_call(ECHO_LOOKUP, a, IG_NAME_WORDS, &timer, 1);
	ok &= check(!st && timer, "iecho (an ordinary domain) may look 'timer' up", st);
	struct wn_msg m = { .tag = WN_TAG(TIMER_NOW, 0) };
	st = wn_call(timer, &m);
	printf("%s an IPC to the timer's thread refused by the microkernel (L4 error %ld, L4_EPERM is %d)\n",
	       st == L4_EPERM ? "ok:  " : "FAIL:", st, L4_EPERM);
	ok &= st == L4_EPERM;
	wn_word args[2] = { 16, 0 };
	st = wn_iguana(IG_PD_CREATE, args, 2, o, 2);
	ok &= check(st == IG_EQUOTA, "creating a domain refused (none allowed)", st);
	wn_word forged = 0x1234567890abcdefUL;
	st = wn_iguana(IG_MS_INFO, &forged, 1, o, 2);
	ok &= check(st == IG_ECAP, "a forged section capability refused", st);
	memset(a, 0, sizeof a);
	memcpy(a, "rt", 3);
	st = wn_iguana(IG_DOMAIN_STOP, a, IG_NAME_WORDS, 0, 0);
	ok &= check(st == IG_EPERM, "stopping the rt domain refused (not admin)", st);
	wn_word phys[2] = { forged, 0 };
	st = wn_iguana(IG_MS_PHYS, phys, 2, o, 1);
	ok &= check(st == IG_ECAP || st == IG_EPERM, "a physical address refused", st);
	wn_word big[2] = { IG_NATIVE_QUOTA + 1, IG_MS_R | IG_MS_W };
	st = wn_iguana(IG_MS_CREATE, big, 2, o, 2);
	ok &= check(st == IG_EQUOTA, "a section beyond the native quota refused", st);
	return ok ? 0 : 1;
}

static int info(void)
{
	wn_word o[5] = { 0 };
	long st = wn_info(o);
	if (st) {
		printf("info: %s\n", wn_strerror(st));
		return 1;
	}
	printf("info: free=%lu caps=%lu sections=%lu\n", (unsigned long)o[0], (unsigned long)o[1], (unsigned long)o[2]);
	return 0;
}

static int forks(void)
{
	int ok = 1, status = -1;
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	ok &= check(pid < 0 && errno == ENOSYS, "fork() refused with ENOSYS", pid < 0 ? -errno : 0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	pid = vfork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exit 7", (char *)NULL);
		_exit(127);
	}
	pid_t w = pid > 0 ? waitpid(pid, &status, 0) : -1;
	int werr = errno;
	printf("vfork: pid %d, waitpid %d (%s), status %#x\n", (int)pid, (int)w, w < 0 ? strerror(werr) : "ok", status);
	ok &= check(pid > 0 && w == pid && WIFEXITED(status) && WEXITSTATUS(status) == 7,
		    "vfork + exec: the child's status 7", 0);
	char *argv[] = { "echo", "posix_spawn: the child ran", NULL };
	int err = posix_spawn(&pid, "/bin/echo", NULL, NULL, argv, environ);
	fflush(stdout);
	ok &= check(!err && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && !WEXITSTATUS(status),
		    "posix_spawn of /bin/echo", -err);
	status = system("exit 3");
	ok &= check(WIFEXITED(status) && WEXITSTATUS(status) == 3, "system(\"exit 3\") gives 3", 0);
	return ok ? 0 : 1;
}

static int callme(long n)
{
	wn_word arg = (wn_word)n, o[4] = { 0 };
	long st = echo_call(ECHO_CALL, &arg, 1, 0, 0);
	if (st) {
		printf("callme: iecho refused: %s\n", wn_strerror(st));
		return 1;
	}
	for (int i = 0; i < 1200 && !(st = echo_call(ECHO_RESULT, 0, 0, o, 4)) && !o[3]; i++)
		usleep(50000);
	printf("callme: iecho made %lu calls to nsvc: %lu right answers, worst round trip %lu us%s\n",
	       (unsigned long)o[0], (unsigned long)o[1], (unsigned long)(o[2] / 1000), o[3] ? "" : " (unfinished)");
	return !st && o[3] && o[0] == (wn_word)n && o[1] == (wn_word)n ? 0 : 1;
}

/* A page of the window no section covers is SIGBUS; Linux's system calls
 * cannot read a section (only the CPU can): EFAULT. */
static int window(void)
{
	wn_word o[3] = { 0 };
	long st = echo_call(ECHO_SHARE, 0, 0, o, 3);
	if (st) {
		printf("window: iecho lent no page: %s\n", wn_strerror(st));
		return 1;
	}
	errno = 0;
	long r = write(1, (void *)o[0], 4);
	printf("efault: %s (write from a section: %ld, %s)\n", r < 0 && errno == EFAULT ? "ok" : "FAIL", r, strerror(errno));
	volatile char *q = (volatile char *)(IG_SHARED_TOP - 0x1000);
	printf("touching %p\n", (void *)q);
	fflush(stdout);
	(void)*q;
	printf("no signal\n");
	return 1;
}

static int bench(long n)
{
	struct timespec a, b;
	wn_word x = 1, y;
	echo_call(ECHO_PING, &x, 1, &y, 1);      /* the agent started, iecho looked up */
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		if (echo_call(ECHO_PING, &x, 1, &y, 1) || y != x + 1)
			return 1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	double ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / (double)n;
	printf("bench: native IPC round trip to iecho: %.0f ns (%ld calls)\n", ns, n);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 1;
	long st;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "exit"))
		return (int)n;
	if ((st = wn_start())) {
		fprintf(stderr, "ntest: %s\n", wn_strerror(st));
		return 2;
	}
	if (!strcmp(cmd, "info"))
		return info();
	if (!strcmp(cmd, "fork"))
		return forks();
	if ((st = wn_name_lookup("iecho", &echo))) {
		fprintf(stderr, "ntest: cannot reach iecho: %s\n", wn_strerror(st));
		return 1;
	}
	if (!strcmp(cmd, "ping"))
		return ping(n);
	if (!strcmp(cmd, "share"))
		return share();
	if (!strcmp(cmd, "deny"))
		return deny();
	if (!strcmp(cmd, "callme"))
		return callme(n);
	if (!strcmp(cmd, "bench"))
		return bench(n);
	if (!strcmp(cmd, "window"))
		return window();
	fprintf(stderr, "usage: ntest ping N | share | deny | info | fork | callme N | bench N | window | exit CODE\n");
	return 2;
}
