/*
 * holdprocs N: N processes at once.  Forks N children that each block on a
 * pipe until the parent closes it, stopping at the first failed fork; then
 * releases them all and reaps them.  Reports how many forks succeeded and
 * the errno of the first failure.  Status 0 when all N forks succeeded and
 * all children were reaped.  Cannot hang: children see end-of-file when the
 * parent closes the pipe or dies, and the parent has an alarm.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0, fds[2], made = 0, err = 0, reaped = 0, bad = 0, status;
	struct timespec t0, t1, t2;
	char c, why[96];

	if (n <= 0) {
		fprintf(stderr, "usage: holdprocs N\n");
		return 2;
	}
	if (pipe(fds)) {
		perror("holdprocs: pipe");
		return 2;
	}
	alarm(600);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (made < n) {
		pid_t p = fork();

		if (p < 0) {
			err = errno;
			break;
		}
		if (p == 0) {
			close(fds[1]);
			/* blocks until every write end is closed */
			while (read(fds[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(0);
		}
		made++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (err)
		snprintf(why, sizeof(why), "errno %d (%s)", err, strerror(err));
	else
		snprintf(why, sizeof(why), "none");
	printf("holdprocs: %d of %d forks succeeded in %.2f s; first failure: %s\n", made, n,
	       (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, why);
	fflush(stdout);
	close(fds[1]);
	while (reaped < made) {
		pid_t p = wait(&status);

		if (p < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		reaped++;
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t2);
	printf("holdprocs: %d reaped (%d did not exit with 0) in %.2f s\n", reaped, bad,
	       (t2.tv_sec - t1.tv_sec) + (t2.tv_nsec - t1.tv_nsec) / 1e9);
	return !(made == n && reaped == made && !bad);
}
