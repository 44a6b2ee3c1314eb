/*
 * PROT_EXEC is honoured: code copied into a PROT_READ|PROT_WRITE page and
 * called gets SIGSEGV (SEGV_ACCERR at the page); after
 * mprotect(PROT_READ|PROT_EXEC) it runs and returns its value; after
 * mprotect(PROT_READ|PROT_WRITE) it faults again.  Code on the stack (not
 * executable: PT_GNU_STACK without PF_X) gets SIGSEGV too, in a child
 * process; after mprotect(PROT_READ|PROT_WRITE|PROT_EXEC) of that stack
 * page it runs.  Prints one PASS or FAIL line per check and a summary.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wtest_arch.h>

/* Code that returns value (wtest_arch.h). */
#define put_code wt_put_code

static sigjmp_buf env;
static volatile void *fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(env, 1);
}

static int failures;

static void check(int ok, const char *what)
{
	printf("nxtest: %s: %s\n", ok ? "PASS" : "FAIL", what);
	fflush(stdout);
	failures += !ok;
}

/* Calls the code at p: 1 if it returned `want`, 0 if it returned
 * something else, -1 if it faulted (SIGSEGV) at p with SEGV_ACCERR, -2 if
 * it faulted otherwise. */
static int call(void *p, uint32_t want)
{
	int (*fn)(void) = (int (*)(void))p;
	volatile int got;

	fault_addr = NULL;
	fault_code = 0;
	if (sigsetjmp(env, 1))
		return fault_addr == p && fault_code == SEGV_ACCERR ? -1 : -2;
	got = fn();
	return (uint32_t)got == want;
}

/* In a child: code on the stack; with mprotect first if exec is set.
 * Exits with 0 when the code returned its value. */
static void __attribute__((noinline)) stack_child(int exec)
{
	unsigned char buf[64] __attribute__((aligned(16)));
	long pg = sysconf(_SC_PAGESIZE);
	int (*fn)(void) = (int (*)(void))(void *)buf;

	put_code(buf, 0x57ac);
	if (exec && mprotect((void *)((uintptr_t)buf & ~(uintptr_t)(pg - 1)), (size_t)pg,
			     PROT_READ | PROT_WRITE | PROT_EXEC) != 0)
		_exit(3);
	_exit(fn() == 0x57ac ? 0 : 2);
}

static int run_child(int exec, int *status)
{
	pid_t p = fork();

	if (p < 0)
		return -1;
	if (p == 0) {
		signal(SIGSEGV, SIG_DFL);
		stack_child(exec);
	}
	return waitpid(p, status, 0) == p ? 0 : -1;
}

int main(void)
{
	struct sigaction sa;
	long pg = sysconf(_SC_PAGESIZE);
	unsigned char *page;
	int r, status;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);

	page = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED) {
		printf("nxtest: FAIL: mmap\n");
		return 1;
	}
	put_code(page, 0x2a);
	r = call(page, 0x2a);
	check(r == -1, r == 1 ? "code in a PROT_READ|PROT_WRITE page ran (want SIGSEGV)" :
		       r == -2 ? "code in a PROT_READ|PROT_WRITE page: a fault, but not SEGV_ACCERR at the page" :
		       "code in a PROT_READ|PROT_WRITE page gets SIGSEGV (SEGV_ACCERR at the page)");

	r = mprotect(page, (size_t)pg, PROT_READ | PROT_EXEC) ? -3 : call(page, 0x2a);
	check(r == 1, r == 1 ? "after mprotect(PROT_READ|PROT_EXEC) it runs and returns 42" :
		      "after mprotect(PROT_READ|PROT_EXEC) it did not run");

	r = mprotect(page, (size_t)pg, PROT_READ | PROT_WRITE) ? -3 : (put_code(page, 0x2b), call(page, 0x2b));
	check(r == -1, r == -1 ? "after mprotect(PROT_READ|PROT_WRITE) new code there gets SIGSEGV again" :
		       "after mprotect(PROT_READ|PROT_WRITE) the page still executes (or mprotect failed)");

	r = mprotect(page, (size_t)pg, PROT_READ | PROT_EXEC) ? -3 : call(page, 0x2b);
	check(r == 1, r == 1 ? "PROT_READ|PROT_EXEC again: the new code runs and returns 43" :
		      "PROT_READ|PROT_EXEC again: the new code did not run");

	r = run_child(0, &status);
	check(r == 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      r == 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV ?
	      "code on the stack: the child gets SIGSEGV" : "code on the stack: no SIGSEGV (it ran, or something else)");
	if (!(r == 0 && WIFSIGNALED(status)))
		printf("nxtest: child status 0x%x\n", status);

	r = run_child(1, &status);
	check(r == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      r == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ?
	      "code on the stack after mprotect(PROT_READ|PROT_WRITE|PROT_EXEC) runs" :
	      "code on the stack after mprotect(PROT_EXEC) did not run");
	if (!(r == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0))
		printf("nxtest: child status 0x%x\n", status);

	if (failures)
		printf("nxtest: FAIL (%d of 6 checks failed)\n", failures);
	else
		printf("nxtest: PASS: PROT_EXEC honoured (mmap page and stack)\n");
	return failures != 0;
}
