/*
 * What real programs expect of Linux's configuration (tests/run-wombat.sh,
 * cfg_*): one line "ok NAME ..." or "FAIL NAME ..." per check.
 *
 *   sysv_shm       a SysV shared memory segment written by a child, read by its parent
 *   posix_mq       a POSIX message queue round trip
 *   madvise        MADV_DONTNEED on private anonymous memory gives zeros back
 *   tcp4, tcp6     a TCP connection over the loopback (127.0.0.1, ::1), 1 MiB through it
 *   core_dump      a child killed by SIGSEGV dumps core (core_pattern, RLIMIT_CORE): an ELF core file
 *   realtime       CLOCK_REALTIME is a real date (after 2020) and can be set
 *   abs_timer      a CLOCK_REALTIME timer_settime with TIMER_ABSTIME fires, not early
 *   hires          clock_getres(CLOCK_MONOTONIC) is 1 ns (high-resolution timers)
 *   fstat          fstat of an open file agrees with stat by name (size, inode, mode)
 *   user_paths     paths as arch/um copies them from user memory: one across a
 *                  page boundary, one whose NUL is the last byte before an
 *                  unmapped page (found), one running into that page (EFAULT);
 *                  4,095 bytes opens the file, 4,096 is ENAMETOOLONG
 *   user_copy      the kernel's copies to and from user memory (os-L4's
 *                  wombat_buffer_op): a read() into three pages never touched
 *                  (faulted in on the way), into a page shared copy-on-write
 *                  after fork (the child's copy changes, the parent's not),
 *                  /dev/zero's clear_user across pages with the bytes around
 *                  untouched, EFAULT into a read-only page, a write() from a
 *                  buffer running into a PROT_NONE page short or EFAULT
 *                  (arch/um read PROT_NONE pages for the kernel: 200 of 200);
 *                  and each within one page (os-L4's direct wombat_copy_*_user,
 *                  wombat_clear_user): a read() into a page never touched,
 *                  /dev/zero's clear with the bytes around untouched, a write()
 *                  from a PROT_NONE page EFAULT
 *   fork_cow       after fork the parent writes the pages it had written before
 *                  (private anonymous, its data, its stack) and a shared page;
 *                  the child, waiting meanwhile, still sees the old bytes of the
 *                  private ones and the new byte of the shared one; its own
 *                  writes stay its own (os-L4 takes the parent's write rights
 *                  away after a fork in one call per range: /proc/wombat
 *                  fork_flushes grows with each fork)
 *   ptrace_syscall a traced child's system call stops (PTRACE_SYSCALL): an
 *                  entry and an exit stop for each call, exit_group's entry
 *                  (os-L4's syscall.c takes arch/um's traced path only for a
 *                  thread with syscall work); its getppid() still right
 *   file_map       a 256-page file read through a shared mapping, every page right,
 *                  pages mapped by Wombat's fault-around (/proc/wombat around_pages);
 *                  a write() after is seen through the mapping; a private copy's
 *                  write stays private; a shared mapping's write reaches the file
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int failed;

__attribute__((format(printf, 3, 4)))
static void result(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s %s ", ok ? "ok" : "FAIL", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	failed |= !ok;
}

static void sysv_shm(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600), st = -1;
	char *p;

	if (id < 0) {
		result(0, "sysv_shm", "shmget: %s", strerror(errno));
		return;
	}
	if (fork() == 0) {
		p = shmat(id, NULL, 0);
		if (p == (void *)-1)
			_exit(1);
		strcpy(p, "written by the child");
		_exit(shmdt(p) != 0);
	}
	wait(&st);
	p = shmat(id, NULL, SHM_RDONLY);
	result(st == 0 && p != (void *)-1 && !strcmp(p, "written by the child"), "sysv_shm",
	       "parent reads '%s'", p != (void *)-1 ? p : "(shmat failed)");
	if (p != (void *)-1)
		shmdt(p);
	shmctl(id, IPC_RMID, NULL);
}

static void posix_mq(void)
{
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	char buf[64] = "";
	mqd_t q = mq_open("/wombat-test", O_CREAT | O_RDWR, 0600, &a);

	if (q == (mqd_t)-1) {
		result(0, "posix_mq", "mq_open: %s", strerror(errno));
		return;
	}
	int ok = mq_send(q, "kangaroo", 9, 1) == 0 && mq_receive(q, buf, sizeof(buf), NULL) == 9 &&
		 !strcmp(buf, "kangaroo");
	result(ok, "posix_mq", "received '%s'", buf);
	mq_close(q);
	mq_unlink("/wombat-test");
}

static void madvise_dontneed(void)
{
	size_t len = 4 * 4096, nonzero = 0;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		result(0, "madvise", "mmap: %s", strerror(errno));
		return;
	}
	memset(p, 0xaa, len);
	if (madvise(p, len, MADV_DONTNEED) != 0) {
		result(0, "madvise", "madvise: %s", strerror(errno));
		return;
	}
	for (size_t i = 0; i < len; i++)
		nonzero += p[i] != 0;
	result(nonzero == 0, "madvise", "MADV_DONTNEED: %zu nonzero bytes after", nonzero);
	munmap(p, len);
}

/* 1 MiB from a child to its parent over a loopback TCP connection. */
static void tcp(int family, const char *name)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int l = socket(family, SOCK_STREAM, 0), c, st = -1;
	unsigned long sum = 0, want = 0, got = 0;
	static unsigned char buf[65536];

	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)&ss;
		s->sin_family = AF_INET;
		s->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sl = sizeof(*s);
	} else {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&ss;
		s->sin6_family = AF_INET6;
		s->sin6_addr = in6addr_loopback;
		sl = sizeof(*s);
	}
	if (l < 0 || bind(l, (struct sockaddr *)&ss, sl) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&ss, &sl)) {
		result(0, name, "socket/bind/listen: %s", strerror(errno));
		if (l >= 0)
			close(l);
		return;
	}
	for (int i = 0; i < 16; i++)
		for (int j = 0; j < 65536; j++)
			want += (unsigned char)(i * 31 + j * 7);
	if (fork() == 0) {
		int s = socket(family, SOCK_STREAM, 0);
		if (s < 0 || connect(s, (struct sockaddr *)&ss, sl))
			_exit(1);
		for (int i = 0; i < 16; i++) {
			for (int j = 0; j < 65536; j++)
				buf[j] = (unsigned char)(i * 31 + j * 7);
			for (size_t o = 0; o < sizeof(buf);) {
				ssize_t n = write(s, buf + o, sizeof(buf) - o);
				if (n <= 0)
					_exit(2);
				o += n;
			}
		}
		close(s);
		_exit(0);
	}
	c = accept(l, NULL, NULL);
	for (ssize_t n; c >= 0 && (n = read(c, buf, sizeof(buf))) > 0;) {
		for (ssize_t i = 0; i < n; i++)
			sum += buf[i];
		got += n;
	}
	wait(&st);
	result(c >= 0 && st == 0 && got == 16 * 65536 && sum == want, name, "%lu bytes, sum %lu (want %lu)", got, sum,
	       want);
	if (c >= 0)
		close(c);
	close(l);
}

static void core_dump(void)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	char path[64], magic[4] = "";
	int fd, st = 0;
	pid_t pid;
	FILE *f = fopen("/proc/sys/kernel/core_pattern", "w");

	if (!f || fputs("/tmp/core.%p\n", f) < 0 || fclose(f) != 0) {
		result(0, "core_dump", "cannot set /proc/sys/kernel/core_pattern: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &rl);
		raise(SIGSEGV);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	snprintf(path, sizeof(path), "/tmp/core.%d", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		if (read(fd, magic, 4) != 4)
			magic[0] = 0;
		close(fd);
		unlink(path);
	}
	result(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && WCOREDUMP(st) && !memcmp(magic, "\177ELF", 4), "core_dump",
	       "signal %d, core dumped %d, %s %s", WIFSIGNALED(st) ? WTERMSIG(st) : 0, WCOREDUMP(st) ? 1 : 0, path,
	       fd >= 0 ? "is an ELF file" : "missing");
}

static void realtime(void)
{
	struct timespec a, b;

	clock_gettime(CLOCK_REALTIME, &a);
	b = a;
	b.tv_sec += 3600;
	int set = clock_settime(CLOCK_REALTIME, &b);
	int err = errno;
	clock_gettime(CLOCK_REALTIME, &b);
	long moved = (long)(b.tv_sec - a.tv_sec);
	a.tv_sec = b.tv_sec - 3600;
	clock_settime(CLOCK_REALTIME, &a);     /* back */
	result(a.tv_sec > 1577836800 && set == 0 && moved >= 3600 && moved <= 3602, "realtime",
	       "%ld s since 1970, clock_settime %s, moved %ld s", (long)a.tv_sec, set ? strerror(err) : "ok", moved);
}

static volatile sig_atomic_t fired;
static void on_alarm(int s) { (void)s; fired = 1; }

static void abs_timer(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	struct itimerspec its = { 0 };
	struct timespec now, at;
	timer_t t;

	signal(SIGUSR1, on_alarm);
	if (timer_create(CLOCK_REALTIME, &sev, &t)) {
		result(0, "abs_timer", "timer_create: %s", strerror(errno));
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	its.it_value = now;
	its.it_value.tv_nsec += 50000000;
	if (its.it_value.tv_nsec >= 1000000000) {
		its.it_value.tv_sec++;
		its.it_value.tv_nsec -= 1000000000;
	}
	if (timer_settime(t, TIMER_ABSTIME, &its, NULL)) {
		result(0, "abs_timer", "timer_settime(TIMER_ABSTIME): %s", strerror(errno));
		return;
	}
	for (int i = 0; i < 500 && !fired; i++)
		usleep(10000);
	clock_gettime(CLOCK_REALTIME, &at);
	int early = at.tv_sec < its.it_value.tv_sec ||
		    (at.tv_sec == its.it_value.tv_sec && at.tv_nsec < its.it_value.tv_nsec);
	result(fired && !early, "abs_timer", "fired %d, %s", (int)fired, early ? "EARLY" : "not before its time");
	timer_delete(t);
}

static void hires(void)
{
	struct timespec r = { 0, 0 };

	clock_getres(CLOCK_MONOTONIC, &r);
	result(r.tv_sec == 0 && r.tv_nsec == 1, "hires", "clock_getres(CLOCK_MONOTONIC) = %ld ns",
	       r.tv_sec * 1000000000L + r.tv_nsec);
}

static void fstat_file(void)
{
	struct stat a, b;
	char buf[5000];
	int fd = open("/tmp/fstat-test", O_RDWR | O_CREAT | O_TRUNC, 0640), ok;

	memset(buf, 'x', sizeof(buf));
	ok = fd >= 0 && write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf) && fstat(fd, &a) == 0 &&
	     stat("/tmp/fstat-test", &b) == 0;
	result(ok && a.st_size == 5000 && a.st_ino == b.st_ino && a.st_dev == b.st_dev &&
	       a.st_mode == (S_IFREG | 0640) && b.st_size == 5000, "fstat",
	       "size %lld, inode %llu (stat: %lld, %llu), mode %o", ok ? (long long)a.st_size : -1LL,
	       ok ? (unsigned long long)a.st_ino : 0ULL, ok ? (long long)b.st_size : -1LL,
	       ok ? (unsigned long long)b.st_ino : 0ULL, ok ? (unsigned)a.st_mode : 0U);
	if (fd >= 0)
		close(fd);
	unlink("/tmp/fstat-test");
}

/* The path to /tmp/paths-test at p, padded with "./" to len bytes. */
static void pad_path(char *p, size_t len)
{
	const char *tail = "tmp/paths-test";
	size_t t = strlen(tail), i = 0;

	p[i++] = '/';
	while (i + 2 + t <= len) {
		p[i++] = '.';
		p[i++] = '/';
	}
	if (i + t < len)               /* odd padding: one more slash */
		p[i++] = '/';
	memcpy(p + i, tail, t);
	p[len] = 0;
}

static void user_paths(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *big = malloc(8192);
	struct stat ref, a, b;
	int fd = open("/tmp/paths-test", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int across = -1, at_end = -1, efault = 0, long_ok = -1, too_long = 0;
	const char *name = "/tmp/paths-test";
	size_t n = strlen(name) + 1;

	if (m == MAP_FAILED || !big || fd < 0 || fstat(fd, &ref) != 0 || mprotect(m + 2 * pg, pg, PROT_NONE)) {
		result(0, "user_paths", "setup failed: %s", strerror(errno));
		return;
	}
	/* Across the first page boundary: 5 bytes in the first page. */
	memcpy(m + pg - 5, name, n);
	across = stat(m + pg - 5, &a) == 0 && a.st_ino == ref.st_ino;
	/* The NUL is the last byte of the second page; the third is unmapped. */
	memcpy(m + 2 * pg - n, name, n);
	at_end = stat(m + 2 * pg - n, &b) == 0 && b.st_ino == ref.st_ino;
	/* No NUL before the unmapped page. */
	memset(m + 2 * pg - 8, 'x', 8);
	efault = stat(m + 2 * pg - 8, &b) != 0 && errno == EFAULT;
	/* PATH_MAX counts the NUL: 4,095 bytes of path open, 4,096 do not. */
	pad_path(big, 4095);
	long_ok = stat(big, &b) == 0 && b.st_ino == ref.st_ino;
	pad_path(big, 4096);
	too_long = stat(big, &b) != 0 && errno == ENAMETOOLONG;
	result(across && at_end && efault && long_ok && too_long, "user_paths",
	       "across a page %d, NUL before an unmapped page %d, EFAULT %d, 4,095 bytes %d, 4,096 ENAMETOOLONG %d",
	       across, at_end, efault, long_ok, too_long);
	close(fd);
	unlink("/tmp/paths-test");
	munmap(m, 3 * pg);
	free(big);
}

static int all_bytes(const unsigned char *p, size_t n, unsigned char c)
{
	while (n--)
		if (*p++ != c)
			return 0;
	return 1;
}

static void user_copy(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t n = 2 * pg + 100;
	unsigned char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *c = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *o = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *pat = malloc(n);
	int p[2], zero = open("/dev/zero", O_RDONLY), file = open("/tmp/copy-test", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int fresh = 0, cow = 0, clear = 0, ro = 0, shortw = 0, status = -1;
	int fresh1 = 0, clear1 = 0, none1 = 0;
	ssize_t w = 0;
	pid_t pid;

	if (m == MAP_FAILED || c == MAP_FAILED || o == MAP_FAILED || !pat || zero < 0 || file < 0 || pipe(p)) {
		result(0, "user_copy", "setup failed: %s", strerror(errno));
		return;
	}
	for (size_t i = 0; i < n; i++)
		pat[i] = (unsigned char)(i * 7 + 1);
	/* Into three pages no one touched yet, from the middle of the first. */
	fresh = write(p[1], pat, n) == (ssize_t)n && read(p[0], m + pg / 2, n) == (ssize_t)n &&
		!memcmp(m + pg / 2, pat, n) && all_bytes(m, pg / 2, 0) && all_bytes(m + pg / 2 + n, pg / 2 - 100, 0);
	/* Within one page: into a page no one touched, then /dev/zero's clear. */
	fresh1 = write(p[1], pat, 100) == 100 && read(p[0], o + 8, 100) == 100 && !memcmp(o + 8, pat, 100) &&
		 all_bytes(o, 8, 0) && all_bytes(o + 108, pg - 108, 0);
	memset(o + pg, 0xff, pg);
	clear1 = read(zero, o + pg + 50, 100) == 100 && all_bytes(o + pg + 50, 100, 0) && o[pg + 49] == 0xff &&
		 o[pg + 150] == 0xff;
	/* Into a page the child shares with its parent, copy-on-write. */
	memset(c, 'P', pg);
	pid = fork();
	if (pid == 0)
		_exit(write(p[1], pat, pg) == pg && read(p[0], c, pg) == pg && !memcmp(c, pat, pg) ? 0 : 1);
	cow = pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	      all_bytes(c, pg, 'P');
	/* /dev/zero clears across pages, nothing around. */
	memset(m, 0xff, 4 * pg);
	clear = read(zero, m + 10, 2 * pg) == 2 * pg && all_bytes(m + 10, 2 * pg, 0) && m[9] == 0xff &&
		m[10 + 2 * pg] == 0xff;
	/* Into a read-only page: EFAULT, the page unchanged. */
	if (mprotect(m, pg, PROT_READ) == 0)
		ro = read(zero, m, 64) < 0 && errno == EFAULT && all_bytes(m, 10, 0xff) && m[10] == 0;
	/* From a buffer whose last 100 bytes lie in a PROT_NONE page: what lies
	 * before it is written (a short write) or nothing is (EFAULT). */
	if (mprotect(m + 3 * pg, pg, PROT_NONE) == 0) {
		memcpy(m + 3 * pg - 100, pat, 100);
		w = write(file, m + 3 * pg - 100, 200);
		shortw = (w == 100 && pread(file, c, 200, 0) == 100 && !memcmp(c, pat, 100)) ||
			 (w < 0 && errno == EFAULT);
		none1 = write(file, m + 3 * pg + 10, 50) < 0 && errno == EFAULT;
	}
	result(fresh && cow && clear && ro && shortw && fresh1 && clear1 && none1, "user_copy",
	       "into untouched pages %d, copy-on-write after fork %d (child status %d), /dev/zero across pages %d, "
	       "EFAULT into a read-only page %d, write() running into a PROT_NONE page %d (%zd); within one page: "
	       "into an untouched page %d, /dev/zero %d, write() from a PROT_NONE page EFAULT %d",
	       fresh, cow, status, clear, ro, shortw, w, fresh1, clear1, none1);
	close(p[0]);
	close(p[1]);
	close(zero);
	close(file);
	unlink("/tmp/copy-test");
	munmap(m, 4 * pg);
	munmap(c, pg);
	munmap(o, 2 * pg);
	free(pat);
}

static unsigned char cow_data[3 * 4096];

/* A counter of /proc/wombat, or -1. */
static long wombat_counter(const char *name)
{
	char line[128], key[64];
	long v, n = -1;
	FILE *f = fopen("/proc/wombat", "r");

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%63s %ld", key, &v) == 2 && !strcmp(key, name))
			n = v;
	if (f)
		fclose(f);
	return n;
}

static void fork_cow(void)
{
	long pg = sysconf(_SC_PAGESIZE), before = wombat_counter("fork_flushes"), after;
	size_t n = 8 * pg;
	unsigned char *a = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *sh = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	unsigned char stack[512];
	int go[2], status = -1, parent_ok;
	pid_t pid;
	char c = 'g';

	if (a == MAP_FAILED || sh == MAP_FAILED || pipe(go)) {
		result(0, "fork_cow", "setup failed: %s", strerror(errno));
		return;
	}
	/* Written before the fork: mapped writable in this process's task space. */
	memset(a, 'A', n);
	memset(cow_data, 'D', sizeof(cow_data));
	memset(stack, 'S', sizeof(stack));
	sh[0] = 'x';
	pid = fork();
	if (pid == 0) {
		int bad;

		if (read(go[0], &c, 1) != 1)
			_exit(2);
		bad = !all_bytes(a, n, 'A') || !all_bytes(cow_data, sizeof(cow_data), 'D') ||
		      !all_bytes(stack, sizeof(stack), 'S') || sh[0] != 'y';
		memset(a, 'C', pg);             /* the child's own */
		memset(cow_data, 'C', 64);
		sh[1] = 'c';
		_exit(bad);
	}
	after = wombat_counter("fork_flushes");
	memset(a, 'P', n);
	memset(cow_data, 'Q', sizeof(cow_data));
	memset(stack, 'R', sizeof(stack));
	sh[0] = 'y';
	if (pid > 0 && write(go[1], &c, 1) == 1)
		waitpid(pid, &status, 0);
	parent_ok = all_bytes(a, n, 'P') && all_bytes(cow_data, sizeof(cow_data), 'Q') &&
		    all_bytes(stack, sizeof(stack), 'R') && sh[1] == 'c';
	result(pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && parent_ok &&
	       (before < 0 || after > before), "fork_cow",
	       "child saw the bytes of before the fork and the shared page's new one: status %d; the parent "
	       "kept its own after the child's writes %d; fork_flushes %ld -> %ld",
	       status, parent_ok, before, after);
	close(go[0]);
	close(go[1]);
	munmap(a, n);
	munmap(sh, pg);
}

/* UML has no PTRACE_GET_SYSCALL_INFO (no HAVE_ARCH_TRACEHOOK), and the
 * registers' layout differs by architecture: the stops are counted.  After
 * the SIGSTOP the child makes whole calls (an entry and an exit stop each)
 * and then exit_group (an entry stop only): an odd number, at least 3. */
static void ptrace_syscall(void)
{
	pid_t parent = getpid(), pid = fork();
	int status = 0, stops = 0, other = 0, exited = -1;

	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(getppid() == parent ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status) ||
	    ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)PTRACE_O_TRACESYSGOOD)) {
		result(0, "ptrace_syscall", "setup failed: %s (status %#x)", strerror(errno), status);
		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
		}
		return;
	}
	while (stops + other < 200 && ptrace(PTRACE_SYSCALL, pid, NULL, NULL) == 0 &&
	       waitpid(pid, &status, 0) == pid) {
		if (WIFEXITED(status)) {
			exited = WEXITSTATUS(status);
			break;
		}
		if (WIFSTOPPED(status) && WSTOPSIG(status) == (SIGTRAP | 0x80))
			stops++;
		else
			other++;
	}
	if (exited < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	result(stops >= 3 && stops % 2 == 1 && exited == 0, "ptrace_syscall",
	       "%d syscall stops (odd, at least 3: entry and exit of each call, exit_group's entry), "
	       "%d other stops; the child's getppid() right and its status %d", stops, other, exited);
}

#define MAP_PAGES 256

static void file_map(void)
{
	long pg = sysconf(_SC_PAGESIZE), around0 = wombat_counter("around_pages"), around1, bad = 0;
	size_t len = (size_t)MAP_PAGES * pg;
	int fd = open("/tmp/map-test", O_RDWR | O_CREAT | O_TRUNC, 0600);
	char *page = malloc(pg), *m, *priv, *sh, c = 0;
	int ok = fd >= 0 && page;

	for (long i = 0; ok && i < MAP_PAGES; i++) {
		memset(page, 0, pg);
		snprintf(page, pg, "page %ld", i);
		page[pg - 1] = (char)i;
		ok = write(fd, page, pg) == pg;
	}
	m = ok ? mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0) : MAP_FAILED;
	if (m == MAP_FAILED) {
		result(0, "file_map", "file or mmap: %s", strerror(errno));
		goto out;
	}
	for (long i = 0; i < MAP_PAGES; i++) {
		char want[32];

		snprintf(want, sizeof want, "page %ld", i);
		bad += strcmp(m + i * pg, want) != 0 || m[i * pg + pg - 1] != (char)i;
	}
	around1 = wombat_counter("around_pages");
	/* The pages are mapped: a write() must still show through them. */
	ok = pwrite(fd, "rewritten", 10, 100 * pg) == 10 && !strcmp(m + 100 * pg, "rewritten");
	priv = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	sh = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (priv != MAP_FAILED && sh != MAP_FAILED) {
		c = priv[7 * pg] + sh[9 * pg];          /* read faults first */
		strcpy(priv + 7 * pg, "private");
		strcpy(sh + 9 * pg, "shared");
		char got[16] = "";
		ok = ok && pread(fd, got, 8, 7 * pg) == 8 && !strcmp(got, "page 7") &&
		     !strcmp(m + 9 * pg, "shared") && pread(fd, got, 7, 9 * pg) == 7 && !strcmp(got, "shared") &&
		     !strcmp(priv + 7 * pg, "private");
	} else {
		ok = 0;
	}
	result(bad == 0 && ok && around0 >= 0 && around1 > around0, "file_map",
	       "%d pages read through a shared mapping, %ld wrong; %ld mapped by fault-around; write() seen, "
	       "private and shared writes %s (%d)", MAP_PAGES, bad, around1 - around0, ok ? "right" : "WRONG", c);
	munmap(m, len);
	if (priv != MAP_FAILED)
		munmap(priv, len);
	if (sh != MAP_FAILED)
		munmap(sh, len);
out:
	free(page);
	if (fd >= 0)
		close(fd);
	unlink("/tmp/map-test");
}

int main(void)
{
	sysv_shm();
	posix_mq();
	madvise_dontneed();
	tcp(AF_INET, "tcp4");
	tcp(AF_INET6, "tcp6");
	core_dump();
	realtime();
	abs_timer();
	hires();
	fstat_file();
	user_paths();
	user_copy();
	fork_cow();
	ptrace_syscall();
	file_map();
	return failed;
}
