/*
 * The vDSO's clocks under Wombat (tests/run-wombat.sh, vdso_*): one line
 * "ok NAME ..." or "FAIL NAME ..." per check.  The vDSO's functions are
 * found in the image at AT_SYSINFO_EHDR by name (x86_64 and riscv64
 * __vdso_*, arm64 __kernel_*) and called directly; where libc uses them
 * (WT_LIBC_VDSO) libc's clock_gettime and gettimeofday are checked too.
 *
 *   no_syscall  1,000,000 clock_gettime(CLOCK_MONOTONIC) + gettimeofday make
 *               (almost) no system call: /proc/wombat's exit_syscall before and
 *               after; 2,000 syscall(SYS_clock_gettime) do count; the cost of
 *               each, and of getppid
 *   monotonic   4 processes pass a reading around a ring of pipes 2,000 times
 *               (each later than the one it received) while 2 more read in a
 *               loop (never going back)
 *   vs_sleep    a 200 ms nanosleep measures 200-260 ms; 20,000 vDSO readings
 *               of each clock lie between two system-call readings
 *   realtime    clock_settime(CLOCK_REALTIME, now + 1000 s) shows in the vDSO's
 *               CLOCK_REALTIME and gettimeofday at once, CLOCK_MONOTONIC unmoved
 */
#define _GNU_SOURCE
#include <elf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "wtest_arch.h"

typedef int (*cgt_fn)(clockid_t, struct timespec *);
typedef int (*gtod_fn)(struct timeval *, void *);

static cgt_fn vcgt;
static gtod_fn vgtod;
static int failed;

static void result(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#include <stdarg.h>
static void result(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s %s ", ok ? "ok" : "FAIL", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	failed |= !ok;
}

/* A symbol of the vDSO by name (its DT_HASH table's symbol count). */
static void *vdso_sym(const char *name)
{
	const Elf64_Ehdr *eh = (const void *)getauxval(AT_SYSINFO_EHDR);
	const Elf64_Phdr *ph;
	const Elf64_Dyn *dyn = NULL;
	const Elf64_Sym *sym = NULL;
	const Elf32_Word *hash = NULL;
	const char *str = NULL;
	unsigned long base = 0;

	if (!eh)
		return NULL;
	ph = (const void *)((const char *)eh + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !base)
			base = (unsigned long)eh + ph[i].p_offset - ph[i].p_vaddr;
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const void *)((const char *)eh + ph[i].p_offset);
	}
	for (; dyn && dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_SYMTAB)
			sym = (const void *)(base + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_STRTAB)
			str = (const void *)(base + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_HASH)
			hash = (const void *)(base + dyn->d_un.d_ptr);
	}
	if (!sym || !str || !hash)
		return NULL;
	for (Elf32_Word i = 0; i < hash[1]; i++)
		if (sym[i].st_shndx != SHN_UNDEF && !strcmp(str + sym[i].st_name, name))
			return (void *)(base + sym[i].st_value);
	return NULL;
}

static long long ts_ns(const struct timespec *t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

static long long sys_ns(clockid_t c)
{
	struct timespec t;

	syscall(SYS_clock_gettime, c, &t);
	return ts_ns(&t);
}

static long long vdso_ns(clockid_t c)
{
	struct timespec t;

	vcgt(c, &t);
	return ts_ns(&t);
}

/* /proc/wombat's count of system calls Linux handled. */
static long syscalls(void)
{
	char line[128];
	long n = -1;
	FILE *f = fopen("/proc/wombat", "r");

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "exit_syscall %ld", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

static void no_syscall(void)
{
	struct timespec t;
	struct timeval tv;
	long s0, s1, s2, s3, s4;
	long long t0, t1, t2, t3;
	int n = 500000, ns = 2000;

	s0 = syscalls();
	t0 = vdso_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < n; i++)
		vcgt(CLOCK_MONOTONIC, &t);
	t1 = vdso_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < n; i++)
		vgtod(&tv, NULL);
	s1 = syscalls();
	if (WT_LIBC_VDSO) {
		for (int i = 0; i < n; i++)
			clock_gettime(CLOCK_MONOTONIC, &t);
		for (int i = 0; i < n; i++)
			gettimeofday(&tv, NULL);
	}
	s2 = syscalls();
	t2 = vdso_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < ns; i++)
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
	t3 = vdso_ns(CLOCK_MONOTONIC);
	s3 = syscalls();
	for (int i = 0; i < ns; i++)
		getppid();
	long long t4 = vdso_ns(CLOCK_MONOTONIC);
	s4 = syscalls();
	int ok = s0 >= 0 && s1 - s0 < 100 && s2 - s1 < 100 && s3 - s2 >= ns && s4 - s3 >= ns;
	result(ok, "no_syscall", "%d clock_gettime(MONOTONIC) + %d gettimeofday through the vDSO: %ld system calls%s; "
	       "%d syscall(SYS_clock_gettime): %ld; cost: vDSO clock_gettime %lld ns, system call %lld ns, getppid %lld ns",
	       n, n, s1 - s0, WT_LIBC_VDSO ? (s2 - s1 < 100 ? ", the same through libc: also" : ", through libc: MORE") : "",
	       ns, s3 - s2, (t1 - t0) / n, (t3 - t2) / ns, (t4 - t3) / ns);
	if (WT_LIBC_VDSO)
		printf("info no_syscall through libc: %ld system calls\n", s2 - s1);
}

/* Reads CLOCK_MONOTONIC in a loop for `ms`: 0, or 1 if it ever went back. */
static int spin_reader(int ms)
{
	long long end = vdso_ns(CLOCK_MONOTONIC) + ms * 1000000LL, last = 0, now;

	do {
		now = vdso_ns(CLOCK_MONOTONIC);
		if (now < last)
			return 1;
		last = now;
	} while (now < end);
	return 0;
}

static void monotonic(void)
{
	enum { RING = 4, SPIN = 2, ROUNDS = 2000 };
	int p[RING][2], bad = 0, st;
	pid_t kids[RING + SPIN];

	for (int i = 0; i < RING; i++)
		if (pipe(p[i]))
			exit(2);
	for (int i = 0; i < SPIN; i++)
		if ((kids[RING + i] = fork()) == 0)
			_exit(spin_reader(1500));
	/* process i reads pipe i and writes pipe i+1; process 0 starts */
	for (int i = 0; i < RING; i++) {
		if ((kids[i] = fork()) == 0) {
			long long got, now;
			int back = 0;

			if (i == 0) {
				now = vdso_ns(CLOCK_MONOTONIC);
				if (write(p[1][1], &now, sizeof now) != sizeof now)
					_exit(2);
			}
			for (int r = 0; r < ROUNDS; r++) {
				if (read(p[i][0], &got, sizeof got) != sizeof got)
					_exit(2);
				now = vdso_ns(CLOCK_MONOTONIC);
				back |= now < got;
				if ((i != 0 || r != ROUNDS - 1) &&
				    write(p[(i + 1) % RING][1], &now, sizeof now) != sizeof now)
					_exit(2);
			}
			_exit(back);
		}
	}
	for (int i = 0; i < RING + SPIN; i++) {
		waitpid(kids[i], &st, 0);
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	result(!bad, "monotonic", "%d processes passing a CLOCK_MONOTONIC reading around a pipe ring %d times "
	       "and %d reading it in a loop for 1.5 s: %d went back or failed", RING, ROUNDS, SPIN, bad);
}

static void vs_sleep(void)
{
	struct timespec ms200 = { 0, 200000000 };
	long long t0 = vdso_ns(CLOCK_MONOTONIC), slept, worst = 0;
	int outside = 0;

	nanosleep(&ms200, NULL);
	slept = vdso_ns(CLOCK_MONOTONIC) - t0;
	for (int i = 0; i < 20000; i++) {
		clockid_t c = i & 1 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
		long long a = sys_ns(c), v = vdso_ns(c), b = sys_ns(c);
		struct timeval tv;

		outside += v < a || v > b;
		if (b - a > worst)
			worst = b - a;
		if (i % 100 == 0) {
			a = sys_ns(CLOCK_REALTIME) / 1000;
			vgtod(&tv, NULL);
			b = sys_ns(CLOCK_REALTIME);
			outside += tv.tv_sec * 1000000LL + tv.tv_usec < a ||
				   tv.tv_sec * 1000000LL + tv.tv_usec > b / 1000;
		}
	}
	int ok = slept >= 200000000 && slept < 260000000 && !outside;
	result(ok, "vs_sleep", "nanosleep(200 ms) measured %lld us; 20,000 vDSO readings (and 200 gettimeofday) "
	       "between two system calls' readings (widest bracket %lld ns): %d outside", slept / 1000, worst, outside);
}

static void realtime(void)
{
	struct timespec now, set;
	struct timeval tv;
	long long m0 = vdso_ns(CLOCK_MONOTONIC), r0, r1, g1, m1;

	vcgt(CLOCK_REALTIME, &now);
	r0 = ts_ns(&now);
	set = now;
	set.tv_sec += 1000;
	if (clock_settime(CLOCK_REALTIME, &set)) {
		result(0, "realtime", "clock_settime: %m");
		return;
	}
	r1 = vdso_ns(CLOCK_REALTIME);
	vgtod(&tv, NULL);
	g1 = tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
	m1 = vdso_ns(CLOCK_MONOTONIC);
	set.tv_sec = (r1 - 1000000000000LL) / 1000000000LL;       /* back, less what passed */
	set.tv_nsec = (r1 - 1000000000000LL) % 1000000000LL;
	clock_settime(CLOCK_REALTIME, &set);
	long long d = r1 - r0 - 1000000000000LL, dg = g1 - r0 - 1000000000000LL;
	int ok = d >= 0 && d < 100000000 && dg >= -1000 && dg < 100000000 && m1 - m0 >= 0 && m1 - m0 < 100000000;
	result(ok, "realtime", "after clock_settime(now + 1000 s) the vDSO's CLOCK_REALTIME moved by 1000 s + %lld ns, "
	       "gettimeofday by 1000 s + %lld ns, CLOCK_MONOTONIC by %lld ns (under 0.1 s each)", d, dg, m1 - m0);
}

int main(void)
{
	alarm(120);
	vcgt = (cgt_fn)vdso_sym("__vdso_clock_gettime");
	if (!vcgt)
		vcgt = (cgt_fn)vdso_sym("__kernel_clock_gettime");
	vgtod = (gtod_fn)vdso_sym("__vdso_gettimeofday");
	if (!vgtod)
		vgtod = (gtod_fn)vdso_sym("__kernel_gettimeofday");
	if (!vcgt || !vgtod) {
		printf("FAIL no_syscall no vDSO clock_gettime/gettimeofday (AT_SYSINFO_EHDR %#lx)\n",
		       getauxval(AT_SYSINFO_EHDR));
		return 1;
	}
	no_syscall();
	monotonic();
	vs_sleep();
	realtime();
	return failed;
}
