/*
 * nsvc [N]: a native-mode program that offers a service to the rest of the
 * system (docs/native-mode.md): it registers the name "nsvc" with Iguana
 * and answers calls (label 1, MR0 = x: the answer is 2x + 1) from any
 * domain that looks it up, e.g. iecho (ECHO_CALL). After N calls (default:
 * never) it says how many it answered and exits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wombat/native.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : -1, done = 0, st;
	struct wn_msg m = { 0 };

	if ((st = wn_name_register("nsvc"))) {
		fprintf(stderr, "nsvc: cannot register the name 'nsvc': %s\n", wn_strerror(st));
		return 1;
	}
	printf("nsvc: serving as 'nsvc'\n");
	fflush(stdout);
	st = wn_wait(&m);
	while (!st && (n < 0 || done < n)) {
		wn_word from = m.from;
		if (WN_LABEL(m.tag) == 1) {
			m.mr[0] = 2 * m.mr[0] + 1;
			done++;
		} else {
			m.mr[0] = ~0UL;
		}
		m.tag = WN_TAG(0, 1);
		if (n >= 0 && done >= n) {
			struct wn_msg r = m;           /* the last answer: send only */
			st = wn_ipc(from, L4_NILTHREAD, L4_TIMEOUTS(0, 0), &r);
			break;
		}
		st = wn_reply_wait(from, &m);
	}
	printf("nsvc: answered %ld calls%s%s\n", done, st ? ": " : "", st ? wn_strerror(st) : "");
	return st ? 1 : 0;
}
