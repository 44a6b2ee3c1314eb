/* The hostile side of the kernel-call fuzzer: code that runs in the
 * unprivileged fuzz space F (the fuzzer and two victims) and in the victim
 * space O. It lives in the root image's text, mapped read/execute only into
 * those spaces, so it must not touch the root's data: no writable globals,
 * no %gs (the fuzzer moves its own bases), everything through the fixed
 * addresses of fuzz.h.
 *
 * Call n draws all its arguments from a generator seeded with (seed, n)
 * alone: call n is the same call whatever happened before, so a seed and a
 * call number name it, and a call that hangs or kills the fuzzer is skipped
 * on restart (ctx->next moves past it before it is made). */
#include "fuzz.h"
#include <l4.h>
#include <stdbool.h>

#define CTX ((struct fuzz_ctx *)FZ_CTX)
#define PAGE 4096UL

/* --- system calls (sc_do: fuzz_arch.h) ------------------------------------------------------ */
static inline l4_word sys(l4_word nr, l4_word a0, l4_word a1, l4_word a2, l4_word a3, l4_word a4)
{
	struct sc s = { nr, a0, a1, a2, a3, a4, 0, 0, 0 };
	return sc_do(&s);
}

/* IPC: to, from, timeouts, tag, MR0..3; returns the error, *s holds the result. */
static inline l4_word ipc(struct sc *s, l4_word to, l4_word from, l4_word tos, l4_word tag)
{
	s->nr = L4_SYS_IPC; s->a0 = to; s->a1 = from; s->a2 = tos; s->a3 = tag;
	return sc_do(s);
}

static inline struct l4_utcb *utcb_at(unsigned slot) { return (struct l4_utcb *)FZ_SLOT(slot); }

/* --- the generator (rnd, below, one_in: fuzz.h) -------------------------------------------- */
static l4_word mix(l4_word z)
{
	z += 0x9e3779b97f4a7c15UL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
	return z ^ (z >> 31);
}

static const l4_word edge_addrs[] = {
	0, 0x1000, 0x400000, 0x7ff000, L4_UTCB_AREA - PAGE, L4_UTCB_AREA, L4_UTCB_AREA + PAGE,
	L4_UTCB_AREA + L4_UTCB_AREA_SIZE - PAGE, L4_UTCB_AREA + L4_UTCB_AREA_SIZE, L4_USER_TOP - PAGE,
	L4_USER_TOP, 0x00007ffffffff000UL, 0x0000800000000000UL, 0xffff800000000000UL,
	0xffffffff80000000UL, 0xffffffff80100000UL, 0xfffffffffffff000UL, 0x8000000000000000UL,
	0x3ffffffff000UL, FZ_VSTATS, FZ_PLAY, O_WIN, O_STATUS, 0x40000000UL, 0x200000UL, 0x1fffff000UL,
	FZ_ARCH_EDGES                     /* the architecture's own, if any */
};
#define NEDGE (sizeof(edge_addrs) / sizeof(edge_addrs[0]))

static l4_word text_pages(struct fuzz_ctx *c) { return (c->cfg.text_end - c->cfg.text_base) / PAGE; }

/* A source address: mostly memory F has, sometimes anything. */
static l4_word pick_src(struct rng *r, struct fuzz_ctx *c)
{
	l4_word a;
	switch (below(r, 16)) {
	case 0: case 1: case 2: case 3: case 4: a = FZ_SCRATCH + below(r, FZ_NSCRATCH) * PAGE; break;
	case 5: case 6: a = FZ_PLAY + below(r, FZ_PLAY_PAGES) * PAGE; break;
	case 7: case 8: case 9: a = c->cfg.text_base + below(r, text_pages(c)) * PAGE; break;
	case 10: a = FZ_BASE + (FZ_CRIT_PAGES + below(r, FZ_PAGES - FZ_CRIT_PAGES)) * PAGE; break;
	case 11: case 12: a = edge_addrs[below(r, NEDGE)]; break;
	case 13: a = rnd(r) & 0x00007ffffffff000UL; break;
	case 14: a = rnd(r); break;
	default: a = L4_UTCB_AREA + below(r, 32) * PAGE; break;
	}
	if (one_in(r, 24))
		a += one_in(r, 2) ? 1 + below(r, 7) : below(r, PAGE);
	return a;
}

/* A destination: mostly scratch and the alias playground; F's own stacks
 * and context only rarely (the root repairs them, at a cost), never its code. */
static l4_word pick_dst(struct rng *r, struct fuzz_ctx *c)
{
	l4_word a;
	switch (below(r, 32)) {
	case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7:
		a = FZ_SCRATCH + below(r, FZ_NSCRATCH) * PAGE; break;
	case 8: case 9: case 10: case 11: case 12: case 13: case 14: case 15:
		a = FZ_PLAY + below(r, FZ_PLAY_PAGES) * PAGE; break;
	case 16: a = FZ_PLAY + PAGE * below(r, 4); break;
	case 17: case 18: case 19: case 20: case 21: a = edge_addrs[below(r, NEDGE)]; break;
	case 22: case 23: a = (rnd(r) & 0x00007ffffffff000UL); break;
	case 24: a = rnd(r); break;
	case 25: a = one_in(r, 4) ? FZ_BASE + below(r, FZ_CRIT_PAGES) * PAGE : FZ_SCRATCH; break;
	case 26: a = FZ_TASK_STACK + below(r, 4) * PAGE; break;
	case 27: a = L4_UTCB_AREA + below(r, 32) * PAGE; break;
	default: a = FZ_PLAY + below(r, 8) * PAGE; break;
	}
	if (one_in(r, 24))
		a += one_in(r, 2) ? 1 + below(r, 7) : below(r, PAGE);
	if (a >= c->cfg.text_base && a < c->cfg.text_end)
		a = FZ_PLAY;       /* not over our own code: we would run another page's (unmapping it is fine) */
	return a;
}

/* A stack pointer for a thread sent somewhere odd: never into F's context or stacks. */
static l4_word pick_sp(struct rng *r)
{
	switch (below(r, 8)) {
	case 0: case 1: case 2: return FZ_SCRATCH + below(r, FZ_NSCRATCH) * PAGE + below(r, PAGE);
	case 3: return FZ_PLAY + below(r, FZ_PLAY_PAGES) * PAGE;
	case 4: return 0;
	case 5: return FZ_NONCANON + below(r, PAGE);
	case 6: return FZ_KERNEL_STACK;
	default: return rnd(r) & 0x00007fffffffffffUL;
	}
}

/* An entry point that must not run any of our code: unmapped, kernel, non-canonical. */
static l4_word pick_bad_ip(struct rng *r)
{
	static const l4_word bad[] = { 0, 0x1000, FZ_NONCANON, FZ_KERNEL_TEXT,
				       0xffff800000000000UL, L4_UTCB_AREA, FZ_NOWHERE + 0x1234 };
	return one_in(r, 2) ? bad[below(r, sizeof(bad) / sizeof(bad[0]))] : rnd(r);
}

static l4_word pick_pages(struct rng *r)
{
	switch (below(r, 32)) {
	case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10: case 11:
		return 1;
	case 12: case 13: case 14: case 15: case 16: case 17: case 18: case 19: return 2 + below(r, 15);
	case 20: case 21: return below(r, 512);
	case 22: return 0;
	case 23: return one_in(r, 8) ? 1UL << L4_MAP_MAXORDER : 1 + below(r, 4096);
	case 24: return (1UL << L4_MAP_MAXORDER) + 1;
	case 25: return 1UL << 52;
	case 26: return ~0UL;
	case 27: return 1UL << 63;
	case 28: return rnd(r) & 0xffffffff;
	case 29: return rnd(r);
	default: return 1 + below(r, 64);
	}
}

/* Thread ids: the pool, with a class the oracles use. */
enum { C_ANY, C_OWN, C_O, C_ROOT, C_STALE };
static l4_word pick_tid(struct rng *r, struct fuzz_ctx *c, int *cls)
{
	static const l4_word special[] = { 0, L4_ANYTHREAD, L4_NOTIFYONLY, 0xffff, 0x3ff, 0x400, 1,
					   0x10001, 0xffffffffffff0001UL, 0x7fffffffffffffffUL };
	int k = (int)below(r, ID_NTIDS);
	*cls = C_ANY;
	switch (below(r, 16)) {
	case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9:
		*cls = k <= ID_VSPIN ? C_OWN : k <= ID_OWORK ? C_O : k <= ID_RPAGER ? C_ROOT : C_STALE;
		return c->cfg.tids[k];
	case 10: return c->cfg.tids[k] ^ ((1 + below(r, 7)) << 16);       /* another version */
	case 11: return special[below(r, sizeof(special) / sizeof(special[0]))];
	case 12: return below(r, 1024) | (below(r, 4) << 16);
	case 13: return rnd(r);
	case 14: return L4_TID_INDEX(c->cfg.tids[k]);
	default: *cls = C_OWN; return c->cfg.tids[ID_SELF];
	}
}

static l4_word pick_sid(struct rng *r, struct fuzz_ctx *c)
{
	switch (below(r, 8)) {
	case 0: case 1: case 2: case 3: return c->cfg.sids[below(r, SP_NSIDS)];
	case 4: return c->cfg.sids[below(r, SP_NSIDS)] ^ (1UL << 16);
	case 5: return below(r, 300);
	case 6: return rnd(r);
	default: return 0;
	}
}

/* IPC timeouts in microseconds: mostly none or short, rarely long or never. */
static l4_word pick_us(struct rng *r)
{
	switch (below(r, 64)) {
	case 0 ... 27: return 0;
	case 28 ... 47: return 1 + below(r, 50);
	case 48 ... 55: return 100 + below(r, 900);
	case 56 ... 58: return below(r, 3000);
	case 59: return one_in(r, 16) ? L4_TIMEOUT_NEVER : 7;
	case 60: return one_in(r, 16) ? rnd(r) & 0xffffffff : 3;
	default: return 0;
	}
}

static l4_word pick_window(struct rng *r, struct fuzz_ctx *c)
{
	switch (below(r, 8)) {
	case 0: return 0;
	case 1: case 2: return L4_WINDOW(FZ_PLAY, 9);
	case 3: return L4_WINDOW(FZ_PLAY + below(r, FZ_PLAY_PAGES) * PAGE, below(r, 4));
	case 4: return L4_WINDOW(pick_dst(r, c) & ~0xfffUL, below(r, 64));
	case 5: return L4_WINDOW(edge_addrs[below(r, NEDGE)] & ~0xfffUL, below(r, 64));
	case 6: return rnd(r);
	default: return L4_WINDOW(0, 36 + below(r, 28));    /* everything below the UTCBs */
	}
}

static l4_word pick_tag(struct rng *r)
{
	l4_word u = one_in(r, 3) ? below(r, 65) : below(r, 8);
	l4_word t = below(r, 10) < 6 ? 0 : below(r, 10) < 8 ? 1 + below(r, 4) : below(r, 64);
	l4_word label = one_in(r, 10) ? L4_LABEL_PAGEFAULT + below(r, 3) : rnd(r) >> 16;
	return (label << 16) | (below(r, 16) << 12) | ((t & 0x3f) << 6) | (u & 0x3f);
}

static l4_word pick_mapitem(struct rng *r, struct fuzz_ctx *c)
{
	l4_word order;
	switch (below(r, 100)) {
	case 0 ... 49: order = 0; break;
	case 50 ... 79: order = 1 + below(r, 3); break;
	case 80 ... 94: order = 4 + below(r, 6); break;
	case 95 ... 98: order = below(r, 64); break;
	default: order = L4_MAP_MAXORDER; break;
	}
	if (one_in(r, 16))
		return rnd(r);
	return (pick_src(r, c) & ~0xfffUL) | (order << 4) | below(r, 16);
}

static void fill_msg(struct rng *r, struct fuzz_ctx *c, l4_word *mr, l4_word tag)
{
	l4_word u = L4_TAG_U(tag), t = L4_TAG_T(tag);
	for (l4_word i = 0; i < u && i < L4_MR_COUNT; i++)
		mr[i] = one_in(r, 4) ? pick_src(r, c) : rnd(r);
	for (l4_word k = 0; k < t && u + 2 * k + 1 < L4_MR_COUNT; k++) {
		mr[u + 2 * k] = pick_mapitem(r, c);
		mr[u + 2 * k + 1] = one_in(r, 8) ? rnd(r) : pick_dst(r, c) & ~0xfffUL;
	}
}

/* --- oracles: what an unprivileged space must always get ---------------------------------- */
static void trace(struct fuzz_ctx *c, l4_word n, int kind, const struct sc *s);

/* Only the fuzzer itself, with a config the root wrote and did not change
 * during the call, judges: a victim sent into our code by chance, a scribbled
 * id list, or a victim the root replaced meanwhile must not fail the run. */
static void violation(struct fuzz_ctx *c, l4_word n, l4_word kind, l4_word ret, l4_word arg)
{
	l4_word me = 0;
	struct sc s = { L4_SYS_KINFO, L4_KI_MYTID, 0, 0, 0, 0, 0, 0, 0 };
	if (sc_do(&s) == L4_OK)
		me = s.a2;
	if (c->cfg_sum != fz_cfg_sum(&c->cfg) || me != c->cfg.tids[ID_SELF] || c->cur_gen != c->cfg.gen) {
		c->rogue++;
		return;
	}
	if (c->cfg.trace_from) {
		struct sc t = { kind, ret, arg, (l4_word)__builtin_return_address(0), c->vcpu_slot, n, 0, 0, 0 };
		trace(c, n, (int)kind, &t);
	}
	sys(L4_SYS_VCPU_CTRL, 0, 0, 0, 0, 0);      /* an exception in vCPU mode would be an upcall */
	c->vcpu_slot = 0;
	((void (*)(l4_word, l4_word, l4_word, l4_word))(void *)fz_report)(n, kind, ret, arg);
}

static bool plausible(l4_word ret)
{
	return (ret & ~L4_ERR_RECV) <= L4_EDEAD;
}

/* --- the call kinds ---------------------------------------------------------------------------- */
enum {
	K_IPC, K_IPC_ECHO, K_NOTIFY, K_EXREGS, K_UNMAP, K_MAP_TO, K_UNMAP_IN, K_FPU, K_TIMER,
	K_CLOCK, K_YIELD, K_KINFO, K_KDEBUG, K_IRQ_ACK, K_VCPU_CTRL, K_VCPU_RESUME, K_VCPU_WAIT,
	K_VCPU_STATE, K_PRIV, K_BADNR, K_RAW, K_HOSTILE, K_SCRIBBLE, K_KMEM_T, K_KMEM_SPACE, K_KMEM_IPC,
	K_NKINDS
};
_Static_assert(K_NKINDS <= FZ_NKINDS, "kind counters");
const char *const fz_kind_name[FZ_NKINDS] = {
	"ipc", "ipc_echo", "notify", "exregs", "unmap", "map_to", "unmap_in", "fpu", "timer",
	"clock", "yield", "kinfo", "kdebug", "irq_ack", "vcpu_ctrl", "vcpu_resume", "vcpu_wait",
	"vcpu_state", "privileged", "bad_nr", "raw", "hostile", "scribble", "kmem_t", "kmem_space",
	"kmem_ipc",
};

/* Weights out of 1000. */
static const unsigned short kind_weight[K_NKINDS] = {
	[K_IPC] = 110, [K_IPC_ECHO] = 70, [K_NOTIFY] = 35, [K_EXREGS] = 85, [K_UNMAP] = 50,
	[K_MAP_TO] = 60, [K_UNMAP_IN] = 30, [K_FPU] = 50, [K_TIMER] = 30, [K_CLOCK] = 15,
	[K_YIELD] = 10, [K_KINFO] = 20, [K_KDEBUG] = 10, [K_IRQ_ACK] = 20, [K_VCPU_CTRL] = 40,
	[K_VCPU_RESUME] = 55, [K_VCPU_WAIT] = 15, [K_VCPU_STATE] = 20, [K_PRIV] = 87,
	[K_BADNR] = 20, [K_RAW] = 45, [K_HOSTILE] = 40, [K_SCRIBBLE] = 15,
	[K_KMEM_T] = 1, [K_KMEM_SPACE] = 1, [K_KMEM_IPC] = 1,
};

static int pick_kind(struct rng *r)
{
	unsigned x = (unsigned)below(r, 1000);
	for (int k = 0; k < K_NKINDS; k++) {
		if (x < kind_weight[k])
			return k;
		x -= kind_weight[k];
	}
	return K_CLOCK;
}

extern char fz_upcall_entry[], fz_task_code[];

static l4_word ip_for_victim(struct rng *r, int which, l4_word *sp)
{
	switch (below(r, 8)) {
	case 0: case 1: case 2: case 3:
		*sp = which == ID_VECHO ? FZ_VECHO_TOP : FZ_VSPIN_TOP;
		return which == ID_VECHO ? (l4_word)fz_vecho_entry : (l4_word)fz_vspin_entry;
	case 4: *sp = pick_sp(r); return pick_bad_ip(r);
	case 5: *sp = pick_sp(r); return FZ_NOWHERE + below(r, 1UL << 30);
	case 6: *sp = FZ_VSPIN_TOP; return rnd(r);
	default: *sp = FZ_KERNEL_STACK; return FZ_KERNEL_TEXT;
	}
}

/* A pager or exception handler: the root's, or anyone but a thread of F
 * (our replies to a victim's exception would send it into our code). */
static l4_word pick_handler(struct rng *r, struct fuzz_ctx *c)
{
	int cls;
	l4_word t = one_in(r, 16) ? pick_tid(r, c, &cls) : c->cfg.fault_tid;
	return t == c->cfg.tids[ID_SELF] || t == c->cfg.tids[ID_VECHO] || t == c->cfg.tids[ID_VSPIN] ?
	       c->cfg.fault_tid : t;
}

/* Start a victim afresh, as the root would. */
static void victim_restart(struct fuzz_ctx *c, int which)
{
	l4_word *mr = utcb_at(FZ_SLOT_FUZZER)->mr;
	bool echo = which == ID_VECHO;
	mr[0] = echo ? (l4_word)fz_vecho_entry : (l4_word)fz_vspin_entry;
	mr[1] = echo ? FZ_VECHO_TOP : FZ_VSPIN_TOP;
	mr[2] = FZ_FLAGS_USER;
	mr[3] = 0;
	mr[4] = FZ_SLOT(echo ? FZ_SLOT_VECHO : FZ_SLOT_VSPIN);
	mr[5] = mr[7] = c->cfg.fault_tid;
	sys(L4_SYS_EXREGS, c->cfg.tids[which], L4_EX_ABORT | L4_EX_IP | L4_EX_SP | L4_EX_FLAGS | L4_EX_TLS0 |
	    L4_EX_TLS1 | L4_EX_PAGER | L4_EX_EXH | L4_EX_RESUME, 0, 0, 0);
}

/* Random bytes, sometimes shaped like an FPU image. */
static void fill_xfer(struct rng *r, unsigned char *x, unsigned n)
{
	l4_word *w = (l4_word *)x;
	unsigned mode = (unsigned)below(r, 4);
	for (unsigned i = 0; i < n / 8; i++)
		w[i] = mode == 0 ? 0 : mode == 1 ? ~0UL : rnd(r);
	if (mode == 3)
		fz_fpu_shape(r, x);
}

/* --- optional trace of each call on the debug console (fuzztrace=N) ------------------------ */
static unsigned put_hex(char *p, l4_word v)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	unsigned n = 0, k = 0;
	do {
		tmp[n++] = hex[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		p[k++] = tmp[--n];
	return k;
}

static void trace(struct fuzz_ctx *c, l4_word n, int kind, const struct sc *s)
{
	if (!c->cfg.trace_from || n < c->cfg.trace_from)
		return;
	char *p = (char *)utcb_at(FZ_SLOT_FUZZER)->xfer;
	const char *name = fz_kind_name[kind];
	unsigned k = 0;
	p[k++] = 'F'; p[k++] = 'Z'; p[k++] = ' ';
	k += put_hex(p + k, n);
	p[k++] = ' ';
	while (*name)
		p[k++] = *name++;
	const l4_word v[] = { s->nr, s->a0, s->a1, s->a2, s->a3, s->a4 };
	for (unsigned i = 0; i < 6; i++) {
		p[k++] = ' ';
		k += put_hex(p + k, v[i]);
	}
	p[k++] = '\n';
	sys(L4_SYS_KDEBUG, k, 0, 0, 0, 0);
}

static void trace_ret(struct fuzz_ctx *c, l4_word n, l4_word ret, const struct sc *s)
{
	if (!c->cfg.trace_from || n < c->cfg.trace_from)
		return;
	char *p = (char *)utcb_at(FZ_SLOT_FUZZER)->xfer;
	unsigned k = 0;
	p[k++] = ' '; p[k++] = '='; p[k++] = ' ';
	k += put_hex(p + k, ret);
	p[k++] = ' ';
	k += put_hex(p + k, s->a2);
	p[k++] = '\n';
	sys(L4_SYS_KDEBUG, k, 0, 0, 0, 0);
}

/* --- hostile instructions (fz_hostile: the architecture's) -------------------------------- */
static void hostile(struct rng *r, struct fuzz_ctx *c, l4_word n, int kind)
{
	unsigned which = (unsigned)below(r, FZ_NHOSTILE);
	struct sc s = { which, 0, 0, 0, 0, 0, 0, 0, 0 };
	trace(c, n, kind, &s);
	c->cur_sub = which;
	fz_hostile(r, c, which);
}

/* --- kernel-memory exhaustion ------------------------------------------------------------- */
/* F's account (F, T and X pay into it) has a limit. A sequence asks the root
 * to begin (fresh source pages at FZ_KRUN, maybe a new task space X with a
 * receiver thread), fills T or X until L4_ENOMEM (MAP_TO) or a rejected map
 * item (IPC to X's receiver), checks what an account at its limit must do,
 * and asks the root to end it (the root checks the account is at its limit,
 * probes other spaces, destroys X and replaces a filled T).
 *
 * A call fails when the account is full, and then gives back what it took
 * but page tables: a page's map takes a frame for its mapping node's slab,
 * then the page tables it lacks; the tables taken stay (they are the
 * space's), the slab frame goes back if it held only that node. So after an
 * L4_ENOMEM the account is at its limit or one below. Hence, with the root
 * quiet (root_seq and gen unchanged): the first failure keeps two frames at
 * most (tables) and no mapping node; from then on free frames never drop more
 * than one below what they were after it, a failure adds no mapping node, a
 * map that needs no memory works, and what an unmap frees can be taken again. */
#define KV(x) FZ_KV(x)                     /* arg of a kmem violation: which check */

struct kseq {
	l4_word sid, tid;                      /* the space filled; X's receiver */
	l4_word gen, seq;                      /* cfg.gen and root_seq once begun */
	l4_word first;                         /* a destination FZ_KRUN was mapped at */
	l4_word run;                           /* next destination of a many-page map */
	l4_word frames;                        /* free frames once at the limit */
	bool at_limit, full;                   /* an L4_ENOMEM seen; the last call was one */
};

static l4_word kinfo(l4_word what)
{
	struct sc s = { L4_SYS_KINFO, what, 0, 0, 0, 0, 0, 0, 0 };
	return sc_do(&s) == L4_OK ? s.a2 : ~0UL;
}

/* A request to the root: a trap it believes only from our thread; the
 * answer is in the context, with the complement of n as its nonce. */
static bool kmem_req(struct fuzz_ctx *c, l4_word n, l4_word op, l4_word arg, l4_word seq)
{
	c->kq_nonce = 0;
	((void (*)(l4_word, l4_word, l4_word, l4_word, l4_word))(void *)fz_kmem_req)(op, arg, c->cfg.gen, n, seq);
	return c->kq_nonce == ~n;
}

/* A page somewhere in GiB slots 8..191: most need two fresh page tables. */
static l4_word kmem_scatter(struct rng *r)
{
	return (KQ_REGION_MIN + below(r, KQ_REGION_MAX - KQ_REGION_MIN + 1)) << 30 | below(r, 512) << 21 |
	       below(r, 512) << 12;
}

static bool kmem_quiet(struct fuzz_ctx *c, struct kseq *q)
{
	return c->root_seq == q->seq && c->cfg.gen == q->gen && c->cfg_sum == fz_cfg_sum(&c->cfg);
}

/* After each call at the limit: free frames at most one below what they
 * were there; a failure adds no mapping node; with exact set, frames and
 * nodes are what they were before (f0, m0). */
static void kmem_after(struct fuzz_ctx *c, struct kseq *q, l4_word n, int k, l4_word ret, bool exact,
		       l4_word check, l4_word f0, l4_word m0)
{
	if (!q->at_limit || !kmem_quiet(c, q))
		return;
	l4_word f = kinfo(L4_KI_FREE_FRAMES), m = kinfo(L4_KI_MAPNODES);
	c->kchecks++;
	if (f + 1 < q->frames)
		violation(c, n, k, q->frames - f, KV(check));                /* frames taken over the limit */
	else if ((ret != L4_OK && m != m0) || (exact && (f != f0 || m != m0)))
		violation(c, n, k, m - m0, KV(0x100 | check));              /* a failure mapped something */
}

/* One MAP_TO into the space filled: FZ_KRUN's first page at a scattered
 * address (page tables), or a run of its pages (mapping nodes). Its pages
 * are the root's, depth 0: nothing but L4_OK or L4_ENOMEM is right. */
static l4_word kmem_map(struct rng *r, struct fuzz_ctx *c, struct kseq *q, l4_word n, int k, bool many)
{
	l4_word src = FZ_KRUN, np = 1, dst = kmem_scatter(r);
	if (many) {
		np = one_in(r, 2) ? FZ_KRUN_PAGES : 2 + below(r, FZ_KRUN_PAGES - 1);
		if (!q->run || one_in(r, 16))
			q->run = dst & ~((1UL << 21) - 1);
		dst = q->run;
		q->run += np * PAGE;
	}
	l4_word f0 = kinfo(L4_KI_FREE_FRAMES), m0 = kinfo(L4_KI_MAPNODES), seq = c->root_seq;
	bool was = q->at_limit;
	struct sc s = { L4_SYS_MAP_TO, q->sid, src, dst, np, L4_R, 0, 0, 0 };
	trace(c, n, k, &s);
	l4_word ret = sc_do(&s);
	trace_ret(c, n, ret, &s);
	if (ret == L4_OK) {
		c->kmaps++;
		if (!many && !q->first)
			q->first = dst;
	} else if (ret == L4_ENOMEM) {
		c->kenomem++;
		if (!q->at_limit) {
			/* The first: below the limit before it, so it may keep the
			 * empty page-table levels it built (two at most), nothing more. */
			l4_word f = kinfo(L4_KI_FREE_FRAMES), m = kinfo(L4_KI_MAPNODES);
			if (!many && c->root_seq == seq && kmem_quiet(c, q) && (m != m0 || f > f0 || f0 - f > 2))
				violation(c, n, k, f0 - f, KV(1));
			q->at_limit = true;
			q->frames = f;
		}
	} else {
		violation(c, n, k, ret, KV(2));
	}
	if (was)
		kmem_after(c, q, n, k, ret, false, 3, f0, m0);
	q->full = ret == L4_ENOMEM;
	return ret;
}

/* One call to X's receiver with map items (fresh pages, runs of code); it
 * answers with the tag it got. Returns 1 if an item was rejected, 0 if
 * not, -1 if the call failed. */
static int kmem_ipc(struct rng *r, struct fuzz_ctx *c, struct kseq *q, l4_word n, int k, l4_word items,
		    bool runs)
{
	l4_word *mr = utcb_at(FZ_SLOT_FUZZER)->mr;
	for (l4_word i = 0; i < items; i++) {
		l4_word order = 0, src = FZ_KRUN, dst = kmem_scatter(r);
		if (runs && one_in(r, 2)) {          /* a run of FZ_KRUN's pages */
			order = below(r, 7);
			if (!q->run || one_in(r, 16))
				q->run = dst & ~((1UL << 21) - 1);
			dst = q->run;
			q->run += PAGE << order;
		}
		mr[2 * i] = L4_MAPITEM0(src, order, L4_R);
		mr[2 * i + 1] = dst;
		c->kpages++;
	}
	l4_word f0 = kinfo(L4_KI_FREE_FRAMES), m0 = kinfo(L4_KI_MAPNODES);
	bool was = q->at_limit;
	struct sc s = { 0 };
	s.nr = L4_SYS_IPC; s.a0 = q->tid; s.a1 = q->tid; s.a2 = L4_TIMEOUTS(1000000, 1000000);   /* 1 s: a loaded host may stall QEMU for tens of ms */
	s.a3 = L4_TAG(0, 0, items); s.a4 = mr[0]; s.a5 = mr[1]; s.a6 = mr[2]; s.a7 = mr[3];
	trace(c, n, k, &s);
	l4_word ret = sc_do(&s);
	trace_ret(c, n, ret, &s);
	if (ret != L4_OK || s.a3 != L4_TAG(0, 1, 0) || L4_TAG_T(s.a4) != items) {
		if (kmem_quiet(c, q))
			violation(c, n, k, ret ? ret : s.a3, KV(4));   /* our own receiver must answer */
		return -1;
	}
	int rejected = (L4_TAG_FLAGS(s.a4) & L4_TAGF_MAPERR) != 0;
	if (rejected) {
		c->kmaperr++;
		if (!q->at_limit) {
			q->at_limit = true;
			q->frames = kinfo(L4_KI_FREE_FRAMES);
		}
	}
	if (was)
		kmem_after(c, q, n, k, rejected ? L4_ENOMEM : L4_OK, false, 5, f0, m0);
	q->full = rejected;
	return rejected;
}

static void kmem_seq(struct rng *r, struct fuzz_ctx *c, l4_word n, int k)
{
	struct kseq q = { 0 };
	/* The requests are traps: out of vCPU mode (a trap would be an upcall).
	 * And no timer of ours: a period of nanoseconds keeps a timer event due,
	 * and our calls that need frames then restart at their first
	 * preemption point for ever (only we suffer; the root restarts us). */
	sys(L4_SYS_VCPU_CTRL, 0, 0, 0, 0, 0);
	c->vcpu_slot = 0;
	sys(L4_SYS_TIMER, 0, 0, 0, 0, 0);
	l4_word flags = k == K_KMEM_T ? 0 : k == K_KMEM_SPACE ? KQ_NEW : KQ_NEW | KQ_RECEIVER;
	struct sc t = { k, flags, 0, 0, 0, 0, 0, 0, 0 };
	trace(c, n, k, &t);
	if (!kmem_req(c, n, KQ_BEGIN, flags, 0))
		return;                               /* not answered: we were restarted, or the root refused */
	if (c->kq_status != L4_OK) {
		c->kseq[3]++;                         /* no room for X: the account is full already */
		kmem_req(c, n, KQ_RELEASE, 0, 0);
		return;
	}
	c->kseq[k - K_KMEM_T]++;
	q.sid = c->kq_sid;
	q.tid = c->kq_tid;
	q.gen = c->cfg.gen;
	q.seq = c->root_seq;
	l4_word mode = below(r, 8);               /* 0-3 scattered pages, 4-5 runs, 6-7 both */
	for (int i = 0; i < FZ_KMEM_STEPS && !q.at_limit; i++) {
		if (k == K_KMEM_IPC && (mode < 6 || one_in(r, 2))) {
			if (kmem_ipc(r, c, &q, n, k, 1 + below(r, 8), true) < 0)
				break;
		} else {
			bool many = mode == 4 || mode == 5 || ((mode == 6 || mode == 7) && one_in(r, 2));
			l4_word ret = kmem_map(r, c, &q, n, k, many);
			if (ret != L4_OK && ret != L4_ENOMEM)
				break;
		}
	}
	if (q.at_limit) {
		c->khits++;
		if (!kmem_quiet(c, &q))
			c->kunquiet++;
		/* A map that needs no memory works at the limit: FZ_KRUN again
		 * where it is (new rights only); and an unmap's node is taken again. */
		if (q.first) {
			l4_word f0 = kinfo(L4_KI_FREE_FRAMES), m0 = kinfo(L4_KI_MAPNODES);
			l4_word e = sys(L4_SYS_MAP_TO, q.sid, FZ_KRUN, q.first, 1, L4_R);
			if (e != L4_OK && kmem_quiet(c, &q))
				violation(c, n, k, e, KV(6));
			kmem_after(c, &q, n, k, e, true, 7, f0, m0);
			e = sys(L4_SYS_UNMAP_IN, q.sid, q.first, 1, 0, 0);
			if (e != L4_OK && kmem_quiet(c, &q))
				violation(c, n, k, e, KV(8));
			e = sys(L4_SYS_MAP_TO, q.sid, FZ_KRUN, q.first, 1, L4_R);
			if (e != L4_OK && kmem_quiet(c, &q))
				violation(c, n, k, e, KV(9));
			kmem_after(c, &q, n, k, e, true, 10, f0, m0);
		}
		/* Fresh pages until one fails again (a node may still fit): the
		 * failure is the last call, and the root then finds the account full. */
		for (int i = 0; i < 4; i++) {
			if (k == K_KMEM_IPC && q.tid) {
				if (kmem_ipc(r, c, &q, n, k, 1, false) != 0)
					break;
			} else if (kmem_map(r, c, &q, n, k, false) != L4_OK) {
				break;
			}
		}
	}
	kmem_req(c, n, KQ_RELEASE, q.full && kmem_quiet(c, &q) ? KQ_FULL : 0, c->root_seq);
}

/* --- one call ------------------------------------------------------------------------------ */
static l4_word pick_space(struct rng *r, struct fuzz_ctx *c)
{
	switch (below(r, 20)) {
	case 0 ... 8: return c->cfg.sids[SP_T];
	case 9 ... 12: return c->cfg.sids[SP_F];
	case 13 ... 14: return c->cfg.sids[SP_O];
	case 15: return c->cfg.sids[SP_ROOT];
	default: return pick_sid(r, c);
	}
}

static l4_word pick_rights(struct rng *r)
{
	return one_in(r, 3) ? L4_RWX : one_in(r, 8) ? rnd(r) : below(r, 16);
}

static struct l4_vcpu_state *vcpu_page(struct fuzz_ctx *c)
{
	l4_word s = c->vcpu_slot;
	return s >= L4_UTCB_AREA && s < L4_UTCB_AREA + L4_UTCB_AREA_SIZE && !(s & (PAGE - 1)) ?
	       (struct l4_vcpu_state *)s : 0;
}


static void one_call(struct fuzz_ctx *c, l4_word n)
{
	struct rng rr = { mix(c->cfg.seed ^ mix(n)) | 1 }, *r = &rr;
	struct l4_utcb *u = utcb_at(FZ_SLOT_FUZZER);
	l4_word self = c->cfg.tids[ID_SELF], ret = 0, want = ~0UL, arg = 0, *mr = u->mr;
	int k = pick_kind(r), cls = C_ANY;
	struct sc s = { 0 };
	l4_word t0 = fz_ticks();
	c->kind_count[k]++;
	c->cur_kind = (l4_word)k;
	c->cur_gen = c->cfg.gen;                  /* ids it judges by may go stale under it */
#define GO() do { trace(c, n, k, &s); ret = sc_do(&s); trace_ret(c, n, ret, &s); } while (0)
	switch (k) {
	case K_IPC: case K_IPC_ECHO: {
		l4_word to, from, tag = pick_tag(r);
		if (k == K_IPC_ECHO) {
			int o = one_in(r, 4);
			to = c->cfg.tids[o ? ID_OECHO : ID_VECHO];
			from = one_in(r, 8) ? L4_ANYTHREAD : to;
			if (!one_in(r, 4))
				tag = (tag & ~0xfffUL) | (below(r, 3) << 6) | below(r, 8);
			s.a2 = L4_TIMEOUTS(200, 300 + below(r, 300));
		} else {
			switch (below(r, 10)) {
			case 0: to = 0; break;
			case 1: to = self; break;
			default: to = pick_tid(r, c, &cls); break;
			}
			switch (below(r, 10)) {
			case 0: case 1: case 2: from = to; break;
			case 3: case 4: from = L4_ANYTHREAD; break;
			case 5: from = L4_NOTIFYONLY; break;
			case 6: case 7: from = 0; break;
			default: { int dummy; from = pick_tid(r, c, &dummy); } break;
			}
			s.a2 = L4_TIMEOUTS(pick_us(r), pick_us(r));
		}
		fill_msg(r, c, mr, tag);
		if (one_in(r, 2))
			u->rcv_window = pick_window(r, c);
		if (one_in(r, 8))
			utcb_at(FZ_SLOT_VECHO)->rcv_window = pick_window(r, c);
		s.nr = L4_SYS_IPC; s.a0 = to; s.a1 = from; s.a3 = tag;
		s.a4 = mr[0]; s.a5 = mr[1]; s.a6 = mr[2]; s.a7 = mr[3];
		GO();
		if (k == K_IPC_ECHO)
			c->echo_ret[(ret & 0xff) < 15 ? (ret & 0xff) + (ret >> 8 ? 8 : 0) : 15]++;
		if (k == K_IPC_ECHO && ret == L4_ETIMEOUT && to == c->cfg.tids[ID_VECHO])
			victim_restart(c, ID_VECHO);          /* we broke it earlier: it is our own */
		if (cls == C_ROOT)
			want = L4_EPERM;                /* no send right into the root space */
		else if (cls == C_STALE)
			want = L4_ENOTHREAD;
		if (want != ~0UL && L4_TAG_U(tag) + 2 * L4_TAG_T(tag) > L4_MR_COUNT)
			want = L4_EINVAL;
		arg = to;
		break;
	}
	case K_NOTIFY:
		s.nr = L4_SYS_NOTIFY;
		s.a0 = pick_tid(r, c, &cls);
		s.a1 = one_in(r, 2) ? 1UL << below(r, 64) : one_in(r, 8) ? 0 : rnd(r);
		GO();
		want = cls == C_ROOT ? L4_EPERM : cls == C_STALE ? L4_ENOTHREAD : (cls == C_OWN || cls == C_O) ? L4_OK : ~0UL;
		arg = s.a0;
		break;
	case K_EXREGS: {
		int which = (int)below(r, 16);
		l4_word tid, flags = one_in(r, 16) ? rnd(r) : below(r, 0x400), sp = 0, ip;
		if (which < 3) {
			tid = self;
			cls = C_OWN;
			if (!one_in(r, 8))
				flags &= ~(l4_word)(L4_EX_IP | L4_EX_SP | L4_EX_STOP | L4_EX_FLAGS | L4_EX_PAGER | L4_EX_EXH);
			else if (!one_in(r, 4))
				flags &= ~(l4_word)L4_EX_STOP;   /* the root has to resume us: 10 ms */
			ip = one_in(r, 2) ? (l4_word)fz_fuzzer_entry : pick_bad_ip(r);   /* a restart, or a fault */
			sp = FZ_STACK_TOP;
		} else if (which < 11) {
			int v = which < 8 ? ID_VECHO : ID_VSPIN;
			tid = c->cfg.tids[v];
			cls = C_OWN;
			ip = ip_for_victim(r, v, &sp);
			if (!one_in(r, 3))
				flags |= L4_EX_RESUME;
		} else {
			/* Never our code at a random place in a thread of F: it would run
			 * our loop beside us (other spaces' threads get EPERM anyway). */
			tid = pick_tid(r, c, &cls);
			if (tid == self) {
				ip = (l4_word)fz_fuzzer_entry;
				sp = FZ_STACK_TOP;
			} else if (tid == c->cfg.tids[ID_VECHO] || tid == c->cfg.tids[ID_VSPIN]) {
				ip = ip_for_victim(r, tid == c->cfg.tids[ID_VECHO] ? ID_VECHO : ID_VSPIN, &sp);
			} else {
				ip = one_in(r, 2) ? pick_bad_ip(r) : pick_src(r, c);
				sp = pick_sp(r);
			}
		}
		if (tid == self && (flags & (L4_EX_IP | L4_EX_SP)))
			flags |= L4_EX_IP | L4_EX_SP;         /* a new stack only with a new start */
		mr[0] = ip;
		mr[1] = sp;
		mr[2] = one_in(r, 2) ? FZ_FLAGS_USER : rnd(r);
		mr[3] = one_in(r, 2) ? 0 : pick_src(r, c);
		mr[4] = one_in(r, 2) ? FZ_SLOT(FZ_SLOT_FUZZER) : pick_src(r, c);
		mr[5] = pick_handler(r, c);
		mr[6] = rnd(r);
		mr[7] = pick_handler(r, c);
		s.nr = L4_SYS_EXREGS; s.a0 = tid; s.a1 = flags;
		GO();
		want = (cls == C_ROOT || cls == C_O) ? L4_EPERM : cls == C_STALE ? L4_ENOTHREAD : ~0UL;
		arg = tid;
		break;
	}
	case K_UNMAP:
		s.nr = L4_SYS_UNMAP;
		s.a0 = one_in(r, 4) ? pick_src(r, c) : pick_dst(r, c);    /* code too */
		s.a1 = pick_pages(r);
		s.a2 = one_in(r, 10) ? rnd(r) : below(r, 16);
		GO();
		break;
	case K_MAP_TO: case K_UNMAP_IN: {
		l4_word sp = pick_space(r, c);
		s.nr = k == K_MAP_TO ? L4_SYS_MAP_TO : L4_SYS_UNMAP_IN;
		s.a0 = sp;
		if (k == K_MAP_TO) {
			s.a1 = pick_src(r, c);
			s.a2 = pick_dst(r, c);
			s.a3 = pick_pages(r);
			s.a4 = pick_rights(r);
		} else {
			s.a1 = pick_dst(r, c);
			s.a2 = pick_pages(r);
		}
		GO();
		if (sp && (sp == c->cfg.sids[SP_O] || sp == c->cfg.sids[SP_ROOT]))
			want = L4_EPERM;
		else if (sp && sp == c->cfg.sids[SP_STALE])
			want = L4_ENOSPACE;
		arg = sp;
		break;
	}
	case K_FPU: {
		switch (below(r, 20)) {
		case 0 ... 5: s.a0 = self; cls = C_OWN; break;
		case 6 ... 10: s.a0 = c->cfg.tids[ID_VSPIN]; cls = C_OWN; break;
		case 11 ... 12: s.a0 = c->cfg.tids[ID_VECHO]; cls = C_OWN; break;
		default: s.a0 = pick_tid(r, c, &cls); break;
		}
		l4_word op = below(r, 20);
		s.a1 = op < 8 ? L4_FPU_READ : op < 17 ? L4_FPU_WRITE : op < 19 ? below(r, 8) : rnd(r);
		s.nr = L4_SYS_FPU;
		trace(c, n, k, &s);
		if (s.a1 == L4_FPU_WRITE)
			fill_xfer(r, u->xfer, 1024);
		ret = sc_do(&s);
		want = (cls == C_ROOT || cls == C_O) ? L4_EPERM : cls == C_STALE ? L4_ENOTHREAD : ~0UL;
		arg = s.a0;
		break;
	}
	case K_TIMER: {
		l4_word now = c->last_clock;
		struct sc t = { L4_SYS_CLOCK, 0, 0, 0, 0, 0, 0, 0, 0 };
		if (sc_do(&t) == L4_OK)
			now = t.a2;
		switch (below(r, 10)) {
		case 0: case 1: s.a0 = 0; break;
		case 2: case 3: case 4: s.a0 = now + below(r, 2000000); break;
		case 5: s.a0 = now - below(r, 1000000000); break;
		case 6: s.a0 = rnd(r); break;
		case 7: s.a0 = ~0UL; break;
		default: s.a0 = now + 1000000 * below(r, 100); break;
		}
		switch (below(r, 20)) {
		case 0 ... 9: s.a1 = 0; break;
		case 10 ... 11: s.a1 = 1000000; break;
		case 12 ... 13: s.a1 = 100000 + below(r, 1000000); break;
		case 14: s.a1 = 1 + below(r, 20000); break;
		case 15: s.a1 = ~0UL - below(r, 1000); break;
		case 16: s.a1 = 1UL << (40 + below(r, 24)); break;
		default: s.a1 = rnd(r); break;
		}
		s.a2 = one_in(r, 10) ? rnd(r) : below(r, 64);
		s.nr = L4_SYS_TIMER;
		GO();
		want = s.a2 < 64 ? L4_OK : L4_EINVAL;
		arg = s.a1;
		break;
	}
	case K_CLOCK:
		s.nr = L4_SYS_CLOCK;
		GO();
		if (ret == L4_OK && s.a2 < c->last_clock)
			violation(c, n, k, s.a2, c->last_clock);
		c->last_clock = s.a2;
		want = L4_OK;
		break;
	case K_YIELD:
		s.nr = L4_SYS_YIELD;
		GO();
		want = L4_OK;
		break;
	case K_KINFO:
		s.nr = L4_SYS_KINFO;
		s.a0 = one_in(r, 10) ? rnd(r) : below(r, 16);
		GO();
		if (s.a0 == L4_KI_MYTID && (ret != L4_OK || s.a2 != self))
			violation(c, n, k, s.a2, self);
		if (s.a0 == L4_KI_MYSPACE && (ret != L4_OK || s.a2 != c->cfg.sids[SP_F]))
			violation(c, n, k, s.a2, c->cfg.sids[SP_F]);
		want = s.a0 >= 1 && s.a0 <= L4_KI_LAST ? L4_OK : L4_EINVAL;
		arg = s.a0;
		break;
	case K_KDEBUG:
		s.nr = L4_SYS_KDEBUG;
		switch (below(r, 8)) {
		case 0: case 1: s.a0 = 0; break;
		case 2: s.a0 = sizeof(u->xfer) + 1; break;
		case 3: s.a0 = ~0UL; break;
		case 4: s.a0 = 1UL << 63; break;
		case 5: if (one_in(r, 32)) { u->xfer[0] = '.'; s.a0 = 1; } else s.a0 = 0; break;
		default: s.a0 = rnd(r) | 0x10000; break;
		}
		GO();
		want = s.a0 <= sizeof(u->xfer) ? L4_OK : L4_EINVAL;
		arg = s.a0;
		break;
	case K_IRQ_ACK:
		s.nr = L4_SYS_IRQ_ACK;
		s.a0 = one_in(r, 8) ? rnd(r) : below(r, 20);
		GO();
		break;
	case K_VCPU_CTRL: {
		switch (below(r, 20)) {
		case 0 ... 4: s.a0 = 0; break;
		case 5 ... 13: s.a0 = FZ_SLOT(FZ_SLOT_VCPU0 + below(r, FZ_NVCPU_SLOTS)); break;
		case 14: s.a0 = FZ_SLOT(FZ_SLOT_FUZZER + below(r, 3)); break;
		case 15: s.a0 = FZ_SLOT(FZ_SLOT_VCPU0) + 8; break;
		case 16 ... 17: s.a0 = pick_dst(r, c); break;
		default: s.a0 = rnd(r); break;
		}
		s.a1 = (l4_word)fz_upcall_entry;
		s.a2 = FZ_UPCALL_TOP;
		s.a3 = one_in(r, 8) ? rnd(r) : below(r, 2);
		if (one_in(r, 12)) {                  /* an entry that cannot work */
			if (one_in(r, 2))
				s.a1 = pick_bad_ip(r);
			else
				s.a2 = pick_sp(r);
			if (!one_in(r, 4))
				s.a3 = 0;             /* (own page faults there would loop) */
		}
		s.nr = L4_SYS_VCPU_CTRL;
		GO();
		if (ret == L4_OK)
			c->vcpu_slot = s.a0;
		arg = s.a0;
		break;
	}
	case K_VCPU_RESUME: {
		struct l4_vcpu_state *v = vcpu_page(c);
		l4_word task;
		switch (below(r, 20)) {
		case 0 ... 11: task = c->cfg.sids[SP_T]; break;
		case 12 ... 13: task = 0; break;
		default: task = pick_sid(r, c); break;
		}
		if (v && task == 0) {                /* sigreturn: back into our loop, on a fresh stack */
			for (int i = 0; i < L4_FR_WORDS; i++)
				v->regs[i] = one_in(r, 16) ? rnd(r) : 0;
			/* (a non-canonical RIP is ignored: we would go on after the call
			 * with these registers, in code that trusts them) */
			v->regs[FZ_FR_IP] = one_in(r, 8) ? FZ_NOWHERE + below(r, 1UL << 30) : (l4_word)fz_fuzzer_entry;
			v->regs[FZ_FR_SP] = FZ_STACK_TOP;
			v->regs[FZ_FR_FLAGS] = one_in(r, 8) ? rnd(r) : FZ_FLAGS_USER;
		} else if (v) {
			for (int i = 0; i < L4_FR_WORDS; i++)
				v->regs[i] = one_in(r, 2) ? rnd(r) : pick_src(r, c);
			switch (below(r, 8)) {
			case 0 ... 4: v->regs[FZ_FR_IP] = (l4_word)fz_task_entries[below(r, FZ_NTASK_ENTRIES)]; break;
			case 5: v->regs[FZ_FR_IP] = pick_src(r, c); break;
			default: v->regs[FZ_FR_IP] = rnd(r); break;
			}
			v->regs[FZ_FR_SP] = one_in(r, 2) ? FZ_TASK_STACK + PAGE : pick_dst(r, c);
			v->regs[FZ_FR_FLAGS] = one_in(r, 2) ? FZ_FLAGS_USER : rnd(r);
			v->regs[FZ_FR_ARG(0)] = one_in(r, 2) ? FZ_TASK_STACK : pick_dst(r, c);
			if (one_in(r, 4))
				fill_xfer(r, v->fpu, 1024);
			v->irq_enabled = below(r, 2);
			if (!one_in(r, 4)) {              /* an event ends a task that loops */
				struct sc t = { L4_SYS_CLOCK, 0, 0, 0, 0, 0, 0, 0, 0 };
				sc_do(&t);
				sys(L4_SYS_TIMER, t.a2 + 2000000, 0, 62, 0, 0);
			}
			if (one_in(r, 2))
				sys(L4_SYS_MAP_TO, c->cfg.sids[SP_T], (l4_word)fz_task_code, (l4_word)fz_task_code, 1,
				    L4_R | L4_X);
			if (one_in(r, 4))
				sys(L4_SYS_MAP_TO, c->cfg.sids[SP_T], FZ_SCRATCH + below(r, FZ_NSCRATCH) * PAGE,
				    FZ_TASK_STACK, 1, L4_R | L4_W);
		}
		s.nr = L4_SYS_VCPU_RESUME;
		s.a0 = task;
		GO();
		if (v && task == c->cfg.sids[SP_T]) {
			c->task_runs++;
			c->task_exits[ret < 5 ? ret : 0]++;
		}
		if (!v)
			want = L4_EINVAL;
		arg = task;
		break;
	}
	case K_VCPU_WAIT:
		s.nr = L4_SYS_VCPU_WAIT;
		s.a0 = one_in(r, 256) ? L4_TIMEOUT_NEVER : one_in(r, 2) ? 0 : below(r, 200);
		GO();
		if (!vcpu_page(c))
			want = L4_EINVAL;
		break;
	case K_VCPU_STATE: {
		/* Scribble over the state page the kernel shares with us, then enter the kernel. */
		struct l4_vcpu_state *v = vcpu_page(c);
		if (v) {
			switch (below(r, 6)) {
			case 0: v->entry_ip = pick_bad_ip(r); break;
			case 1: v->entry_sp = one_in(r, 2) ? rnd(r) : edge_addrs[below(r, NEDGE)]; break;
			case 2: v->pending = rnd(r); break;
			case 3: v->irq_enabled = rnd(r); break;
			case 4: v->exit_reason = rnd(r); v->trapno = rnd(r); break;
			default: v->regs[below(r, L4_FR_WORDS)] = rnd(r); break;   /* read by a sigreturn only */
			}
			if (one_in(r, 2)) {
				v->pending |= 1;
				v->irq_enabled = 1;
			}
		}
		s.nr = L4_SYS_KINFO;
		s.a0 = L4_KI_MYTID;
		if (one_in(r, 2)) {
			GO();
		} else {                              /* an upcall must not inherit DF (NZCV) */
			trace(c, n, k, &s);
			ret = fz_flags_kinfo();
		}
		break;
	}
	case K_PRIV: {
		static const unsigned char priv[] = { L4_SYS_THREAD_CREATE, L4_SYS_THREAD_DESTROY,
			L4_SYS_SPACE_CREATE, L4_SYS_SPACE_DESTROY, L4_SYS_SPACE_CTRL, L4_SYS_MAP_PHYS,
			L4_SYS_IRQ_BIND, L4_SYS_SCHEDULE, L4_SYS_SHUTDOWN };
		s.nr = priv[below(r, sizeof(priv))];
		s.a0 = one_in(r, 2) ? pick_sid(r, c) : pick_tid(r, c, &cls);
		s.a1 = one_in(r, 2) ? below(r, 300) : rnd(r);
		s.a2 = one_in(r, 2) ? pick_src(r, c) : pick_tid(r, c, &cls);
		s.a3 = one_in(r, 2) ? pick_pages(r) : rnd(r);
		s.a4 = one_in(r, 2) ? FZ_SLOT(30 + below(r, 4)) : rnd(r);
		GO();
		want = L4_EPERM;
		arg = s.nr;
		break;
	}
	case K_BADNR: {
		static const l4_word bad[] = { 0, L4_SYS_NR, L4_SYS_NR + 1, 31, 63, 64, 255, 0x100, 0x101,
					       0xffffffff, 0x100000001UL, ~0UL, 1UL << 63 };
		s.nr = one_in(r, 4) ? (rnd(r) | 0x1000) : bad[below(r, sizeof(bad) / sizeof(bad[0]))];
		s.a0 = rnd(r); s.a1 = rnd(r); s.a2 = rnd(r); s.a3 = rnd(r); s.a4 = rnd(r);
		GO();
		want = L4_ENOSYS;
		arg = s.nr;
		break;
	}
	case K_RAW: {
		s.nr = below(r, L4_SYS_NR);
		l4_word *a = &s.a0;
		for (int i = 0; i < 8; i++)
			a[i] = below(r, 4) == 0 ? rnd(r) : below(r, 3) == 0 ? pick_src(r, c) :
			       below(r, 2) ? pick_tid(r, c, &(int){ 0 }) : below(r, 4096);
		if (s.nr == L4_SYS_IPC && !one_in(r, 16))
			s.a2 &= 0x00ff00ff00ff00ffUL;         /* keep most timeouts short */
		if (s.nr == L4_SYS_SHUTDOWN)
			want = L4_EPERM;
		if (s.nr == L4_SYS_KDEBUG && s.a0 <= sizeof(u->xfer))
			s.a0 = 0;                             /* no garbage on the console */
		if (s.nr == L4_SYS_EXREGS)
			s.a1 &= ~(l4_word)(L4_EX_IP | L4_EX_SP);  /* we do not run at random places */
		if (s.nr == L4_SYS_VCPU_RESUME && !s.a0)
			s.a0 = c->cfg.sids[SP_T];
		l4_word a0 = s.a0;
		GO();
		if (s.nr == L4_SYS_VCPU_CTRL && ret == L4_OK)
			c->vcpu_slot = a0;                    /* we follow our vCPU mode */
		arg = s.nr;
		break;
	}
	case K_HOSTILE:
		hostile(r, c, n, k);
		return;
	case K_KMEM_T: case K_KMEM_SPACE: case K_KMEM_IPC:
		kmem_seq(r, c, n, k);
		c->kind_tsc[k] += fz_ticks() - t0;
		return;
	default: {                                /* K_SCRIBBLE: victims' UTCBs (own space) */
		struct l4_utcb *v = utcb_at(one_in(r, 2) ? FZ_SLOT_VECHO : FZ_SLOT_VSPIN);
		l4_word *w = (l4_word *)v;
		for (int i = (int)below(r, 6); i >= 0; i--)
			w[below(r, 8 + L4_MR_COUNT)] = one_in(r, 2) ? rnd(r) : pick_src(r, c);
		if (one_in(r, 4)) {
			u->tid = rnd(r);            /* our own: the kernel never reads these */
			u->self = rnd(r);
		}
		return;
	}
	}
#undef GO
	c->kind_tsc[k] += fz_ticks() - t0;
	c->ret_count[(ret & 0xff) < 15 ? (ret & 0xff) : 15]++;
	if (want != ~0UL && ret != want)
		violation(c, n, k, ret, arg);
	else if (!plausible(ret))
		violation(c, n, k, ret, arg);
}

/* --- the fuzzer's loop, its vCPU upcall, and the victims --------------------------------- */
_Static_assert(FZ_STACK_TOP == 0x10008000UL, "fz_fuzzer_entry hard-codes the stack top");

void fz_fuzzer_main(void)
{
	struct fuzz_ctx *c = CTX;
	while (c->cfg_sum != fz_cfg_sum(&c->cfg)) {   /* stop: the root restarts us with it rewritten */
		struct sc s = { L4_SYS_KINFO, L4_KI_MYTID, 0, 0, 0, 0, 0, 0, 0 };
		sc_do(&s);
		sys(L4_SYS_EXREGS, s.a2, L4_EX_STOP, 0, 0, 0);
	}
	c->entries++;
	sys(L4_SYS_VCPU_CTRL, 0, 0, 0, 0, 0);      /* a restart leaves vCPU mode */
	c->vcpu_slot = 0;
	for (;;) {
		l4_word n = c->next;
		if (n >= c->cfg.end) {
			c->finished = 1;
			for (;;) {
				struct sc s = { 0 };
				ipc(&s, 0, c->cfg.tids[ID_SELF], L4_NEVER, 0);
			}
		}
		c->next = n + 1;
		one_call(c, n);
	}
}

void fz_upcall(struct l4_vcpu_state *v, l4_word flags)
{
	if (flags & FZ_UPCALL_BAD_FLAGS) {        /* x86_64 TF or DF: the handler would misbehave */
		violation(CTX, CTX->next - 1, K_VCPU_STATE, flags, FZ_UPCALL_FLAGS_ARG);
		fz_restart();                          /* (out of vCPU mode now) */
	}
	if (v->exit_reason == L4_VCPU_EXIT_EVENT) {
		v->pending = 0;
		CTX->upcalls++;
		return;                               /* the stub resumes the interrupted code */
	}
	sys(L4_SYS_VCPU_CTRL, 0, 0, 0, 0, 0);      /* an exception: leave vCPU mode, restart */
	CTX->upcalls++;
	CTX->vcpu_slot = 0;
	fz_restart();
}

/* Victim in F: reflects every message (map items included) back to its sender. */
void fz_vecho(void)
{
	struct l4_utcb *u = utcb_at(FZ_SLOT_VECHO);
	for (;;) {
		struct sc s = { 0 };
		u->rcv_window = L4_WINDOW(FZ_PLAY + 256 * PAGE, 8);
		l4_word e = ipc(&s, 0, L4_ANYTHREAD, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER), 0);
		((struct fuzz_vstats *)FZ_VSTATS)->vecho_msgs++;
		l4_word from = s.a1, tag = s.a3;
		if (e || !from || kernel_label(tag))
			continue;                             /* notifications, kernel messages */
		ipc(&s, from, 0, L4_TIMEOUTS(0, 0), tag & ~(0xfUL << 12));
	}
}

l4_word fz_checksum(const volatile l4_word *p, l4_word nwords)
{
	l4_word sum = 0;
	for (l4_word i = 0; i < nwords; i++)
		sum = (sum ^ p[i]) * 0x100000001b3UL + i;
	return sum;
}

/* The receiver in the task space X (F's kmem_ipc sequences): takes map items
 * anywhere below the UTCBs and answers with the tag it got, the kernel's
 * map-error flag in it. It runs in X only: code and a stack page, no more. */
void fz_xrecv(void)
{
	struct l4_utcb *u = utcb_at(X_SLOT_RECV);
	for (;;) {
		struct sc s = { 0 };
		u->rcv_window = L4_WINDOW(0, 36);
		l4_word e = ipc(&s, 0, L4_ANYTHREAD, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER), 0);
		l4_word from = s.a1, tag = s.a3;
		if (e || !from || kernel_label(tag))
			continue;
		s.a4 = tag;
		ipc(&s, from, 0, L4_TIMEOUTS(0, 0), L4_TAG(0, 1, 0));
	}
}

/* Victim in O: answers calls (allowed from F) without map items. */
void fz_oecho(void)
{
	struct l4_utcb *u = utcb_at(O_SLOT_ECHO);
	struct o_status *st = (struct o_status *)O_STATUS;
	for (;;) {
		struct sc s = { 0 };
		u->rcv_window = L4_WINDOW(O_WIN, O_WIN_ORDER);
		l4_word e = ipc(&s, 0, L4_ANYTHREAD, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER), 0);
		l4_word from = s.a1, tag = s.a3;
		if (e || !from || kernel_label(tag))
			continue;
		st->echoes++;
		s.a4++;
		ipc(&s, from, 0, L4_TIMEOUTS(0, 0), L4_TAG(0, 1, 0));
	}
}

/* Victim in O: checksums its data through its own page tables, forever. */
void fz_owork(void)
{
	struct o_status *st = (struct o_status *)O_STATUS;
	for (;;) {
		st->sum = fz_checksum((const l4_word *)O_BASE, O_DATA_PAGES * PAGE / 8);
		st->passes++;
		st->beat++;
	}
}
