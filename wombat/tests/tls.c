/*
 * Each process keeps its own thread pointer (x86_64's FS base, aarch64's
 * TPIDR_EL0: thread-local storage, the stack protector's canary) across
 * context switches: four processes check a __thread variable and the
 * thread pointer (wtest_arch.h) while they yield to each other.
 */
#include <stdio.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wtest_arch.h>

static __thread long mine;

static int check(int rounds)
{
	unsigned long fs0 = wt_tls_base(), fs = 0;
	mine = getpid();
	for (int i = 0; i < rounds; i++) {
		sched_yield();
		fs = wt_tls_base();
		if (mine != getpid() || fs != fs0) {
			printf("tls: process %d saw %ld and fs %lx (had %lx) after %d switches\n",
			       getpid(), mine, fs, fs0, i);
			return 1;
		}
	}
	return 0;
}

int main(void)
{
	int bad = 0, status;
	for (int i = 0; i < 3; i++)
		if (fork() == 0)
			_exit(check(2000));
	bad = check(2000);
	while (wait(&status) > 0)
		bad |= !WIFEXITED(status) || WEXITSTATUS(status);
	printf("tls: %s\n", bad ? "FAILED" : "4 processes kept their own TLS over 2000 switches each");
	return bad;
}
