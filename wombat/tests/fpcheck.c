/*
 * Each process keeps its own FPU/SSE state across context switches (the
 * state page holds one image at a time), and a signal handler that edits
 * the saved FP context sees its edit take effect at sigreturn.
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
	wt_uc_set_fp6(ctx, 42.0);
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
	printf("fpcheck: %s\n", bad ? "FAILED" : "4 processes kept their FP registers over 1000 switches; sigreturn restored an edited FP context");
	return bad;
}
