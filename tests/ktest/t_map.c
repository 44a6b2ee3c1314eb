/* Mapping: map_phys, map items, transitive and partial revocation, mapping-node
 * counts; page faults as IPC to the pager. */
#include "ktest.h"

/* --- helpers of this file ---------------------------------------------------
 * Threads run on a small pool of stacks reused by every test of this file, at
 * fixed UTCB slots: thread_new() takes a fresh heap stack each time, and a heap
 * that grows past a page-table boundary costs the root kernel frames for good.
 * Scratch pages are root virtual addresses whose page tables exist already; a
 * test maps physical pages taken from the top of the root's memory there. */
extern char thread_tramp[], _end[];
#define POOL_STACKS   4
#define STACK_PAGES   2
#define SCRATCH_PAGES 8
#define ROOT_SLOT   500          /* root UTCB slots 500-503 (env counts up from 1) */
#define CHILD_SLOT  300
#define FRESH_BASE    0          /* top-of-memory pages 0-63 belong to this file */
static char *pool;

static char *pool_base(void)
{
	if (!pool)
		pool = page_alloc(POOL_STACKS * STACK_PAGES + SCRATCH_PAGES);
	return pool;
}

static l4_word *scratch(void)
{
	return (l4_word *)(pool_base() + POOL_STACKS * STACK_PAGES * 4096UL);
}

static l4_word fresh_pa(unsigned i)
{
	l4_word top = (bootinfo->mem[0].start + bootinfo->mem[0].size) & ~0xfffUL;
	return top - (FRESH_BASE + i + 1) * 4096UL;
}

/* Start fn(arg) in space on pool stack k. */
static l4_word spawn_h(l4_word space, unsigned k, unsigned prio, void (*fn)(l4_word), l4_word arg,
		       l4_word pager, l4_word exh)
{
	char *p = pool_base();
	l4_word tid = 0, slot = (space == root_space ? ROOT_SLOT : CHILD_SLOT) + k;
	if (!p || k >= POOL_STACKS ||
	    l4_thread_create(space, prio, pager, exh, L4_UTCB_AREA + slot * 4096UL, &tid) != L4_OK)
		return 0;
	l4_word *sp = (l4_word *)(p + (k + 1) * STACK_PAGES * 4096UL - 64);
	sp[0] = (l4_word)fn;
	sp[1] = arg;
	l4_start(tid, (l4_word)thread_tramp, (l4_word)sp);
	return tid;
}

static l4_word spawn(l4_word space, unsigned k, unsigned prio, void (*fn)(l4_word), l4_word arg)
{
	return spawn_h(space, k, prio, fn, arg, pager_tid, exh_tid);
}

/* What the default pager does for root memory (code, data, heap); 0 otherwise. */
static int lend(struct l4_msg *m)
{
	l4_word a = m->mr[0] & ~0xfffUL;
	if (!((a >= 0x400000 && a < (l4_word)_end) || (a >= 0x20000000 && a < 0x30000000)))
		return 0;
	m->tag = L4_TAG(0, 0, 1);
	m->mr[0] = L4_MAPITEM0(a, 0, L4_RWX);
	m->mr[1] = a;
	return 1;
}

static void child_wait(volatile int *go)
{
	for (int i = 0; i < 3000 && !*go; i++)
		sleep_us(1000);
}

/* Polls until tid is stopped (halted, or stopped itself); its exregs state then. */
static l4_word wait_stopped(l4_word tid, l4_word ms)
{
	struct l4_exregs r = { 0 };
	for (l4_word i = 0; i < ms; i++) {
		if (l4_exregs(tid, 0, &r) != L4_OK || r.state == L4_TS_STOPPED)
			break;
		sleep_us(1000);
	}
	return r.state;
}

#define nodes() l4_kinfo(L4_KI_MAPNODES)

/* --- map_phys into a child --------------------------------------------------- */
#define MC_CVA 0x50000000UL      /* child addresses: not root memory, never lent */
#define MC_PAT 0x5eed0000cafe1234UL
static volatile struct { l4_word seen; int done; } mc;

static void mc_child(l4_word va)
{
	volatile l4_word *p = (volatile l4_word *)va;
	mc.seen = p[0];
	p[1] = ~p[0];
	mc.done = 1;
}

KTEST(map_phys_child_reads, "fresh memory mapped into a child with map_phys is read and written by a child thread")
{
	l4_word *rv = scratch(), pa = fresh_pa(0);
	mc.seen = 0;
	mc.done = 0;
	l4_word e_root = l4_map_phys(root_space, (l4_word)rv, pa, 1, L4_R | L4_W);
	if (e_root == L4_OK) {
		rv[0] = MC_PAT;
		rv[1] = 0;
	}
	l4_word s = space_new();
	l4_word e_child = l4_map_phys(s, MC_CVA, pa, 1, L4_R | L4_W);
	l4_word t = spawn(s, 0, 50, mc_child, MC_CVA);
	bool done = wait_for(&mc.done, 1, 1000);
	l4_word back = e_root == L4_OK ? rv[1] : 0;
	l4_space_destroy(s);
	l4_unmap((l4_word)rv, 1, L4_RWX | L4_UNMAP_SELF);
	CHECK_EQ(e_root, L4_OK);
	CHECK(s != 0 && t != 0);
	CHECK_EQ(e_child, L4_OK);
	CHECK(done);
	CHECK_EQ(mc.seen, MC_PAT);
	CHECK_EQ(back, ~MC_PAT);
}

/* --- transitive revocation: root -> A -> B ------------------------------------ */
#define TR_AVA 0x50100000UL
#define TR_BVA 0x50200000UL
#define TR_PAT 0x7a7a5151c0c0UL
static volatile struct {
	l4_word a_tid, b_tid, a_err, b_err, a_tag, b_tag, a_send, a_val, b_val;
	int a_stage, b_stage, go, fa, fb;
	l4_word fa_addr, fa_acc, fb_addr, fb_acc;
} tr;

static int tr_hook(struct l4_msg *m, l4_word *mr)
{
	(void)mr;
	l4_word a = m->mr[0] & ~0xfffUL;
	if (a == TR_AVA && m->from == tr.a_tid) {
		tr.fa_addr = m->mr[0];
		tr.fa_acc = m->mr[1];
		tr.fa++;
		return 0;
	}
	if (a == TR_BVA && m->from == tr.b_tid) {
		tr.fb_addr = m->mr[0];
		tr.fb_acc = m->mr[1];
		tr.fb++;
		return 0;
	}
	return lend(m);
}

static void tr_a(l4_word unused)
{
	(void)unused;
	struct l4_msg m = { 0 };
	l4_utcb()->rcv_window = L4_WINDOW(TR_AVA, 0);
	tr.a_err = l4_receive(L4_ANYTHREAD, 2000000, &m);
	tr.a_tag = m.tag;
	tr.a_val = *(volatile l4_word *)TR_AVA;
	m.tag = L4_TAG(0, 0, 1);
	m.mr[0] = L4_MAPITEM0(TR_AVA, 0, L4_R | L4_W);
	m.mr[1] = TR_BVA;
	tr.a_send = l4_send(tr.b_tid, 2000000, &m);
	tr.a_stage = 1;
	child_wait(&tr.go);
	(void)*(volatile l4_word *)TR_AVA;      /* revoked: faults */
	tr.a_stage = 2;
}

static void tr_b(l4_word unused)
{
	(void)unused;
	struct l4_msg m = { 0 };
	l4_utcb()->rcv_window = L4_WINDOW(TR_BVA, 0);
	tr.b_err = l4_receive(L4_ANYTHREAD, 2000000, &m);
	tr.b_tag = m.tag;
	tr.b_val = *(volatile l4_word *)TR_BVA;
	tr.b_stage = 1;
	child_wait(&tr.go);
	(void)*(volatile l4_word *)TR_BVA;      /* revoked: faults */
	tr.b_stage = 2;
}

KTEST(unmap_transitive, "root maps a page to A, A on to B; root's unmap revokes both, B's next access faults")
{
	l4_word *rv = scratch(), pa = fresh_pa(1);
	memset((void *)&tr, 0, sizeof(tr));
	pager_hook = tr_hook;
	l4_word e_map = l4_map_phys(root_space, (l4_word)rv, pa, 1, L4_R | L4_W);
	if (e_map == L4_OK)
		rv[0] = TR_PAT;
	l4_word sa = space_new(), sb = space_new();
	l4_word e_allow = l4_space_ctrl(sa, L4_SC_ALLOW, sb);
	tr.b_tid = spawn(sb, 1, 50, tr_b, 0);
	tr.a_tid = spawn(sa, 0, 50, tr_a, 0);
	struct l4_msg m = { .tag = L4_TAG(0, 0, 1) };
	m.mr[0] = L4_MAPITEM0((l4_word)rv, 0, L4_R | L4_W);
	m.mr[1] = TR_AVA;
	l4_word e_send = tr.a_tid ? l4_send(tr.a_tid, 1000000, &m) : ~0UL;
	bool mapped = wait_for(&tr.a_stage, 1, 1000) && wait_for(&tr.b_stage, 1, 1000);
	l4_word n0 = nodes();
	l4_word e_unmap = l4_unmap((l4_word)rv, 1, L4_R | L4_W | L4_X);
	l4_word n1 = nodes();
	l4_word root_val = (e_map == L4_OK && n0 - n1 == 2) ? rv[0] : 0;
	tr.go = 1;
	bool faulted = wait_for(&tr.fb, 1, 1000) && wait_for(&tr.fa, 1, 1000);
	l4_space_destroy(sa);
	l4_space_destroy(sb);
	l4_unmap((l4_word)rv, 1, L4_RWX | L4_UNMAP_SELF);
	CHECK_EQ(e_map, L4_OK);
	CHECK_EQ(e_allow, L4_OK);
	CHECK(tr.a_tid && tr.b_tid);
	CHECK_EQ(e_send, L4_OK);
	CHECK_EQ(tr.a_err, L4_OK);
	CHECK_EQ(L4_TAG_FLAGS(tr.a_tag), 0);
	CHECK_EQ(tr.a_send, L4_OK);
	CHECK_EQ(tr.b_err, L4_OK);
	CHECK_EQ(L4_TAG_FLAGS(tr.b_tag), 0);
	CHECK(mapped);
	CHECK_EQ(tr.a_val, TR_PAT);
	CHECK_EQ(tr.b_val, TR_PAT);
	CHECK_EQ(e_unmap, L4_OK);
	CHECK_EQ(n0 - n1, 2);                    /* A's and B's mapping, not the root's */
	CHECK_EQ(root_val, TR_PAT);
	CHECK(faulted);
	CHECK_EQ(tr.fb_addr, TR_BVA);
	CHECK_EQ(tr.fb_acc & (L4_PF_PRESENT | L4_PF_WRITE), 0);
	CHECK_EQ(tr.fa_addr, TR_AVA);
	CHECK_EQ(tr.a_stage, 1);
	CHECK_EQ(tr.b_stage, 1);
}

/* --- revoking write only -------------------------------------------------------- */
#define RW_CVA 0x50300000UL
static volatile struct {
	int stage, go, faults;
	l4_word src, rd, f_addr, f_acc;
} rw;

static int rw_hook(struct l4_msg *m, l4_word *mr)
{
	(void)mr;
	if ((m->mr[0] & ~0xfffUL) != RW_CVA)
		return lend(m);
	if (rw.faults++ == 0) {         /* first touch: the root's page, read-write */
		m->tag = L4_TAG(0, 0, 1);
		m->mr[0] = L4_MAPITEM0(rw.src, 0, L4_R | L4_W);
		m->mr[1] = RW_CVA;
		return 1;
	}
	rw.f_addr = m->mr[0];
	rw.f_acc = m->mr[1];
	return 0;
}

static void rw_child(l4_word unused)
{
	(void)unused;
	volatile l4_word *p = (volatile l4_word *)RW_CVA;
	p[1] = 0x77;
	rw.stage = 1;
	child_wait(&rw.go);
	rw.rd = p[0];
	rw.stage = 2;
	p[2] = 0x88;                    /* write right revoked: faults */
	rw.stage = 3;
}

KTEST(unmap_write_only, "revoking only L4_W makes a child's write fault (present|write) while reads still work")
{
	l4_word *rv = scratch(), pa = fresh_pa(2);
	memset((void *)&rw, 0, sizeof(rw));
	l4_word e_map = l4_map_phys(root_space, (l4_word)rv, pa, 1, L4_R | L4_W);
	if (e_map == L4_OK)
		rv[0] = rv[1] = rv[2] = 0;
	rw.src = (l4_word)rv;
	pager_hook = rw_hook;
	l4_word s = space_new();
	l4_word t = spawn(s, 0, 50, rw_child, 0);
	bool st1 = wait_for(&rw.stage, 1, 1000);
	l4_word w1 = e_map == L4_OK ? rv[1] : 0;
	if (e_map == L4_OK)
		rv[0] = 0xabcdef;               /* the root writes before revoking */
	l4_word e_unmap = l4_unmap((l4_word)rv, 1, L4_W);
	rw.go = 1;
	bool st2 = wait_for(&rw.stage, 2, 1000) && wait_for(&rw.faults, 2, 1000);
	sleep_us(2000);
	l4_word w2 = e_map == L4_OK ? rv[2] : 1;
	l4_space_destroy(s);
	l4_unmap((l4_word)rv, 1, L4_RWX | L4_UNMAP_SELF);
	CHECK_EQ(e_map, L4_OK);
	CHECK(s && t);
	CHECK(st1);
	CHECK_EQ(w1, 0x77);
	CHECK_EQ(e_unmap, L4_OK);
	CHECK(st2);
	CHECK_EQ(rw.rd, 0xabcdef);
	CHECK_EQ(rw.f_addr, RW_CVA + 16);
	CHECK_EQ(rw.f_acc, L4_PF_PRESENT | L4_PF_WRITE);
	CHECK_EQ(rw.stage, 2);
	CHECK_EQ(w2, 0);
}

/* --- mapping-node accounting ------------------------------------------------- */
#define MN_CVA 0x50400000UL
static volatile struct { int stage, lends; l4_word err, tag, sum; } mn;

static int mn_hook(struct l4_msg *m, l4_word *mr)
{
	(void)mr;
	int r = lend(m);
	mn.lends += r;
	return r;
}

static void mn_child(l4_word unused)
{
	(void)unused;
	struct l4_msg m = { 0 };
	l4_utcb()->rcv_window = L4_WINDOW(MN_CVA, 2);
	mn.stage = 1;
	mn.err = l4_receive(L4_ANYTHREAD, 2000000, &m);
	mn.tag = m.tag;
	l4_word sum = 0;
	for (int i = 0; i < 4; i++)
		sum += *(volatile l4_word *)(MN_CVA + i * 4096UL);
	mn.sum = sum;
	mn.stage = 2;
	for (;;)
		sleep_us(100000);
}

KTEST(mapnodes_baseline, "map_phys and a 4-page map item add one node per page; unmap brings the count back")
{
	l4_word *rv = scratch();
	memset((void *)&mn, 0, sizeof(mn));
	pager_hook = mn_hook;
	l4_unmap((l4_word)rv, 4, L4_RWX | L4_UNMAP_SELF);   /* whatever was there before */
	l4_word n0 = nodes();
	l4_word e_map = l4_map_phys(root_space, (l4_word)rv, fresh_pa(8), 4, L4_R | L4_W);
	l4_word n1 = nodes();
	for (int i = 0; e_map == L4_OK && i < 4; i++)
		rv[i * 512] = i + 1;
	l4_word s = space_new();
	l4_word t = spawn(s, 0, 50, mn_child, 0);
	bool st1 = wait_for(&mn.stage, 1, 1000);
	l4_word na = nodes(), la = mn.lends;
	struct l4_msg m = { .tag = L4_TAG(0, 0, 1) };
	m.mr[0] = L4_MAPITEM0((l4_word)rv, 2, L4_R | L4_W);
	m.mr[1] = MN_CVA;
	l4_word e_send = l4_send(t, 1000000, &m);
	bool st2 = wait_for(&mn.stage, 2, 1000);
	l4_word nb = nodes(), lb = mn.lends;
	l4_word e_un = l4_unmap((l4_word)rv, 4, L4_RWX);
	l4_word nc = nodes();
	l4_word e_self = l4_unmap((l4_word)rv, 4, L4_RWX | L4_UNMAP_SELF);
	l4_word nd = nodes();
	l4_space_destroy(s);
	l4_word ne = nodes();
	CHECK_EQ(e_map, L4_OK);
	CHECK_EQ(n1, n0 + 4);
	CHECK(s && t && st1);
	CHECK_EQ(e_send, L4_OK);
	CHECK(st2);
	CHECK_EQ(mn.err, L4_OK);
	CHECK_EQ(L4_TAG_FLAGS(mn.tag), 0);
	CHECK_EQ(mn.sum, 1 + 2 + 3 + 4);
	CHECK_EQ(nb, na + 4 + (lb - la));        /* the child's four, plus pages lent meanwhile */
	CHECK_EQ(e_un, L4_OK);
	CHECK_EQ(nc, nb - 4);
	CHECK_EQ(e_self, L4_OK);
	CHECK_EQ(nd, nc - 4);
	CHECK_EQ(ne, n0);
}

/* --- L4_UNMAP_SELF -------------------------------------------------------------- */
static volatile struct {
	int stage, faults;
	l4_word va, val, f_addr, f_acc, f_tid;
} us;

static int us_hook(struct l4_msg *m, l4_word *mr)
{
	(void)mr;
	if ((m->mr[0] & ~0xfffUL) != us.va)
		return lend(m);
	us.f_addr = m->mr[0];
	us.f_acc = m->mr[1];
	us.f_tid = m->from;
	us.faults++;
	return 0;
}

static void us_reader(l4_word va)
{
	us.stage = 1;
	us.val = *(volatile l4_word *)va;
	us.stage = 2;
}

static void us_writer(l4_word va)
{
	us.val = *(volatile l4_word *)va;
	us.stage = 1;
	*(volatile l4_word *)(va + 8) = 5;
	us.stage = 2;
}

KTEST(unmap_self, "unmap without L4_UNMAP_SELF keeps the caller's mapping; with it the caller's own threads fault")
{
	l4_word *rv = scratch();
	memset((void *)&us, 0, sizeof(us));
	us.va = (l4_word)rv;
	pager_hook = us_hook;
	l4_word e1 = l4_map_phys(root_space, (l4_word)rv, fresh_pa(12), 1, L4_R | L4_W);
	if (e1 == L4_OK)
		rv[0] = 0x5e1f;
	l4_word n0 = nodes();
	l4_word e2 = l4_unmap((l4_word)rv, 1, L4_RWX);
	l4_word n1 = nodes();
	l4_word v = (e1 == L4_OK && n1 == n0) ? rv[0] : 0;
	l4_word e3 = l4_unmap((l4_word)rv, 1, L4_RWX | L4_UNMAP_SELF);
	l4_word n2 = nodes();
	/* A thread of the root space (it has a pager) shows the page is gone. */
	l4_word t = spawn(root_space, 0, 50, us_reader, (l4_word)rv);
	bool faulted = wait_for(&us.faults, 1, 1000);
	sleep_us(2000);
	l4_thread_destroy(t);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(e2, L4_OK);
	CHECK_EQ(n1, n0);
	CHECK_EQ(v, 0x5e1f);
	CHECK_EQ(e3, L4_OK);
	CHECK_EQ(n2, n0 - 1);
	CHECK(t != 0);
	CHECK(faulted);
	CHECK_EQ(us.f_addr, (l4_word)rv);
	CHECK_EQ(us.f_acc & L4_PF_PRESENT, 0);
	CHECK_EQ(us.f_tid, t);
	CHECK_EQ(us.stage, 1);
}

KTEST(unmap_self_write, "unmap of L4_W with L4_UNMAP_SELF makes the caller's own page read-only")
{
	l4_word *rv = scratch();
	memset((void *)&us, 0, sizeof(us));
	us.va = (l4_word)rv;
	pager_hook = us_hook;
	l4_word e1 = l4_map_phys(root_space, (l4_word)rv, fresh_pa(13), 1, L4_R | L4_W);
	if (e1 == L4_OK)
		rv[0] = 0x4ead;
	l4_word n0 = nodes();
	l4_word e2 = l4_unmap((l4_word)rv, 1, L4_W | L4_UNMAP_SELF);
	l4_word n1 = nodes();
	l4_word t = spawn(root_space, 0, 50, us_writer, (l4_word)rv);
	bool faulted = wait_for(&us.faults, 1, 1000);
	sleep_us(2000);
	l4_thread_destroy(t);
	l4_unmap((l4_word)rv, 1, L4_RWX | L4_UNMAP_SELF);
	CHECK_EQ(e1, L4_OK);
	CHECK_EQ(e2, L4_OK);
	CHECK_EQ(n1, n0);                        /* still mapped, read-only */
	CHECK(t != 0);
	CHECK(faulted);
	CHECK_EQ(us.val, 0x4ead);
	CHECK_EQ(us.f_addr, (l4_word)rv + 8);
	CHECK_EQ(us.f_acc, L4_PF_PRESENT | L4_PF_WRITE);
	CHECK_EQ(us.stage, 1);
}

/* --- map items and receive windows ---------------------------------------------- */
#define MW_CVA 0x50500000UL
static volatile struct {
	int stage;
	l4_word e[3], tag[3], mr0[3], val;
} mw;

static void mw_child(l4_word unused)
{
	(void)unused;
	struct l4_msg m = { 0 };
	for (int i = 0; i < 3; i++) {
		l4_utcb()->rcv_window = i == 0 ? 0 : L4_WINDOW(MW_CVA, 0);
		mw.stage = i + 1;
		mw.e[i] = l4_receive(L4_ANYTHREAD, 2000000, &m);
		mw.tag[i] = m.tag;
		mw.mr0[i] = m.mr[0];
	}
	mw.val = *(volatile l4_word *)MW_CVA;
	mw.stage = 4;
}

KTEST(map_item_window, "a map item with no receive window or outside it is flagged L4_TAGF_MAPERR; inside it maps")
{
	l4_word *rv = scratch();
	memset((void *)&mw, 0, sizeof(mw));
	l4_word e_map = l4_map_phys(root_space, (l4_word)rv, fresh_pa(14), 2, L4_R | L4_W);
	if (e_map == L4_OK)
		rv[0] = 0x3141;
	l4_word s = space_new();
	l4_word t = spawn(s, 0, 50, mw_child, 0);
	static const l4_word dest[3] = { MW_CVA, MW_CVA + 0x1000, MW_CVA };
	l4_word es[3];
	for (int i = 0; i < 3; i++) {
		struct l4_msg m = { .tag = L4_TAG(7, 1, 1) };
		m.mr[0] = 0x1234 + i;
		m.mr[1] = L4_MAPITEM0((l4_word)rv, 0, L4_R | L4_W);
		m.mr[2] = dest[i];
		es[i] = l4_send(t, 1000000, &m);
	}
	bool done = wait_for(&mw.stage, 4, 1000);
	l4_space_destroy(s);
	l4_unmap((l4_word)rv, 2, L4_RWX | L4_UNMAP_SELF);
	CHECK_EQ(e_map, L4_OK);
	CHECK(s && t);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(es[i], L4_OK);
		CHECK_EQ(mw.e[i], L4_OK);
		CHECK_EQ(L4_TAG_LABEL(mw.tag[i]), 7);
		CHECK_EQ(mw.mr0[i], 0x1234 + i);
		CHECK_EQ(L4_TAG_FLAGS(mw.tag[i]), i == 2 ? 0 : L4_TAGF_MAPERR);
	}
	CHECK(done);
	CHECK_EQ(mw.val, 0x3141);
}

/* --- page faults reach the pager --------------------------------------------- */
#define PF_W 0x50800000UL        /* demand pages: not root memory */
#define PF_R 0x50801000UL
static volatile struct {
	int done, n;
	l4_word src, ip_w, ip_r, val;
	l4_word addr[4], acc[4], ip[4], tid[4];
} pf;

static int pf_hook(struct l4_msg *m, l4_word *mr)
{
	(void)mr;
	l4_word a = m->mr[0] & ~0xfffUL;
	if (a != PF_W && a != PF_R)
		return lend(m);
	int i = pf.n;
	if (i < 4) {
		pf.addr[i] = m->mr[0];
		pf.acc[i] = m->mr[1];
		pf.ip[i] = m->mr[2];
		pf.tid[i] = m->from;
	}
	pf.n = i + 1;
	m->tag = L4_TAG(0, 0, 1);
	m->mr[0] = L4_MAPITEM0(pf.src + (a - PF_W), 0, L4_R | L4_W);
	m->mr[1] = a;
	return 1;
}

static void pf_child(l4_word unused)
{
	(void)unused;
	l4_word v;
	kt_store_ip(PF_W + 0x128, 0x5a5a, &pf.ip_w);
	v = kt_load_ip(PF_R + 8, &pf.ip_r);
	pf.val = v;
	pf.done = 1;
}

KTEST(pf_reaches_pager, "demand faults reach the pager with address, access (write/read) and IP; its map item resumes the child")
{
	l4_word *rv = scratch();
	memset((void *)&pf, 0, sizeof(pf));
	l4_word e_map = l4_map_phys(root_space, (l4_word)rv, fresh_pa(16), 2, L4_R | L4_W);
	if (e_map == L4_OK) {
		rv[0x128 / 8] = 0;
		rv[512 + 1] = 0xfeedbeef;
	}
	pf.src = (l4_word)rv;
	pager_hook = pf_hook;
	l4_word s = space_new();
	l4_word t = spawn(s, 0, 50, pf_child, 0);
	bool done = wait_for(&pf.done, 1, 1000);
	l4_word written = e_map == L4_OK ? rv[0x128 / 8] : 0;
	l4_space_destroy(s);
	l4_unmap((l4_word)rv, 2, L4_RWX | L4_UNMAP_SELF);
	CHECK_EQ(e_map, L4_OK);
	CHECK(s && t);
	CHECK(done);
	CHECK_EQ(pf.n, 2);
	CHECK_EQ(pf.addr[0], PF_W + 0x128);
	CHECK_EQ(pf.acc[0], L4_PF_WRITE);
	CHECK_EQ(pf.ip[0], pf.ip_w);
	CHECK_EQ(pf.tid[0], t);
	CHECK_EQ(pf.addr[1], PF_R + 8);
	CHECK_EQ(pf.acc[1], 0);
	CHECK_EQ(pf.ip[1], pf.ip_r);
	CHECK_EQ(pf.tid[1], t);
	CHECK_EQ(pf.val, 0xfeedbeef);
	CHECK_EQ(written, 0x5a5a);
}

/* --- execute faults and raising rights ---------------------------------------------- */
#define XC_CVA 0x50a00000UL
static volatile struct {
	int done, n;
	l4_word src, val, acc[4], addr[4], ip[4];
} xc;

static int xc_hook(struct l4_msg *m, l4_word *mr)
{
	(void)mr;
	if ((m->mr[0] & ~0xfffUL) != XC_CVA)
		return lend(m);
	int i = xc.n++;
	if (i >= 4)
		return 0;
	xc.addr[i] = m->mr[0];
	xc.acc[i] = m->mr[1];
	xc.ip[i] = m->mr[2];
	m->tag = L4_TAG(0, 0, 1);          /* first read-write, then with execute */
	m->mr[0] = L4_MAPITEM0(xc.src, 0, i == 0 ? L4_R | L4_W : L4_RWX);
	m->mr[1] = XC_CVA;
	return 1;
}

static void xc_child(l4_word unused)
{
	(void)unused;
	l4_word (*fn)(void) = (l4_word (*)(void))(XC_CVA + 0x10);
	xc.val = fn();
	xc.done = 1;
}

KTEST(pf_exec_nx, "running code from a page without L4_X faults with L4_PF_EXEC; the pager's remap with L4_X lets it run")
{
	l4_word *rv = scratch();
	memset((void *)&xc, 0, sizeof(xc));
	l4_word e_map = l4_map_phys(root_space, (l4_word)rv, fresh_pa(20), 1, L4_RWX);
	static const uint8_t code[] = KT_CODE_RET_1234;
	if (e_map == L4_OK)
		memcpy((uint8_t *)rv + 0x10, code, sizeof(code));
	xc.src = (l4_word)rv;
	pager_hook = xc_hook;
	l4_word s = space_new();
	l4_word t = spawn(s, 0, 50, xc_child, 0);
	bool done = wait_for(&xc.done, 1, 1000);
	l4_space_destroy(s);
	l4_unmap((l4_word)rv, 1, L4_RWX | L4_UNMAP_SELF);
	CHECK_EQ(e_map, L4_OK);
	CHECK(s && t);
	CHECK(done);
	CHECK_EQ(xc.val, 0x1234);
	CHECK_EQ(xc.n, 2);
	CHECK_EQ(xc.addr[0], XC_CVA + 0x10);
	CHECK_EQ(xc.acc[0] & (L4_PF_EXEC | L4_PF_PRESENT | L4_PF_WRITE), L4_PF_EXEC);
	CHECK_EQ(xc.ip[0], XC_CVA + 0x10);
	CHECK_EQ(xc.acc[1] & (L4_PF_EXEC | L4_PF_PRESENT | L4_PF_WRITE), L4_PF_EXEC | L4_PF_PRESENT);
	CHECK_EQ(xc.ip[1], XC_CVA + 0x10);
}

/* --- stopping a thread blocked in a fault --------------------------------------- */
#define PS_CVA 0x50900000UL
static volatile struct { int stage, faults, reply; l4_word src, val; } ps;

static int ps_hook(struct l4_msg *m, l4_word *mr)
{
	(void)mr;
	if ((m->mr[0] & ~0xfffUL) != PS_CVA)
		return lend(m);
	ps.faults++;
	if (!ps.reply)
		return 0;                /* the first time: leave the thread waiting */
	m->tag = L4_TAG(0, 0, 1);
	m->mr[0] = L4_MAPITEM0(ps.src, 0, L4_R);
	m->mr[1] = PS_CVA;
	return 1;
}

static void ps_child(l4_word unused)
{
	(void)unused;
	ps.stage = 1;
	ps.val = *(volatile l4_word *)PS_CVA;
	ps.stage = 2;
}

KTEST(pf_stop_restart, "exregs STOP aborts a pending page fault; RESUME retries the access, which faults again")
{
	l4_word *rv = scratch();
	memset((void *)&ps, 0, sizeof(ps));
	l4_word e_map = l4_map_phys(root_space, (l4_word)rv, fresh_pa(18), 1, L4_R | L4_W);
	if (e_map == L4_OK)
		rv[0] = 0x600d;
	ps.src = (l4_word)rv;
	pager_hook = ps_hook;
	l4_word s = space_new();
	l4_word t = spawn(s, 0, 50, ps_child, 0);
	bool f1 = wait_for(&ps.faults, 1, 1000);
	struct l4_exregs r = { 0 };
	l4_word e_stop = l4_exregs(t, L4_EX_STOP, &r);
	l4_word st_before = r.state;
	l4_exregs(t, 0, &r);
	l4_word st_stopped = r.state;
	ps.reply = 1;
	struct l4_exregs r2 = { 0 };
	l4_word e_res = l4_exregs(t, L4_EX_RESUME, &r2);
	bool done = wait_for(&ps.stage, 2, 1000);
	l4_space_destroy(s);
	l4_unmap((l4_word)rv, 1, L4_RWX | L4_UNMAP_SELF);
	CHECK_EQ(e_map, L4_OK);
	CHECK(s && t && f1);
	CHECK_EQ(e_stop, L4_OK);
	CHECK_EQ(st_before, L4_TS_RECEIVING);      /* waiting for the pager's reply */
	CHECK_EQ(st_stopped, L4_TS_STOPPED);
	CHECK_EQ(e_res, L4_OK);
	CHECK(done);
	CHECK_EQ(ps.faults, 2);
	CHECK_EQ(ps.val, 0x600d);
}

/* --- a thread without a pager ------------------------------------------------------ */
static volatile struct { int stage, seen; l4_word count, victim; } np;

static int np_hook(struct l4_msg *m, l4_word *mr)
{
	(void)mr;
	if (m->from == np.victim)
		np.seen++;
	return lend(m);
}

static void np_victim(l4_word addr)
{
	np.stage = 1;
	(void)*(volatile l4_word *)addr;
	np.stage = 2;
}

static void np_spinner(l4_word unused)
{
	(void)unused;
	for (;;)
		np.count++;
}

KTEST(no_pager_halts, "a thread with pager 0 that faults is halted (exregs: STOPPED) while others keep running")
{
	memset((void *)&np, 0, sizeof(np));
	pager_hook = np_hook;
	l4_word sp = spawn(root_space, 1, 50, np_spinner, 0);
	np.victim = spawn_h(root_space, 0, 60, np_victim, 0x50c00000UL, 0, exh_tid);
	bool st = wait_for(&np.stage, 1, 1000);
	wait_stopped(np.victim, 1000);
	struct l4_exregs r = { 0 };
	l4_word e = l4_exregs(np.victim, 0, &r);
	l4_word c1 = np.count;
	for (int i = 0; i < 1000 && np.count == c1; i++)
		sleep_us(1000);
	l4_word c2 = np.count;
	l4_thread_destroy(np.victim);
	l4_thread_destroy(sp);
	CHECK(sp && np.victim && st);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(r.state, L4_TS_STOPPED);
	CHECK(r.ip >= (l4_word)np_victim && r.ip < (l4_word)np_victim + 256);
	CHECK_EQ(np.stage, 1);
	CHECK_EQ(np.seen, 0);
	CHECK(c2 > c1);
}
