/* libiguana: requests to Iguana as L4 calls; console and timer clients. */
#include <iguana/libiguana.h>
#include <string.h>
#include <stdio.h>

struct ig_startinfo *ig_start;

l4_word ig_call(l4_word op, const l4_word *args, int nargs, l4_word *out, int nout)
{
	l4_word *mr = l4_utcb()->mr;
	struct l4_msg m = { .tag = L4_TAG(op, nargs, 0) };
	for (int i = 0; i < nargs; i++)
		mr[i] = args[i];
	for (int i = 0; i < 4 && i < nargs; i++)
		m.mr[i] = args[i];
	if (l4_call(ig_start->iguana_tid, &m) != L4_OK)
		return IG_EINVAL;
	mr[0] = m.mr[0]; mr[1] = m.mr[1]; mr[2] = m.mr[2]; mr[3] = m.mr[3];
	for (int i = 0; i < nout; i++)
		out[i] = mr[1 + i];
	return mr[0];
}

l4_word ig_ms_create(l4_word pages, unsigned rights, l4_word *base, l4_word *cap)
{
	l4_word a[2] = { pages, rights }, o[2] = { 0, 0 };
	l4_word st = ig_call(IG_MS_CREATE, a, 2, o, 2);
	*base = o[0];
	*cap = o[1];
	return st;
}

l4_word ig_ms_delete(l4_word cap) { return ig_call(IG_MS_DELETE, &cap, 1, 0, 0); }

l4_word ig_ms_attach(l4_word pd, l4_word ms, unsigned rights)
{
	l4_word a[3] = { pd, ms, rights };
	return ig_call(IG_MS_ATTACH, a, 3, 0, 0);
}

l4_word ig_ms_grant(l4_word ms, l4_word pd, l4_word *newcap)
{
	l4_word a[2] = { ms, pd };
	return ig_call(IG_MS_GRANT, a, 2, newcap, 1);
}

l4_word ig_pd_create(l4_word quota, l4_word flags, l4_word *pd, l4_word *space)
{
	l4_word a[2] = { quota, flags }, o[2] = { 0, 0 };
	l4_word st = ig_call(IG_PD_CREATE, a, 2, o, 2);
	*pd = o[0];
	if (space)
		*space = o[1];
	return st;
}

l4_word ig_pd_delete(l4_word pd) { return ig_call(IG_PD_DELETE, &pd, 1, 0, 0); }

/* The new thread starts at fn with its stack below stack_top as a function
 * finds it on entry (L4_ENTRY_SP_OFFSET below a 16-byte boundary). */
l4_word ig_thread_create(l4_word pd, void (*fn)(void), void *stack_top, unsigned prio, l4_word *tid)
{
	l4_word a[4] = { pd, (l4_word)fn, ((l4_word)stack_top & ~15UL) - L4_ENTRY_SP_OFFSET, prio }, o[2] = { 0, 0 };
	l4_word st = ig_call(IG_THREAD_CREATE, a, 4, o, 2);
	*tid = o[0];
	return st;
}

l4_word ig_thread_create_cap(l4_word pd, void (*fn)(void), void *stack_top, unsigned prio,
			     l4_word *tid, l4_word *cap)
{
	l4_word a[4] = { pd, (l4_word)fn, ((l4_word)stack_top & ~15UL) - L4_ENTRY_SP_OFFSET, prio }, o[2] = { 0, 0 };
	l4_word st = ig_call(IG_THREAD_CREATE, a, 4, o, 2);
	*tid = o[0];
	*cap = o[1];
	return st;
}

l4_word ig_thread_delete(l4_word cap) { return ig_call(IG_THREAD_DELETE, &cap, 1, 0, 0); }

static void pack_name(const char *name, l4_word w[IG_NAME_WORDS])
{
	memset(w, 0, IG_NAME_WORDS * 8);
	strncpy((char *)w, name, IG_NAME_WORDS * 8 - 1);
}

l4_word ig_name_register(const char *name)
{
	l4_word w[IG_NAME_WORDS];
	pack_name(name, w);
	return ig_call(IG_NAME_REGISTER, w, IG_NAME_WORDS, 0, 0);
}

l4_word ig_name_lookup(const char *name, l4_word *tid)
{
	l4_word w[IG_NAME_WORDS];
	pack_name(name, w);
	return ig_call(IG_NAME_LOOKUP, w, IG_NAME_WORDS, tid, 1);
}

l4_word ig_info(l4_word out[5]) { return ig_call(IG_INFO, 0, 0, out, 5); }
l4_word ig_kmem(l4_word *used, l4_word *limit)
{
	l4_word out[7], st = ig_call(IG_INFO, 0, 0, out, 7);
	*used = out[5];
	*limit = out[6];
	return st;
}

l4_word ig_irq_attach(unsigned irq, unsigned bit)
{
	l4_word a[2] = { irq, bit };
	return ig_call(IG_IRQ_ATTACH, a, 2, 0, 0);
}

l4_word ig_ms_share(l4_word ms, l4_word tid, unsigned rights, l4_word *newcap)
{
	l4_word a[3] = { ms, tid, rights };
	return ig_call(IG_MS_SHARE, a, 3, newcap, 1);
}

l4_word ig_ms_phys(l4_word ms, l4_word page, l4_word *pa)
{
	l4_word a[2] = { ms, page };
	return ig_call(IG_MS_PHYS, a, 2, pa, 1);
}

l4_word ig_ms_lend(l4_word ms, l4_word tid, l4_word *newcap)
{
	l4_word a[2] = { ms, tid };
	return ig_call(IG_MS_LEND, a, 2, newcap, 1);
}

l4_word ig_ms_watch(l4_word ms, struct ig_dma_watch *w, l4_word owner_tid)
{
	l4_word a[3] = { ms, (l4_word)w, owner_tid };
	return ig_call(IG_MS_WATCH, a, 3, 0, 0);
}

l4_word ig_dev_reset(l4_word *freed)
{
	return ig_call(IG_DEV_RESET, 0, 0, freed, 1);
}

void ig_exit(int code)
{
	l4_word c = (l4_word)code;
	stdio_flush();
	ig_call(IG_EXIT, &c, 1, 0, 0);
	for (;;)
		l4_receive(l4_utcb()->tid, L4_TIMEOUT_NEVER, &(struct l4_msg){ 0 });
}

void exit(int code) { ig_exit(code); }

/* --- console client ------------------------------------------------------ */
static l4_word cons_tid, timer_tid, rt_tid, blk_tid, net_tid;

static l4_word server(l4_word *cache, const char *name)
{
	for (int i = 0; !*cache && i < 200; i++)
		if (ig_name_lookup(name, cache) != IG_OK) {
			*cache = 0;
			l4_receive(l4_utcb()->tid, 5000, &(struct l4_msg){ 0 });   /* not up yet: wait 5 ms */
		}
	return *cache;
}

static l4_word cons_call(l4_word op, int nargs, struct l4_msg *m)
{
	l4_word to = server(&cons_tid, "console");
	if (!to)
		return ~0UL;
	m->tag = L4_TAG(op, nargs, 0);
	l4_word *mr = l4_utcb()->mr;
	m->mr[0] = mr[0]; m->mr[1] = mr[1]; m->mr[2] = mr[2]; m->mr[3] = mr[3];
	if (l4_call(to, m) != L4_OK)
		return ~0UL;
	mr[0] = m->mr[0]; mr[1] = m->mr[1]; mr[2] = m->mr[2]; mr[3] = m->mr[3];
	return mr[0];
}

long cons_open(const char *name)
{
	if (!server(&cons_tid, "console"))   /* before the MRs are filled: lookup uses them */
		return -1;
	struct l4_msg m;
	pack_name(name, l4_utcb()->mr);
	l4_word s = cons_call(CONS_OPEN, IG_NAME_WORDS, &m);
	return s == 0 ? (long)l4_utcb()->mr[1] : -1;
}

void cons_write(long session, const char *buf, unsigned long len)
{
	if (!server(&cons_tid, "console"))   /* before the MRs are filled: lookup uses them */
		return;
	while (len) {
		unsigned long n = len < 400 ? len : 400;
		l4_word *mr = l4_utcb()->mr;
		struct l4_msg m;
		mr[0] = (l4_word)session;
		mr[1] = n;
		memcpy(&mr[2], buf, n);
		cons_call(CONS_WRITE, 2 + (int)((n + 7) / 8), &m);
		buf += n;
		len -= n;
	}
}

long cons_read(long session, char *buf, unsigned long max)
{
	if (!server(&cons_tid, "console"))   /* before the MRs are filled: lookup uses them */
		return -1;
	struct l4_msg m;
	l4_word *mr = l4_utcb()->mr;
	mr[0] = (l4_word)session;
	mr[1] = max > 400 ? 400 : max;
	if (cons_call(CONS_READ, 2, &m) != 0)
		return -1;
	long n = (long)mr[1];
	memcpy(buf, &mr[2], (unsigned long)n);
	return n;
}

void cons_focus(long session)
{
	if (!server(&cons_tid, "console"))   /* before the MRs are filled: lookup uses them */
		return;
	struct l4_msg m;
	l4_utcb()->mr[0] = (l4_word)session;
	cons_call(CONS_FOCUS, 1, &m);
}

static long stdio_session = -1;
static void cons_stdio_write(const char *buf, unsigned long len) { cons_write(stdio_session, buf, len); }

long cons_use_for_stdio(const char *name)
{
	stdio_session = cons_open(name);
	if (stdio_session >= 0)
		stdio_set_output(cons_stdio_write);
	return stdio_session;
}

/* --- timer client -------------------------------------------------------- */
l4_word timer_sleep_until(l4_word ns)
{
	l4_word to = server(&timer_tid, "timer");
	struct l4_msg m = { .tag = L4_TAG(TIMER_SLEEP_UNTIL, 1, 0), .mr = { ns } };
	if (!to || l4_call(to, &m) != L4_OK)
		return 0;
	return m.mr[1];
}

void sleep_ms(l4_word ms) { timer_sleep_until(l4_clock() + ms * 1000000UL); }

l4_word timer_periodic(l4_word first, l4_word period, unsigned bit)
{
	l4_word to = server(&timer_tid, "timer");
	struct l4_msg m = { .tag = L4_TAG(TIMER_PERIODIC, 3, 0), .mr = { first, period, bit } };
	if (!to || l4_call(to, &m) != L4_OK)
		return IG_EINVAL;
	return m.mr[0];
}

/* A child domain running fn from our own image: our segments attached with
 * their rights (same addresses: one shared layout), plus a fresh stack. */
l4_word ig_child_spawn(void (*fn)(void), unsigned prio, l4_word quota, l4_word *stack_cap)
{
	static const unsigned try_rights[] = { IG_MS_R | IG_MS_X, IG_MS_R | IG_MS_W, IG_MS_R };
	l4_word pd, sp, base, tid;
	if (ig_pd_create(quota, 0, &pd, &sp) != IG_OK)
		return 0;
	for (int i = 0; i < 4 && ig_start->seg_caps[i]; i++)
		for (int k = 0; k < 3; k++)
			if (ig_ms_attach(pd, ig_start->seg_caps[i], try_rights[k]) == IG_OK)
				break;
	if (ig_ms_create(4, IG_MS_R | IG_MS_W, &base, stack_cap) != IG_OK ||
	    ig_ms_attach(pd, *stack_cap, IG_MS_R | IG_MS_W) != IG_OK ||
	    ig_thread_create(pd, fn, (void *)(base + 4 * 4096 - 64), prio, &tid) != IG_OK) {
		ig_pd_delete(pd);
		return 0;
	}
	return pd;
}

int main(struct ig_startinfo *si);
#include <stdlib.h>

/* C start of a domain: heap from the start info, then main, then exit. */
void ig_crt_start(struct ig_startinfo *si)
{
	ig_start = si;
	arch_entropy_seed(si->seed, 4);
	heap_init((void *)si->heap_base, si->heap_pages * 4096UL);
	ig_exit(main(si));
}

/* --- real-time task client ------------------------------------------------ */
l4_word rt_request(l4_word op, l4_word out[7])
{
	l4_word to = server(&rt_tid, "rt");
	struct l4_msg m = { .tag = L4_TAG(op, 0, 0) };
	if (!to || l4_call(to, &m) != L4_OK)
		return ~0UL;
	l4_word *mr = l4_utcb()->mr;
	mr[0] = m.mr[0]; mr[1] = m.mr[1]; mr[2] = m.mr[2]; mr[3] = m.mr[3];
	for (int i = 0; i < 7 && out; i++)
		out[i] = mr[i];
	return mr[0];
}

/* --- block client ---------------------------------------------------------- */
/* A driver restarted has a new thread: a call that fails looks it up again, once. */
l4_word blk_call(l4_word op, const l4_word *args, int nargs, l4_word *out, int nout)
{
	struct l4_msg m;
	for (int again = 0;; again++) {
		l4_word to = server(&blk_tid, "blk");
		m = (struct l4_msg){ .tag = L4_TAG(op, nargs, 0) };
		for (int i = 0; i < nargs && i < 4; i++)
			m.mr[i] = args[i];
		if (to && l4_call(to, &m) == L4_OK)
			break;
		blk_tid = 0;
		if (again)
			return ~0UL;
	}
	l4_word *mr = l4_utcb()->mr;
	mr[0] = m.mr[0]; mr[1] = m.mr[1]; mr[2] = m.mr[2]; mr[3] = m.mr[3];
	for (int i = 0; i < nout && i < 6; i++)
		out[i] = mr[1 + i];
	return mr[0];
}

l4_word blk_open(struct blk_session *s)
{
	l4_word o[5] = { 0 }, st = blk_call(BLK_OPEN, 0, 0, o, 5);
	if (st != IG_OK)
		return st;
	*s = (struct blk_session){ .token = o[0], .buf = (unsigned char *)o[1], .buf_size = o[2] * 4096,
				   .sectors = o[3], .buf_cap = o[4] };
	return IG_OK;
}

l4_word blk_read(struct blk_session *s, l4_word sector, l4_word count, l4_word off)
{
	l4_word a[4] = { s->token, sector, count, off };
	return blk_call(BLK_READ, a, 4, 0, 0);
}

l4_word blk_write(struct blk_session *s, l4_word sector, l4_word count, l4_word off)
{
	l4_word a[4] = { s->token, sector, count, off };
	return blk_call(BLK_WRITE, a, 4, 0, 0);
}

l4_word blk_close(struct blk_session *s) { return blk_call(BLK_CLOSE, &s->token, 1, 0, 0); }

/* --- network client -------------------------------------------------------- */
l4_word net_call(l4_word op, const l4_word *args, int nargs, l4_word *out, int nout)
{
	l4_word to = server(&net_tid, "net");
	struct l4_msg m = { .tag = L4_TAG(op, nargs, 0) };
	for (int i = 0; i < nargs && i < 4; i++)
		m.mr[i] = args[i];
	if (!to || l4_call(to, &m) != L4_OK)
		return ~0UL;
	l4_word *mr = l4_utcb()->mr;
	mr[0] = m.mr[0]; mr[1] = m.mr[1]; mr[2] = m.mr[2]; mr[3] = m.mr[3];
	for (int i = 0; i < nout && i < 6; i++)
		out[i] = mr[1 + i];
	return mr[0];
}

l4_word net_open(struct net_session *s, unsigned bit)
{
	l4_word a = bit, o[5] = { 0 }, st = net_call(NET_OPEN, &a, 1, o, 5);
	if (st != IG_OK)
		return st;
	*s = (struct net_session){ .token = o[0], .ring = (struct net_ring *)o[1], .buf_cap = o[3], .mac = o[4],
				   .rx = (unsigned char *)o[1] + NET_RX_OFF, .tx = (unsigned char *)o[1] + NET_TX_OFF };
	return IG_OK;
}

l4_word net_send(struct net_session *s, l4_word slot, l4_word len)
{
	l4_word a[3] = { s->token, slot, len };
	return net_call(NET_SEND, a, 3, 0, 0);
}

l4_word net_claim(struct net_session *s, l4_word proto, l4_word port)
{
	l4_word a[3] = { s->token, proto, port };
	return net_call(NET_CLAIM, a, 3, 0, 0);
}

l4_word net_close(struct net_session *s) { return net_call(NET_CLOSE, &s->token, 1, 0, 0); }

unsigned net_rx_next(struct net_session *s, unsigned char **frame)
{
	uint32_t t = s->ring->rx_tail;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (t == s->ring->rx_head)
		return 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	unsigned len = s->ring->rx_len[t % NET_RX_SLOTS];
	*frame = s->rx + (t % NET_RX_SLOTS) * NET_SLOT;
	return len > NET_FRAME_MAX ? NET_FRAME_MAX : len;
}

void net_rx_done(struct net_session *s)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	s->ring->rx_tail = s->ring->rx_tail + 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}
