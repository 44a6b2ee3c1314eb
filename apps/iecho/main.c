/* iecho: an ordinary Iguana domain for native-mode Linux programs to talk to
 * (docs/native-mode.md; protocol: ECHO_* in abi/iguana_abi.h). It answers
 * pings, lends a page of its own and reads what a caller wrote there through
 * the very pointer the caller passed, and, on request, calls a service a
 * native program offers ("nsvc") from a thread of its own. */
#include <iguana/libiguana.h>
#include <stdio.h>
#include <string.h>

static char *page;                   /* the lent page (ECHO_SHARE), made and touched at start */
static l4_word page_cap;
static l4_word client_tid;

/* What the client thread was asked (ECHO_CALL) and what it found. */
static volatile l4_word want, calls, right, worst_ns, finished = 1;

/* Calls "nsvc" want times: label 1, MR0 = x; the answer must be 2x + 1. */
static void client(void)
{
	struct l4_msg m = { 0 };
	for (;;) {
		l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_NEVER, &m);
		l4_word n = want, tid = 0;
		calls = right = worst_ns = 0;
		for (int i = 0; i < 200 && ig_name_lookup("nsvc", &tid) != IG_OK; i++)
			l4_timer(l4_clock() + 10000000, 0, 1), l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_NEVER, &m);
		for (l4_word i = 0; tid && i < n; i++) {
			l4_word x = 1000 + i * 7, t0 = l4_clock();
			struct l4_msg c = { .tag = L4_TAG(1, 1, 0), .mr = { x } };
			l4_word st = l4_call(tid, &c);
			l4_word dt = l4_clock() - t0;
			calls++;
			if (st == L4_OK && c.mr[0] == 2 * x + 1)
				right++;
			if (dt > worst_ns)
				worst_ns = dt;
		}
		printf("iecho: called nsvc %lu times: %lu right answers, worst round trip %lu us\n",
		       calls, right, worst_ns / 1000);
		finished = 1;
	}
}

static l4_word serve(l4_word label, l4_word *mr, l4_word from, int *n)
{
	*n = 1;
	switch (label) {
	case ECHO_PING:
		mr[1] = mr[0] + 1;
		*n = 2;
		return IG_OK;
	case ECHO_SHARE: {
		l4_word cap, st;
		if (!page)
			return IG_ENOMEM;
		if ((st = ig_ms_share(page_cap, from, IG_MS_R | IG_MS_W, &cap)) != IG_OK)
			return st;
		mr[1] = (l4_word)page;
		mr[2] = 1;
		mr[3] = cap;
		*n = 4;
		return IG_OK;
	}
	case ECHO_DEREF: {
		/* The caller's pointer, used as it is: the page is at the same
		 * address here. A string in the first 2 KiB; the answer 2 KiB on. */
		char *p = (char *)mr[0];
		if (!page || p < page || p >= page + 1024)
			return IG_EINVAL;
		l4_word len = 0;
		while (p + len < page + 2047 && p[len])
			len++;
		char *out = p + 2048;
		memcpy(out, "iecho saw: ", 11);
		for (l4_word i = 0; i < len && i < 900; i++)
			out[11 + i] = p[i];
		out[11 + (len < 900 ? len : 900)] = 0;
		mr[1] = len;
		*n = 2;
		return IG_OK;
	}
	case ECHO_CALL:
		if (!finished)
			return IG_EBUSY;
		finished = 0;
		want = mr[0];
		l4_notify(client_tid, 1);
		return IG_OK;
	case ECHO_RESULT:
		mr[1] = calls; mr[2] = right; mr[3] = worst_ns; mr[4] = finished;
		*n = 5;
		return IG_OK;
	case ECHO_LOOKUP: {
		char name[33] = { 0 };
		memcpy(name, mr, 32);
		l4_word tid;
		l4_word st = ig_name_lookup(name, &tid);
		mr[1] = tid;
		*n = 2;
		return st;
	}
	}
	return IG_EINVAL;
}

static char client_stack[8192] __attribute__((aligned(16)));

int main(struct ig_startinfo *si)
{
	if (ig_thread_create(si->pd_cap, client, client_stack + sizeof client_stack, IG_PRIO_CREATOR, &client_tid) != IG_OK)
		printf("iecho: cannot start the client thread\n");
	l4_word base;
	if (ig_ms_create(1, IG_MS_R | IG_MS_W, &base, &page_cap) == IG_OK) {
		page = (char *)base;
		page[0] = 0;
	} else {
		printf("iecho: no section for the page it lends\n");
	}
	if (ig_name_register("iecho") != IG_OK)
		printf("iecho: cannot register the name 'iecho'\n");
	/* Requests: arguments in MR0.., the reply's MR0 a status, results after it. */
	l4_word *mr = l4_utcb()->mr;
	struct l4_msg m = { 0 };
	l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
	for (;;) {
		l4_word from = m.from, a[8];
		int n;
		if (L4_TAG_LABEL(m.tag) == L4_LABEL_NOTIFY) {
			l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
			continue;
		}
		a[0] = m.mr[0]; a[1] = m.mr[1]; a[2] = m.mr[2]; a[3] = m.mr[3];
		for (int i = 4; i < 8; i++)
			a[i] = mr[i];
		mr[0] = serve(L4_TAG_LABEL(m.tag), a, from, &n);
		for (int i = 1; i < n; i++)
			mr[i] = a[i];
		m = (struct l4_msg){ .tag = L4_TAG(0, n, 0), .mr = { mr[0], mr[1], mr[2], mr[3] } };
		l4_ipc(from, L4_ANYTHREAD, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER), &m);
	}
}
