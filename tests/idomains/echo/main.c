/* echo: registers "echo" and answers each call with its argument plus one; used by restart tests. */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <stdlib.h>

int main(struct ig_startinfo *si)
{
	(void)si;
	void *scratch = malloc(20000);         /* some heap use that restart must reclaim */
	if (!scratch || ig_name_register("echo") != IG_OK)
		return 1;
	struct l4_msg m = { 0 };
	l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
	for (;;) {
		m.tag = L4_TAG(0, 1, 0);
		m.mr[0] = m.mr[0] + 1;
		l4_reply_wait(m.from, &m);
	}
}
