/*
 * A fork bomb, bounded so it can be reported: forks children that wait,
 * until fork fails; holds the peak for a second (so others can check they
 * are not starved meanwhile); then kills them all and reaps them. Linux
 * must be the one that says no (to Linux, Wombat's domain quota in Iguana
 * is its process limit).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int n = 0, err = 0, reaped = 0, status;
	setpgid(0, 0);
	for (;;) {
		pid_t p = fork();
		if (p < 0) {
			err = errno;
			break;
		}
		if (p == 0) {
			pause();
			_exit(0);
		}
		if (++n >= 5000)
			break;
	}
	sleep(1);
	signal(SIGTERM, SIG_IGN);
	kill(0, SIGTERM);
	while (wait(&status) > 0)
		reaped++;
	printf("forkbomb: %d processes, then fork failed: %s; %d reaped\n", n, err ? strerror(err) : "no", reaped);
	return !(err && reaped == n);
}
