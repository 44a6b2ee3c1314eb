/*
 * Each process keeps its own FPU/SSE state across context switches (the
 * state page holds one image at a time), and a signal handler that edits
 * the saved FP context sees its edit take effect at sigreturn. The FP
 * image a process leaves the CPU with may stay in the state page (os-L4
 * copies it out lazily, um/fptoken.h): a signal frame made on the way back
 * from the very system call, and a child forked or vforked by it, see the values of
 * that moment, and a handler that uses the FP registers itself leaves the
 * interrupted code's as they were.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sched.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>
#include <wtest_arch.h>

static int check(double seed, int rounds)
{
	volatile double x = seed, y;
	for (int i = 0; i < rounds; i++) {
		register double r __asm__(WT_FP_REG7) = x * 3.0;
		__asm__ volatile("" : WT_FP_C(r));
		sched_yield();
		__asm__ volatile("" : WT_FP_C(r));
		y = r;
		if (y != seed * 3.0) {
			printf("fpcheck: process %d: %s %g, expected %g after %d switches\n", getpid(), WT_FP_REG7, y, seed * 3.0, i);
			return 1;
		}
	}
	return 0;
}

static void edit_fp(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)si;
	/* FP register 6 of the interrupted code becomes 42.0 (its low double). */
	double v = 42.0;
	void *fp6 = wt_uc_fp6(ctx);

	if (fp6)
		memcpy(fp6, &v, sizeof v);
}

/* What the frame says FP register 6 held; then the handler's own FP work
 * (register 6 of its own code: the interrupted code's comes back at
 * sigreturn). */
static volatile double seen;

static void read_fp(int sig, siginfo_t *si, void *ctx)
{
	double v = -2.0;             /* no FP record in the frame */
	void *fp6 = wt_uc_fp6(ctx);

	(void)sig;
	(void)si;
	if (fp6)
		memcpy(&v, fp6, sizeof v);
	seen = v;
	v = -1.0;
	wt_kill_fp6(getpid(), 0, &v);       /* signal 0: a system call with -1.0 live */
}

/* Signals on the way back from one system call, with register 6 live
 * across it: what the handler saw and what the code has after it. */
static int signal_sees(double value)
{
	double after = value;

	seen = 0;
	wt_kill_fp6(getpid(), SIGUSR2, &after);
	if (seen != value || after != value) {
		printf("fpcheck: FP register 6 was %g at kill(SIGUSR2): the frame said %g, %g after sigreturn\n",
		       value, seen, after);
		return 1;
	}
	return 0;
}

/* fork() and vfork() with register 6 live: the child has the parent's value. */
static int fork_keeps(double value, int vfork)
{
	double v = value;
	int status;
	long pid = vfork ? wt_vfork_fp6(&v, value) : wt_fork_fp6(&v);

	if (pid == 0)
		_exit(v == value ? 0 : 1);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) ||
	    v != value) {
		printf("fpcheck: %s() with FP register 6 at %g: child status %#x, parent has %g\n",
		       vfork ? "vfork" : "fork", value, pid < 0 ? -1 : status, v);
		return 1;
	}
	return 0;
}

int main(void)
{
	int bad = 0, status;
	for (int i = 0; i < 3; i++)
		if (fork() == 0)
			_exit(check(1.5 + i, 1000));
	bad = check(7.25, 1000);
	while (wait(&status) > 0)
		bad |= !WIFEXITED(status) || WEXITSTATUS(status);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = edit_fp;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	/* kill(self) as one instruction, so register 6 is live across it: the
	 * signal arrives on the way back from this very system call. */
	double after = 1.0;
	wt_kill_fp6(getpid(), SIGUSR1, &after);
	if (after != 42.0) {
		printf("fpcheck: the handler's edit of FP register 6 did not take effect (%g)\n", after);
		bad = 1;
	}
	sa.sa_sigaction = read_fp;
	sigaction(SIGUSR2, &sa, NULL);
	for (int i = 0; i < 20; i++)
		bad |= signal_sees(5.5 + i) | fork_keeps(100.25 + i, 0) | fork_keeps(200.75 + i, 1);
	printf("fpcheck: %s\n", bad ? "FAILED" :
	       "4 processes kept their FP registers over 1000 switches; sigreturn restored an edited FP context; "
	       "signal frames and forked and vforked children saw the FP registers of their system call");
	return bad;
}
