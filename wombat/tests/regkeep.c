/*
 * A system call leaves every register but its result (and, on x86_64, the
 * two `syscall` takes) as it found them. os-L4 writes back only the result
 * register after a call that changed nothing else, trusting that the
 * microkernel's state page still holds the rest of the frame (skas.c,
 * wombat_vcpu_regs_of): this checks it where that trust could go wrong.
 * Two processes ping-pong a byte through two pipes (each resume follows
 * the other process's run), their blocking reads interrupted by SIGALRM
 * every 500 us (handlers with SA_RESTART: the read restarts after the
 * handler) and by SIGSTOP/SIGCONT (restarted with no handler); then
 * getppid() and getpid() in a loop (the same process resumed at once).
 * Every call goes through wt_regs_syscall() (wtest_arch.h), which fills
 * all the other registers with a pattern and reads them all back.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wtest_arch.h>

#define ROUNDS 2000

static unsigned long out[WT_REGS_N];
static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* nr(a0, a1, a2) through wt_regs_syscall(); the number of registers it
 * found changed (reported), its result in *ret. */
static int call(const char *what, long nr, long a0, long a1, long a2, unsigned long seed, long *ret)
{
	long argv[3] = WT_REGS_ARGV(a0, a1, a2, nr);
	int bad = 0;

	wt_regs_syscall(nr, a0, a1, a2, seed, out);
	*ret = (long)out[0];
	for (int i = 0; i < 3; i++)
		bad += out[1 + i] != (unsigned long)argv[i];
	for (int i = 4; i < WT_REGS_N; i++)
		bad += out[i] != seed + (unsigned long)(i - 3);
	if (bad) {
		printf("regkeep: process %d: %s: %d registers changed:", getpid(), what, bad);
		for (int i = 1; i < WT_REGS_N; i++)
			if (out[i] != (i < 4 ? (unsigned long)argv[i - 1] : seed + (unsigned long)(i - 3)))
				printf(" out[%d]=%#lx", i, out[i]);
		printf("\n");
	}
	return bad;
}

static void alarm_every_500us(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 500 }, { 0, 500 } };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

/* Reads a byte from rfd and writes it to wfd, ROUNDS times (first writing
 * when first); the registers changed in all. */
static int ping_pong(int rfd, int wfd, int first, unsigned long seed, pid_t peer)
{
	int bad = 0;
	long r;
	char c = 'x';

	for (int i = 0; i < ROUNDS; i++) {
		if (first || i > 0) {
			bad += call("write", SYS_write, wfd, (long)&c, 1, seed + 100 * (unsigned long)i, &r);
			if (r != 1) {
				printf("regkeep: process %d: write gave %ld\n", getpid(), r);
				return bad + 1;
			}
		}
		if (peer && i % 100 == 50) {    /* the peer likely blocked in its read */
			kill(peer, SIGSTOP);
			kill(peer, SIGCONT);
		}
		bad += call("read", SYS_read, rfd, (long)&c, 1, seed + 100 * (unsigned long)i + 50, &r);
		if (r != 1) {
			printf("regkeep: process %d: read gave %ld\n", getpid(), r);
			return bad + 1;
		}
	}
	if (!first)
		bad += call("write", SYS_write, wfd, (long)&c, 1, seed + 7, &r);
	return bad;
}

int main(void)
{
	int p2c[2], c2p[2], st, bad = 0;
	long r;
	pid_t child;

	setvbuf(stdout, NULL, _IONBF, 0);       /* the child's lines too, before its _exit() */
	if (pipe(p2c) || pipe(c2p)) {
		perror("regkeep: pipe");
		return 1;
	}
	alarm_every_500us();
	child = fork();
	if (child < 0) {
		perror("regkeep: fork");
		return 1;
	}
	if (child == 0) {
		alarm_every_500us();
		_exit(ping_pong(p2c[0], c2p[1], 0, 0x5100000000000000UL, 0) ? 1 : 0);
	}
	bad += ping_pong(c2p[0], p2c[1], 1, 0x7a00000000000000UL, child);
	if (bad)
		kill(child, SIGKILL);           /* it may wait for a byte that never comes */
	if (waitpid(child, &st, 0) != child || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf("regkeep: the child failed (status %#x)\n", st);
		bad++;
	}
	for (int i = 0; i < ROUNDS; i++) {
		bad += call("getppid", SYS_getppid, 0, 0, 0, 0x3300000000000000UL + 64 * (unsigned long)i, &r);
		bad += call("getpid", SYS_getpid, 0, 0, 0, 0x4400000000000000UL + 64 * (unsigned long)i, &r);
		if (r != getpid()) {
			printf("regkeep: getpid gave %ld\n", r);
			bad++;
			break;
		}
	}
	if (alarms == 0) {
		printf("regkeep: no SIGALRM came during the run\n");
		bad++;
	}
	if (bad)
		return 1;
	printf("regkeep: 2 processes kept every register over %d pipe round trips with SIGALRM handlers and "
	       "SIGSTOP/SIGCONT restarting their reads, and over %d getppid() and getpid() calls\n",
	       ROUNDS, ROUNDS);
	return 0;
}
