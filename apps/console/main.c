/* The Iguana console: list, start, stop and restart domains; real-time statistics. */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <string.h>

static const char *state_name[] = { "none", "running", "stopped", "failed" };

static void list(void)
{
	printf("  %-12s %-8s %8s %6s\n", "domain", "state", "pages", "starts");
	for (l4_word i = 0;; i++) {
		l4_word o[7];
		if (ig_call(IG_DOMAIN_LIST, &i, 1, o, 7) != IG_OK)
			break;
		char name[33];
		memcpy(name, &o[1], 32);
		name[32] = 0;
		printf("  %-12s %-8s %8lu %6lu\n", name, state_name[o[0] & 3], o[6], o[5] + 1);
	}
}

static void rt_stats(void)
{
	l4_word rt;
	if (ig_name_lookup("rt", &rt) != IG_OK) {
		printf("no real-time task running\n");
		return;
	}
	struct l4_msg m = { .tag = L4_TAG(RT_STATS, 0, 0) };
	if (l4_call(rt, &m) != L4_OK) {
		printf("rt: no answer\n");
		return;
	}
	l4_word *mr = l4_utcb()->mr;
	mr[0] = m.mr[0]; mr[1] = m.mr[1]; mr[2] = m.mr[2]; mr[3] = m.mr[3];
	printf("rt: %lu periods, %lu missed; latency min %lu ns, mean %lu ns, p99 %lu ns, max %lu ns\n",
	       mr[1], mr[2], mr[3], mr[4], mr[6], mr[5]);
	m.tag = L4_TAG(RT_HIST, 0, 0);
	if (l4_call(rt, &m) == L4_OK) {
		/* A copy first: printing a line is an IPC that reuses the UTCB's MRs. */
		l4_word h[16] = { m.mr[1], m.mr[2], m.mr[3] };
		for (int i = 3; i < 16; i++)
			h[i] = mr[1 + i];
		for (int i = 0; i < 16; i++)
			if (h[i])
				printf("  %3d-%3d us%s %lu\n", i * 10, i * 10 + 9, i == 15 ? "+" : " ", h[i]);
	}
}

static void by_name(l4_word op, const char *name, const char *verb)
{
	l4_word w[IG_NAME_WORDS] = { 0 };
	strncpy((char *)w, name, sizeof(w) - 1);
	l4_word st = ig_call(op, w, IG_NAME_WORDS, 0, 0);
	printf("%s %s: %s\n", verb, name, st == IG_OK ? "ok" : st == IG_ENOENT ? "no such domain" :
	       st == IG_EBUSY ? "already running" : "failed");
}

static void command(char *line)
{
	char *arg = strchr(line, ' ');
	if (arg) {
		*arg++ = 0;
		while (*arg == ' ')
			arg++;
	}
	if (!strcmp(line, "help"))
		printf("commands: list, start NAME, stop NAME, restart NAME, rt, info, poweroff\n");
	else if (!strcmp(line, "list") || !strcmp(line, "ps"))
		list();
	else if (!strcmp(line, "rt"))
		rt_stats();
	else if (!strcmp(line, "info")) {
		l4_word o[5];
		ig_info(o);
		printf("free frames %lu, capabilities %lu, sections %lu\n", o[0], o[1], o[2]);
	} else if ((!strcmp(line, "start") || !strcmp(line, "stop") || !strcmp(line, "restart")) && arg && *arg)
		by_name(line[2] == 'a' ? IG_DOMAIN_START : line[2] == 'o' ? IG_DOMAIN_STOP : IG_DOMAIN_RESTART,
			arg, line);
	else if (!strcmp(line, "poweroff")) {
		l4_word c = 0;
		ig_call(IG_SHUTDOWN, &c, 1, 0, 0);
	} else if (line[0])
		printf("unknown command '%s' (try help)\n", line);
}

int main(struct ig_startinfo *si)
{
	(void)si;
	long s = cons_use_for_stdio("console");
	if (s < 0)
		return 1;
	cons_focus(s);
	static char line[128];
	unsigned len = 0;
	cons_write(s, "\nIguana console. Type 'help'.\niguana> ", 38);
	for (;;) {
		char buf[64];
		long n = cons_read(s, buf, sizeof buf);
		for (long i = 0; i < n; i++) {
			char c = buf[i];
			if (c == '\r' || c == '\n') {
				cons_write(s, "\n", 1);
				line[len] = 0;
				command(line);
				stdio_flush();
				len = 0;
				cons_write(s, "iguana> ", 8);
			} else if ((c == 127 || c == 8) && len) {
				len--;
				cons_write(s, "\b \b", 3);
			} else if (c >= 32 && len + 1 < sizeof line) {
				line[len++] = c;
				cons_write(s, &c, 1);
			}
		}
	}
}
