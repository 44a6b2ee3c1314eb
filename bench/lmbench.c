/*
 * bench/lmbench.c - operating-system micro-benchmarks in the manner of lmbench
 * (McVoy and Staelin), for the Wombat paper's section 6: null system call,
 * pipe round trip, context switch in a ring of pipes (lat_ctx style, pipe
 * overhead subtracted), fork+exit, fork+exec, anonymous page fault.
 *
 * Written from scratch for this project; only the methodology follows lmbench:
 * each measurement is calibrated to run for a target time, then repeated, and
 * the median of the repetitions is reported with the minimum and maximum.
 *
 * Build: gcc -static -O2 -o lmbench bench/lmbench.c
 *        gcc -static -nostdlib -O2 -DLMBENCH_HELLO -o hello bench/lmbench.c
 *        (the second is the tiny program that fork+exec runs by default)
 *
 * Output, one line per result (times in microseconds):
 *   BENCH name=null_syscall unit=us value=0.123 reps=5 min=0.120 max=0.130 iters=100000
 * plus BENCH-INFO lines before and BENCH-ERROR lines for failed tests, and a
 * final "BENCH-DONE".
 */
#ifdef LMBENCH_HELLO
/* The exec target: no libc, exits at once with status 0. */
#if defined(__aarch64__)
__asm__(".text\n.globl _start\n_start:\n\tmov x8, #93\n\tmov x0, #0\n\tsvc #0\n\tbrk #0\n");   /* exit(0) */
#elif defined(__riscv)
__asm__(".text\n.globl _start\n_start:\n\tli a7, 93\n\tli a0, 0\n\tecall\n\tebreak\n");   /* exit(0) */
#else
__asm__(".text\n.globl _start\n_start:\n\tmovl $60, %eax\n\txorl %edi, %edi\n\tsyscall\n\thlt\n");
#endif
#else

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXREPS 64
#define MAXLIST 32

enum { T_NULL = 1, T_PIPE = 2, T_CTX = 4, T_FORK = 8, T_EXEC = 16, T_PAGEFAULT = 32, T_SH = 64,
       T_READ = 128, T_WRITE = 256, T_STAT = 512, T_FSTAT = 1024, T_OPEN = 2048, T_FILEFAULT = 4096,
       T_FILE = T_READ | T_WRITE | T_STAT | T_FSTAT | T_OPEN | T_FILEFAULT, T_ALL = 8191 };

static const struct { const char *name; unsigned bit; } test_names[] = {
	{ "null", T_NULL }, { "pipe", T_PIPE }, { "ctx", T_CTX },
	{ "fork", T_FORK }, { "exec", T_EXEC }, { "pagefault", T_PAGEFAULT },
	{ "file", T_FILE }, { "sh", T_SH },
	{ "read", T_READ }, { "write", T_WRITE }, { "stat", T_STAT }, { "fstat", T_FSTAT },
	{ "open", T_OPEN }, { "filefault", T_FILEFAULT },	/* parts of "file" */
	{ "all", T_ALL },
};

static struct {
	unsigned tests;
	int reps;
	double target_ms;	/* measured time per repetition (calibrated) */
	long iters;		/* fixed iteration count; 0 = calibrate */
	const char *exec_path;
	int procs[MAXLIST], nprocs;
	int sizes[MAXLIST], nsizes;	/* ctx working set per process, KB */
} opt = {
	.tests = T_ALL, .reps = 5, .target_ms = 20, .iters = 0, .exec_path = NULL,
	.procs = { 2, 4, 8, 16, 24, 32, 64, 96 }, .nprocs = 8,
	.sizes = { 0, 16 }, .nsizes = 2,
};

struct result { double med, min, max; long iters; int reps; };

/* Keeps the compiler from dropping the working-set sums. */
static volatile long sink;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* fn runs n iterations and returns the elapsed ns, or a negative value on error. */
typedef int64_t (*bench_fn)(void *arg, long n);

/*
 * Pick an iteration count so that one repetition takes about target_ms (unless
 * -n fixed it), then run opt.reps repetitions. Each repetition's figure is
 * elapsed / (n * per_iter) in microseconds. One untimed iteration and the
 * calibration runs serve as warm-up.
 */
static int measure(bench_fn fn, void *arg, double per_iter, struct result *r)
{
	int64_t target = (int64_t)(opt.target_ms * 1e6);
	long n = opt.iters;
	double v[MAXREPS];

	if (fn(arg, 1) < 0)	/* warm-up: first pass through cold caches and fresh processes */
		return -1;
	if (n <= 0) {
		n = 1;
		for (;;) {
			int64_t t = fn(arg, n);
			if (t < 0)
				return -1;
			if (t >= target / 4 || n >= (1L << 30)) {
				double scaled = (double)n * (double)target / (double)(t > 0 ? t : 1);
				n = scaled < 1 ? 1 : scaled > (double)(1L << 30) ? (1L << 30) : (long)scaled;
				break;
			}
			n *= t < target / 100 ? 10 : 2;
		}
	}
	for (int i = 0; i < opt.reps; i++) {
		int64_t t = fn(arg, n);
		if (t < 0)
			return -1;
		v[i] = (double)t / 1e3 / ((double)n * per_iter);
	}
	qsort(v, opt.reps, sizeof v[0], cmp_double);
	r->med = opt.reps % 2 ? v[opt.reps / 2] : (v[opt.reps / 2 - 1] + v[opt.reps / 2]) / 2;
	r->min = v[0];
	r->max = v[opt.reps - 1];
	r->iters = n;
	r->reps = opt.reps;
	return 0;
}

static void report(const char *name, const struct result *r, const char *extra)
{
	printf("BENCH name=%s unit=us value=%.4f reps=%d min=%.4f max=%.4f iters=%ld%s%s\n",
	       name, r->med, r->reps, r->min, r->max, r->iters, extra ? " " : "", extra ? extra : "");
	fflush(stdout);
}

static void report_error(const char *name, const char *what)
{
	printf("BENCH-ERROR name=%s msg=\"%s: %s\"\n", name, what, strerror(errno));
	fflush(stdout);
}

static int read_full(int fd, void *p, size_t len)
{
	ssize_t k = read(fd, p, len);
	return k == (ssize_t)len ? 0 : -1;
}

static int write_full(int fd, const void *p, size_t len)
{
	ssize_t k = write(fd, p, len);
	return k == (ssize_t)len ? 0 : -1;
}

/* ---- null system call ------------------------------------------------- */

static int64_t b_null(void *arg, long n)
{
	(void)arg;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return now_ns() - t0;
}

/* ---- pipe round trip between two processes ---------------------------- */

struct pipepair { int to_child[2], to_parent[2]; pid_t child; };

static int64_t b_pipe(void *arg, long n)
{
	struct pipepair *pp = arg;
	int tok = 0;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++) {
		if (write_full(pp->to_child[1], &tok, sizeof tok) || read_full(pp->to_parent[0], &tok, sizeof tok))
			return -1;
	}
	return now_ns() - t0;
}

static void run_pipe(void)
{
	struct pipepair pp;
	struct result r;

	if (pipe(pp.to_child) || pipe(pp.to_parent)) {
		report_error("pipe_latency", "pipe");
		return;
	}
	pp.child = fork();
	if (pp.child < 0) {
		report_error("pipe_latency", "fork");
		return;
	}
	if (pp.child == 0) {
		int tok;
		close(pp.to_child[1]);
		close(pp.to_parent[0]);
		while (read_full(pp.to_child[0], &tok, sizeof tok) == 0)
			if (write_full(pp.to_parent[1], &tok, sizeof tok))
				break;
		_exit(0);
	}
	close(pp.to_child[0]);
	close(pp.to_parent[1]);
	if (measure(b_pipe, &pp, 1, &r) == 0)
		report("pipe_latency", &r, NULL);
	else
		report_error("pipe_latency", "round trip");
	close(pp.to_child[1]);
	close(pp.to_parent[0]);
	waitpid(pp.child, NULL, 0);
}

/* ---- context switch: a token goes round a ring of processes ------------ */

/* Reads every word of the working set, as lat_ctx does once per hop. */
static void touch(const int *buf, size_t words)
{
	long s = 0;
	for (size_t i = 0; i < words; i++)
		s += buf[i];
	sink += s;
}

static int *new_working_set(size_t words)
{
	int *buf = malloc(words ? words * sizeof(int) : sizeof(int));
	if (buf)
		for (size_t i = 0; i < words; i++)
			buf[i] = (int)i;	/* faults the pages in, outside the timing */
	return buf;
}

struct ring { int nproc; size_t words; int (*p)[2]; pid_t *pids; int *buf; };

/* Process 0 (us) writes to pipe 1; process i reads pipe i and writes pipe i+1 mod n. */
static int64_t b_ring(void *arg, long n)
{
	struct ring *rg = arg;
	int tok = 0;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++) {
		touch(rg->buf, rg->words);
		if (write_full(rg->p[1][1], &tok, sizeof tok) || read_full(rg->p[0][0], &tok, sizeof tok))
			return -1;
	}
	return now_ns() - t0;
}

/* The overhead lat_ctx subtracts: one process passing the token through a pipe to itself and touching its data. */
static int64_t b_ring_overhead(void *arg, long n)
{
	struct ring *rg = arg;
	int tok = 0;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++) {
		touch(rg->buf, rg->words);
		if (write_full(rg->p[0][1], &tok, sizeof tok) || read_full(rg->p[0][0], &tok, sizeof tok))
			return -1;
	}
	return now_ns() - t0;
}

static void ring_child(struct ring *rg, int me)
{
	int in = rg->p[me][0], out = rg->p[(me + 1) % rg->nproc][1];
	int tok;
	for (int i = 0; i < rg->nproc; i++) {
		if (rg->p[i][0] != in)
			close(rg->p[i][0]);
		if (rg->p[i][1] != out)
			close(rg->p[i][1]);
	}
	free(rg->buf);
	int *buf = new_working_set(rg->words);
	if (!buf)
		_exit(1);
	while (read_full(in, &tok, sizeof tok) == 0) {
		touch(buf, rg->words);
		if (write_full(out, &tok, sizeof tok))
			break;
	}
	_exit(0);
}

static void ring_stop(struct ring *rg, int started)
{
	for (int i = 1; i <= started; i++)
		kill(rg->pids[i], SIGKILL);
	for (int i = 1; i <= started; i++)
		waitpid(rg->pids[i], NULL, 0);
	for (int i = 0; i < rg->nproc; i++) {
		close(rg->p[i][0]);
		close(rg->p[i][1]);
	}
	free(rg->p);
	free(rg->pids);
	free(rg->buf);
}

static void run_ctx(void)
{
	for (int s = 0; s < opt.nsizes; s++) {
		int kb = opt.sizes[s];
		char name[64], extra[160];
		struct result ov;
		struct ring one = { .nproc = 1, .words = (size_t)kb * 1024 / sizeof(int) };

		/* Overhead for this working-set size. */
		snprintf(name, sizeof name, "ctx_overhead_%dk", kb);
		one.p = calloc(1, sizeof *one.p);
		one.buf = new_working_set(one.words);
		if (!one.p || !one.buf || pipe(one.p[0])) {
			report_error(name, "setup");
			continue;
		}
		if (measure(b_ring_overhead, &one, 1, &ov)) {
			report_error(name, "pipe");
			continue;
		}
		snprintf(extra, sizeof extra, "size_kb=%d", kb);
		report(name, &ov, extra);
		close(one.p[0][0]);
		close(one.p[0][1]);
		free(one.p);
		free(one.buf);

		for (int q = 0; q < opt.nprocs; q++) {
			struct ring rg = { .nproc = opt.procs[q], .words = one.words };
			struct result r;
			int started = 0, ok = 1;

			snprintf(name, sizeof name, "ctx_%dp_%dk", rg.nproc, kb);
			if (rg.nproc < 2) {
				errno = EINVAL;
				report_error(name, "need at least 2 processes");
				continue;
			}
			rg.p = calloc(rg.nproc, sizeof *rg.p);
			rg.pids = calloc(rg.nproc, sizeof *rg.pids);
			rg.buf = new_working_set(rg.words);
			if (!rg.p || !rg.pids || !rg.buf) {
				report_error(name, "malloc");
				continue;
			}
			for (int i = 0; i < rg.nproc; i++)
				if (pipe(rg.p[i])) {
					report_error(name, "pipe");
					for (int j = 0; j < i; j++) {
						close(rg.p[j][0]);
						close(rg.p[j][1]);
					}
					ok = 0;
					break;
				}
			if (!ok) {
				free(rg.p);
				free(rg.pids);
				free(rg.buf);
				continue;
			}
			for (int i = 1; i < rg.nproc; i++) {
				pid_t pid = fork();
				if (pid < 0) {
					report_error(name, "fork");
					ok = 0;
					break;
				}
				if (pid == 0)
					ring_child(&rg, i);
				rg.pids[i] = pid;
				started = i;
			}
			if (ok) {
				if (measure(b_ring, &rg, rg.nproc, &r) == 0) {
					double raw = r.med;
					r.med -= ov.med;
					r.min -= ov.med;
					r.max -= ov.med;
					snprintf(extra, sizeof extra, "procs=%d size_kb=%d raw=%.4f overhead=%.4f",
						 rg.nproc, kb, raw, ov.med);
					report(name, &r, extra);
				} else {
					report_error(name, "ring");
				}
			}
			ring_stop(&rg, started);
		}
	}
}

/* ---- process creation ------------------------------------------------- */

static int64_t b_fork(void *arg, long n)
{
	(void)arg;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, NULL, 0) != pid)
			return -1;
	}
	return now_ns() - t0;
}

static int64_t b_exec(void *arg, long n)
{
	const char *path = arg;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++) {
		int st;
		pid_t pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			char *const argv[] = { (char *)path, NULL };
			char *const envp[] = { NULL };
			execve(path, argv, envp);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			errno = ENOEXEC;
			return -1;
		}
	}
	return now_ns() - t0;
}

/* ---- page fault on fresh anonymous memory ------------------------------ */

#define FAULT_CHUNK 1024	/* pages mapped at a time */

static int64_t b_pagefault(void *arg, long n)
{
	long page = *(long *)arg;
	int64_t total = 0;
	for (long done = 0; done < n;) {
		long c = n - done < FAULT_CHUNK ? n - done : FAULT_CHUNK;
		char *m = mmap(NULL, (size_t)c * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return -1;
#ifdef MADV_NOHUGEPAGE
		madvise(m, (size_t)c * page, MADV_NOHUGEPAGE);	/* one fault per page, not per 2 MB */
#endif
		int64_t t0 = now_ns();
		for (long i = 0; i < c; i++)
			m[i * page] = 1;
		total += now_ns() - t0;
		munmap(m, (size_t)c * page);
		done += c;
	}
	return total;
}

/* ---- files: lmbench's lat_syscall read/write/stat/fstat/open ----------- */

#define BENCH_FILE "/tmp/lmbench.file"	/* tmpfs in every system measured */
#define FILE_PAGES 256

static int64_t b_read(void *arg, long n)
{
	int fd = *(int *)arg;
	char c;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (read(fd, &c, 1) != 1)
			return -1;
	return now_ns() - t0;
}

static int64_t b_write(void *arg, long n)
{
	int fd = *(int *)arg;
	char c = 0;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (write(fd, &c, 1) != 1)
			return -1;
	return now_ns() - t0;
}

static int64_t b_stat(void *arg, long n)
{
	(void)arg;
	struct stat st;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (stat(BENCH_FILE, &st))
			return -1;
	return now_ns() - t0;
}

/* fstat as programs call it: the C library's fstat (glibc 2.36: newfstatat
 * with an empty path and AT_EMPTY_PATH), so the path argument is paid too. */
static int64_t b_fstat(void *arg, long n)
{
	int fd = *(int *)arg;
	struct stat st;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (fstat(fd, &st))
			return -1;
	return now_ns() - t0;
}

static int64_t b_open(void *arg, long n)
{
	(void)arg;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++) {
		int fd = open(BENCH_FILE, O_RDONLY);
		if (fd < 0)
			return -1;
		close(fd);
	}
	return now_ns() - t0;
}

/* A read fault on each page of a file mapped shared (its pages are in the
 * page cache: tmpfs), mapped afresh for every FILE_PAGES pages. */
static int64_t b_filefault(void *arg, long n)
{
	int fd = *(int *)arg;
	long page = sysconf(_SC_PAGESIZE);
	int64_t total = 0;
	volatile char sink;
	for (long done = 0; done < n;) {
		long c = n - done < FILE_PAGES ? n - done : FILE_PAGES;
		char *m = mmap(NULL, (size_t)c * page, PROT_READ, MAP_SHARED, fd, 0);
		if (m == MAP_FAILED)
			return -1;
		int64_t t0 = now_ns();
		for (long i = 0; i < c; i++)
			sink = m[i * page];
		total += now_ns() - t0;
		munmap(m, (size_t)c * page);
		done += c;
	}
	(void)sink;
	return total;
}

static void file_test(const char *name, int64_t (*fn)(void *, long), void *arg, int ready,
		      const char *what, const char *extra)
{
	struct result r;
	if (!ready || measure(fn, arg, 1, &r))
		report_error(name, what);
	else
		report(name, &r, extra);
}

static void run_file(void)
{
	long page = sysconf(_SC_PAGESIZE);
	int zero = open("/dev/zero", O_RDONLY), null = open("/dev/null", O_WRONLY);
	int f = open(BENCH_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644);
	char *buf = calloc(1, page);
	int made = f >= 0 && buf;
	for (int i = 0; made && i < FILE_PAGES; i++) {
		buf[0] = (char)i;
		made = write_full(f, buf, page) == 0;
	}
	free(buf);
	if (opt.tests & T_READ)
		file_test("read", b_read, &zero, zero >= 0, "/dev/zero", "file=/dev/zero bytes=1");
	if (opt.tests & T_WRITE)
		file_test("write", b_write, &null, null >= 0, "/dev/null", "file=/dev/null bytes=1");
	if (opt.tests & T_STAT)
		file_test("stat", b_stat, NULL, made, BENCH_FILE, "path=" BENCH_FILE);
	if (opt.tests & T_FSTAT)
		file_test("fstat", b_fstat, &f, made, BENCH_FILE, "libc=fstat");
	if (opt.tests & T_OPEN)
		file_test("open_close", b_open, NULL, made, BENCH_FILE, "path=" BENCH_FILE);
	if (opt.tests & T_FILEFAULT)
		file_test("file_fault", b_filefault, &f, made, BENCH_FILE, "map=shared,read");
	if (zero >= 0)
		close(zero);
	if (null >= 0)
		close(null);
	if (f >= 0) {
		close(f);
		unlink(BENCH_FILE);
	}
}

/* ---- fork + /bin/sh -c PROGRAM (lmbench's lat_proc shell) -------------- */

static int64_t b_sh(void *arg, long n)
{
	const char *path = arg;
	int64_t t0 = now_ns();
	for (long i = 0; i < n; i++) {
		int st;
		pid_t pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			char *const argv[] = { "/bin/sh", "-c", (char *)path, NULL };
			char *const envp[] = { "PATH=/bin:/usr/bin", NULL };
			execve("/bin/sh", argv, envp);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			errno = ENOEXEC;
			return -1;
		}
	}
	return now_ns() - t0;
}

/* ---- driver ------------------------------------------------------------ */

static int parse_list(const char *s, int *out, int max)
{
	int n = 0;
	char *copy = strdup(s), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *end;
		long v = strtol(t, &end, 10);
		if (*end || v < 0 || n == max) {
			free(copy);
			return -1;
		}
		out[n++] = (int)v;
	}
	free(copy);
	return n;
}

static int parse_tests(const char *s, unsigned *out)
{
	char *copy = strdup(s), *save = NULL;
	*out = 0;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof test_names / sizeof test_names[0]; i++)
			if (!strcmp(t, test_names[i].name))
				break;
		if (i == sizeof test_names / sizeof test_names[0]) {
			fprintf(stderr, "lmbench: unknown test '%s'\n", t);
			free(copy);
			return -1;
		}
		*out |= test_names[i].bit;
	}
	free(copy);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: lmbench [-t TESTS] [-r REPS] [-T MS] [-n ITERS] [-p PROCS] [-s KBS] [-e PATH]\n"
		"  -t  comma list of null,pipe,ctx,fork,exec,pagefault,file,sh,all (default all);\n"
		"      file is read,write,stat,fstat,open,filefault, each also alone\n"
		"  -r  repetitions per figure, median reported (default 5, max %d)\n"
		"  -T  measured time per repetition in ms, iterations calibrated to it (default 20)\n"
		"  -n  fixed iteration count instead of calibration\n"
		"  -p  ctx process counts (default 2,4,8,16,24,32,64,96)\n"
		"  -s  ctx working-set sizes in KB (default 0,16)\n"
		"  -e  program fork+exec runs (default /bin/hello if present, else /bin/true)\n",
		MAXREPS);
	exit(2);
}

int main(int argc, char **argv)
{
	int c;
	while ((c = getopt(argc, argv, "t:r:T:n:p:s:e:h")) != -1) {
		switch (c) {
		case 't': if (parse_tests(optarg, &opt.tests)) usage(); break;
		case 'r': opt.reps = atoi(optarg); break;
		case 'T': opt.target_ms = atof(optarg); break;
		case 'n': opt.iters = atol(optarg); break;
		case 'p': if ((opt.nprocs = parse_list(optarg, opt.procs, MAXLIST)) < 0) usage(); break;
		case 's': if ((opt.nsizes = parse_list(optarg, opt.sizes, MAXLIST)) < 0) usage(); break;
		case 'e': opt.exec_path = optarg; break;
		default: usage();
		}
	}
	if (optind != argc || opt.reps < 1 || opt.reps > MAXREPS || opt.target_ms <= 0)
		usage();
	if (!opt.exec_path)
		opt.exec_path = access("/bin/hello", X_OK) == 0 ? "/bin/hello" : "/bin/true";

	struct utsname u;
	struct timespec res;
	uname(&u);
	clock_getres(CLOCK_MONOTONIC, &res);
	printf("BENCH-INFO sysname=%s release=%s machine=%s clock_res_ns=%ld reps=%d target_ms=%g iters=%ld exec=%s\n",
	       u.sysname, u.release, u.machine, res.tv_nsec, opt.reps, opt.target_ms, opt.iters, opt.exec_path);
	fflush(stdout);

	struct result r;
	if (opt.tests & T_NULL) {
		if (measure(b_null, NULL, 1, &r) == 0)
			report("null_syscall", &r, "call=getppid");
		else
			report_error("null_syscall", "getppid");
	}
	if (opt.tests & T_PIPE)
		run_pipe();
	if (opt.tests & T_CTX)
		run_ctx();
	if (opt.tests & T_FORK) {
		if (measure(b_fork, NULL, 1, &r) == 0)
			report("fork_exit", &r, NULL);
		else
			report_error("fork_exit", "fork");
	}
	if (opt.tests & T_EXEC) {
		char extra[300];
		snprintf(extra, sizeof extra, "target=%s", opt.exec_path);
		if (measure(b_exec, (void *)opt.exec_path, 1, &r) == 0)
			report("fork_exec", &r, extra);
		else
			report_error("fork_exec", opt.exec_path);
	}
	if (opt.tests & T_PAGEFAULT) {
		long page = sysconf(_SC_PAGESIZE);
		char extra[64];
		snprintf(extra, sizeof extra, "page=%ld", page);
		if (measure(b_pagefault, &page, 1, &r) == 0)
			report("page_fault", &r, extra);
		else
			report_error("page_fault", "mmap");
	}
	if (opt.tests & T_FILE)
		run_file();
	if (opt.tests & T_SH) {
		char extra[300];
		snprintf(extra, sizeof extra, "target=%s", opt.exec_path);
		if (measure(b_sh, (void *)opt.exec_path, 1, &r) == 0)
			report("fork_sh", &r, extra);
		else
			report_error("fork_sh", opt.exec_path);
	}
	printf("BENCH-DONE\n");
	fflush(stdout);
	return 0;
}
#endif
