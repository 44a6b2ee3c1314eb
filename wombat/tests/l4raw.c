/*
 * A Linux process tries the microkernel's own system calls directly (raw
 * traps with L4 numbers and arguments aimed at Iguana, the drivers, the
 * real-time task: x86_64 `syscall` and `int 0x80`, aarch64 `svc #0` and
 * `svc #0x80`), and a third way in (`sysenter`, `hvc`): wtest_arch.h.
 * Its space is foreign ABI: each must reach Wombat as a Linux system call
 * (and fail as one), or fault; none may reach the microkernel.  Prints one
 * line per attempt and "l4raw: N refused, M reached the microkernel".
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <l4.h>
#include <wtest_arch.h>

struct attempt {
	const char *what;
	unsigned long nr, a0, a1, a2;
	long linux_ret;          /* what Linux answers for that number and those arguments */
};

/* L4 numbers are Linux ones too (1 = write, 3 = close ...): each attempt is
 * chosen so Linux's answer is a distinct error, while the microkernel's
 * would be L4_OK or a small positive L4 error code. */
static const struct attempt attempts[] = {
	{ "IPC call to Iguana's thread",       L4_SYS_IPC,           0x10001, 0x10001, 0, -EBADF },
	{ "IPC call to the UART driver",       L4_SYS_IPC,           0x20003, 0x20003, 0, -EBADF },
	{ "IPC call to the real-time task",    L4_SYS_IPC,           0x40005, 0x40005, 0, -EBADF },
	{ "notify the timer driver",           L4_SYS_NOTIFY,        0x30004, 1, 0, -EFAULT },
	{ "thread create in Iguana's space",   L4_SYS_THREAD_CREATE, 1000, 255, 0, -EBADF },
	{ "exchange_registers on Iguana",      L4_SYS_EXREGS,        0x10001, L4_EX_STOP, 0, -EBADF },
	{ "space control: allow all",          L4_SYS_SPACE_CTRL,    1000, L4_SC_ALLOW_ALL, 1, -EBADF },
	{ "kernel info: my space",             L4_SYS_KINFO,         1000, 0, 0, -EBADF },
	{ "debug console write",               L4_SYS_KDEBUG,        1000, 0, 0, -EBADF },
	{ "power off the machine",             L4_SYS_SHUTDOWN,      1000, 0, 0, -EBADF },
};

static sigjmp_buf back;
static volatile int got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
	siglongjmp(back, 1);
}

int main(void)
{
	int refused = 0, reached = 0;
	unsigned n = sizeof(attempts) / sizeof(attempts[0]);

	for (unsigned i = 0; i < n; i++) {
		const struct attempt *t = &attempts[i];
		long r = wt_raw_trap1(t->nr, t->a0, t->a1, t->a2);
		int ok = r == wt_raw_expected(t->linux_ret);
		printf("l4raw: %s %-34s -> %ld (%s)\n", WT_TRAP1, t->what, r, ok ? "a Linux error: refused" : "UNEXPECTED");
		ok ? refused++ : reached++;
	}
	for (unsigned i = 0; i < n; i++) {
		const struct attempt *t = &attempts[i];
		long r = wt_raw_trap2(t->nr, t->a0, t->a1, t->a2);
		int ok = r < 0 && r > -4096;
		printf("l4raw: %s %-33s -> %ld (%s)\n", WT_TRAP2, t->what, r, ok ? "a Linux error: refused" : "UNEXPECTED");
		ok ? refused++ : reached++;
	}
	signal(SIGSEGV, on_signal);
	signal(SIGILL, on_signal);
	if (!sigsetjmp(back, 1))
		wt_raw_trap3();
	printf("l4raw: %s -> %s\n", WT_TRAP3, got_signal ? strsignal(got_signal) : "returned (UNEXPECTED)");
	got_signal ? refused++ : reached++;
	printf("l4raw: %d refused, %d reached the microkernel\n", refused, reached);
	return reached != 0;
}
