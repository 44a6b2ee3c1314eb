/* A test domain (admin) that restarts another domain: args "name=NAME
 * after_ms=N [times=K] [every_ms=M]": waits N ms, then restarts NAME K
 * times, M ms apart (the disk test's driver restart while Linux has I/O in
 * flight, disk_driver_restart). Prints each restart and its status. */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long arg(const char *args, const char *key, long def)
{
	const char *p = strstr(args, key);
	return p ? (long)strtoul(p + strlen(key), NULL, 10) : def;
}

int main(struct ig_startinfo *si)
{
	l4_word w[IG_NAME_WORDS] = { 0 };
	const char *n = strstr(si->args, "name=");
	long after = arg(si->args, "after_ms=", 1000), times = arg(si->args, "times=", 1),
	     every = arg(si->args, "every_ms=", 1000);

	cons_use_for_stdio(si->name);
	if (!n) {
		printf("drvrestart: no name= in its arguments\n");
		return 1;
	}
	for (int i = 0; n[5 + i] && n[5 + i] != ' ' && i < (int)sizeof(w) - 1; i++)
		((char *)w)[i] = n[5 + i];
	sleep_ms(after);
	for (long k = 1; k <= times; k++) {
		l4_word st = ig_call(IG_DOMAIN_RESTART, w, IG_NAME_WORDS, 0, 0);
		printf("drvrestart: restart %ld of %s: %s\n", k, (char *)w, st == IG_OK ? "ok" : "failed");
		if (k < times)
			sleep_ms(every);
	}
	printf("drvrestart: done\n");
	for (;;)
		sleep_ms(100000);
}
