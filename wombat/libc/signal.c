// SPDX-License-Identifier: GPL-2.0
/*
 * Wombat libc: signals.  Wombat gets no host signals: interrupts are vCPU
 * upcalls handled inside os-L4.  Signal sets are plain bit operations, the
 * mask and the handler table are only remembered, and waiting for a signal
 * is not possible.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#define NSIG_BITS (8 * sizeof(unsigned long))

static sigset_t mask;
static void (*handlers[_NSIG])(int);

static int bad_signal(int sig)
{
	return sig <= 0 || sig >= _NSIG;
}

static unsigned long *word(sigset_t *set, int sig)
{
	return (unsigned long *)set + (sig - 1) / NSIG_BITS;
}

static unsigned long bit(int sig)
{
	return 1UL << ((sig - 1) % NSIG_BITS);
}

int sigemptyset(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	return 0;
}

int sigfillset(sigset_t *set)
{
	int sig;

	sigemptyset(set);
	for (sig = 1; sig < _NSIG; sig++)
		*word(set, sig) |= bit(sig);
	return 0;
}

int sigaddset(sigset_t *set, int sig)
{
	if (bad_signal(sig)) {
		errno = EINVAL;
		return -1;
	}
	*word(set, sig) |= bit(sig);
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (bad_signal(sig)) {
		errno = EINVAL;
		return -1;
	}
	*word(set, sig) &= ~bit(sig);
	return 0;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	unsigned long *m = (unsigned long *)&mask;
	const unsigned long *s = (const unsigned long *)set;
	size_t i, n = (_NSIG - 1 + NSIG_BITS - 1) / NSIG_BITS;

	if (old != NULL)
		*old = mask;
	if (set == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		switch (how) {
		case SIG_BLOCK:
			m[i] |= s[i];
			break;
		case SIG_UNBLOCK:
			m[i] &= ~s[i];
			break;
		case SIG_SETMASK:
			m[i] = s[i];
			break;
		default:
			errno = EINVAL;
			return -1;
		}
	}
	return 0;
}

int sigsuspend(const sigset_t *set)
{
	(void)set;
	/* No signal can ever arrive; report instead of hanging. */
	errno = ENOSYS;
	return -1;
}

void (*signal(int sig, void (*handler)(int)))(int)
{
	void (*old)(int);

	if (bad_signal(sig) || sig == SIGKILL || sig == SIGSTOP) {
		errno = EINVAL;
		return SIG_ERR;
	}
	old = handlers[sig];
	handlers[sig] = handler;
	return old;
}
