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

static int check(double seed, int rounds)
{
	volatile double x = seed, y;
	for (int i = 0; i < rounds; i++) {
		register double r __asm__("xmm7") = x * 3.0;
		__asm__ volatile("" : "+x"(r));
		sched_yield();
		__asm__ volatile("" : "+x"(r));
		y = r;
		if (y != seed * 3.0) {
			printf("fpcheck: process %d: xmm7 %g, expected %g after %d switches\n", getpid(), y, seed * 3.0, i);
			return 1;
		}
	}
	return 0;
}

static void edit_fp(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	(void)sig;
	(void)si;
	/* xmm6 of the interrupted code becomes 42.0 (low double of the register). */
	double v = 42.0;
	memcpy(&uc->uc_mcontext.fpregs->_xmm[6], &v, sizeof v);
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
	/* kill(self) as one instruction, so xmm6 is live across it: the signal
	 * arrives on the way back from this very system call. */
	register double r6 __asm__("xmm6") = 1.0;
	long ret;
	__asm__ volatile("syscall" : "=a"(ret), "+x"(r6)
			 : "a"(62L), "D"((long)getpid()), "S"((long)SIGUSR1) : "rcx", "r11", "memory");
	double after = r6;
	if (after != 42.0) {
		printf("fpcheck: the handler's edit of xmm6 did not take effect (%g)\n", after);
		bad = 1;
	}
	printf("fpcheck: %s\n", bad ? "FAILED" : "4 processes kept their FP registers over 1000 switches; sigreturn restored an edited FP context");
	return bad;
}
