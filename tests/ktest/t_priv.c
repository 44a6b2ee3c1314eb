/* Privilege and bad arguments: unprivileged spaces get EPERM, delegation with
 * L4_SC_PRIV, argument checks that never crash, resource accounting. */
#include "ktest.h"

/* --- helpers of this file ---------------------------------------------------
 * Threads run on a small pool of stacks reused by every test of this file, at
 * fixed UTCB slots: the resource-accounting test must not grow the root heap
 * (page tables, map nodes) while it measures. */
extern char thread_tramp[];
#define POOL_STACKS   4
#define STACK_PAGES   2
#define SCRATCH_PAGES 1
#define ROOT_SLOT   508          /* root UTCB slots 508-511 (env counts up from 1) */
#define CHILD_SLOT  320
#define FRESH_BASE  128          /* top-of-memory pages 128-191 belong to this file */
static char *pool;

static char *pool_base(void)
{
	if (!pool)
		pool = page_alloc(POOL_STACKS * STACK_PAGES + SCRATCH_PAGES);
	return pool;
}

static __attribute__((unused)) l4_word *scratch(void)
{
	return (l4_word *)(pool_base() + POOL_STACKS * STACK_PAGES * 4096UL);
}

static l4_word mem_end(void)
{
	return (bootinfo->mem[0].start + bootinfo->mem[0].size) & ~0xfffUL;
}

static l4_word fresh_pa(unsigned i)
{
	return mem_end() - (FRESH_BASE + i + 1) * 4096UL;
}

/* Start fn(arg) in space on pool stack k with its UTCB at `slot`. */
static l4_word spawn_at(l4_word space, unsigned k, l4_word slot, unsigned prio, void (*fn)(l4_word),
			l4_word arg, l4_word pager, l4_word exh)
{
	char *p = pool_base();
	l4_word tid = 0;
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
	l4_word slot = (space == root_space ? ROOT_SLOT : CHILD_SLOT) + k;
	return spawn_at(space, k, slot, prio, fn, arg, pager_tid, exh_tid);
}

#define SPACES()  l4_kinfo(L4_KI_SPACES)
#define THREADS() l4_kinfo(L4_KI_THREADS)
#define FRAMES()  l4_kinfo(L4_KI_FREE_FRAMES)
#define NODES()   l4_kinfo(L4_KI_MAPNODES)

/* --- an unprivileged space gets EPERM ------------------------------------------------- */
enum { P_SPACE_CREATE, P_THREAD_CREATE, P_MAP_PHYS, P_IRQ_BIND, P_SCHEDULE, P_SHUTDOWN,
       P_SPACE_CTRL, P_SPACE_DESTROY, P_THREAD_DESTROY, P_EXREGS, P_FPU, P_NOTIFY, P_SEND, P_N };
static volatile struct {
	int done;
	l4_word e[P_N], victim_space, victim_tid, pa, out[2];
} pv;

static void pv_child(l4_word unused)
{
	(void)unused;
	l4_word me = mytid(), mine = l4_kinfo(L4_KI_MYSPACE), x = 0;
	struct l4_exregs r = { 0 };
	struct l4_msg m = { .tag = L4_TAG(1, 0, 0) };
	pv.e[P_SPACE_CREATE] = l4_space_create(&x);
	pv.out[0] = x;
	x = 0;
	pv.e[P_THREAD_CREATE] = l4_thread_create(mine, 10, 0, 0, L4_UTCB_AREA + 400 * 4096UL, &x);
	pv.out[1] = x;
	pv.e[P_MAP_PHYS] = l4_map_phys(mine, 0x58000000UL, pv.pa, 1, L4_R | L4_W);
	pv.e[P_IRQ_BIND] = l4_irq_bind(5, me, 3);
	pv.e[P_SCHEDULE] = l4_schedule(me, 250, 0);
	pv.e[P_SHUTDOWN] = l4_shutdown(3);
	pv.e[P_SPACE_CTRL] = l4_space_ctrl(mine, L4_SC_PRIV, 1);
	pv.e[P_SPACE_DESTROY] = l4_space_destroy(pv.victim_space);
	pv.e[P_THREAD_DESTROY] = l4_thread_destroy(pv.victim_tid);
	pv.e[P_EXREGS] = l4_exregs(pv.victim_tid, L4_EX_IP | L4_EX_RESUME, &r);
	pv.e[P_FPU] = l4_fpu(pv.victim_tid, L4_FPU_READ, &x);
	pv.e[P_NOTIFY] = l4_notify(pv.victim_tid, 1);
	pv.e[P_SEND] = l4_send(pv.victim_tid, 0, &m);
	pv.done = 1;
}

KTEST(priv_calls_eperm, "a thread of an unprivileged space gets EPERM from every privileged or cross-space call")
{
	memset((void *)&pv, 0, sizeof(pv));
	for (int i = 0; i < P_N; i++)
		pv.e[i] = ~0UL;
	l4_word spaces0 = SPACES(), threads0 = THREADS();
	pv.pa = fresh_pa(0);
	l4_word v = space_new(), vt = 0;
	l4_word e_vt = l4_thread_create(v, 10, 0, 0, L4_UTCB_AREA + CHILD_SLOT * 4096UL, &vt);
	pv.victim_space = v;
	pv.victim_tid = vt;
	l4_word s = space_new();
	l4_word t = spawn(s, 0, 50, pv_child, 0);
	bool done = wait_for(&pv.done, 1, 1000);
	/* Everything still there, and the kernel still answers. */
	struct l4_exregs r = { 0 };
	l4_word e_victim = l4_exregs(vt, 0, &r);
	l4_word victim_state = r.state;
	l4_word e_vs = l4_space_ctrl(v, L4_SC_ALLOW_ALL, 0);
	l4_word e_own = l4_space_ctrl(s, L4_SC_ALLOW_ALL, 0);
	l4_word spaces1 = SPACES(), threads1 = THREADS();
	l4_space_destroy(s);
	l4_space_destroy(v);
	if (pv.out[0])
		l4_space_destroy(pv.out[0]);
	CHECK(v && s && t);
	CHECK_EQ(e_vt, L4_OK);
	CHECK(done);
	for (int i = 0; i < P_N; i++)
		CHECK_EQ(pv.e[i], L4_EPERM);
	CHECK_EQ(pv.out[0], 0);
	CHECK_EQ(pv.out[1], 0);
	CHECK_EQ(e_victim, L4_OK);
	CHECK_EQ(victim_state, L4_TS_STOPPED);
	CHECK_EQ(e_vs, L4_OK);
	CHECK_EQ(e_own, L4_OK);
	CHECK_EQ(spaces1, spaces0 + 2);
	CHECK_EQ(threads1, threads0 + 2);
	CHECK(l4_clock() > 0);
}

/* --- delegation ------------------------------------------------------------------------------ */
static volatile struct { int stage, go; l4_word e_create, e_destroy, sid, e_after, sid_after; } dg;

static void dg_child(l4_word unused)
{
	(void)unused;
	l4_word sid = 0;
	dg.e_create = l4_space_create(&sid);
	dg.sid = sid;
	dg.e_destroy = sid ? l4_space_destroy(sid) : ~0UL;
	dg.stage = 1;
	for (int i = 0; i < 3000 && !dg.go; i++)
		sleep_us(1000);
	sid = 0;
	dg.e_after = l4_space_create(&sid);
	dg.sid_after = sid;
	dg.stage = 2;
}

KTEST(priv_delegation, "after L4_SC_PRIV a child may create (and destroy) a space; after revoking it may not")
{
	memset((void *)&dg, 0, sizeof(dg));
	l4_word spaces0 = SPACES();
	l4_word s = space_new();
	l4_word e_priv = l4_space_ctrl(s, L4_SC_PRIV, 1);
	l4_word t = spawn(s, 0, 50, dg_child, 0);
	bool st1 = wait_for(&dg.stage, 1, 1000);
	l4_word spaces1 = SPACES();
	l4_word e_unpriv = l4_space_ctrl(s, L4_SC_PRIV, 0);
	dg.go = 1;
	bool st2 = wait_for(&dg.stage, 2, 1000);
	l4_space_destroy(s);
	/* Clean up whatever the child left, whether or not the checks pass. */
	l4_word e_gone = l4_space_destroy(dg.sid);
	if (dg.sid_after)
		l4_space_destroy(dg.sid_after);
	l4_word spaces2 = SPACES();
	CHECK(s && t);
	CHECK_EQ(e_priv, L4_OK);
	CHECK(st1);
	CHECK_EQ(dg.e_create, L4_OK);
	CHECK(dg.sid != 0);
	CHECK_EQ(dg.e_destroy, L4_OK);
	CHECK_EQ(e_gone, L4_ENOSPACE);
	CHECK_EQ(spaces1, spaces0 + 1);
	CHECK_EQ(e_unpriv, L4_OK);
	CHECK(st2);
	CHECK_EQ(dg.e_after, L4_EPERM);
	CHECK_EQ(dg.sid_after, 0);
	CHECK_EQ(spaces2, spaces0);
}

/* --- bad arguments ----------------------------------------------------------------------------- */
KTEST(map_phys_bad_args, "map_phys with bad va, npages, pa, rights or space fails (EINVAL/EPERM/ENOSPACE) and maps nothing")
{
	l4_word s = space_new();
	l4_word pa = fresh_pa(1), end = mem_end(), start = bootinfo->mem[0].start;
	l4_word n0 = NODES(), f0 = FRAMES();
	struct { l4_word va, pa, n, rights, want, alt; } c[] = {
		{ 0x58000001UL, pa, 1, L4_R, L4_EINVAL, L4_EINVAL },              /* unaligned va */
		{ 0x58000800UL, pa, 1, L4_R, L4_EINVAL, L4_EINVAL },
		{ 0xffffffff80000000UL, pa, 1, L4_R, L4_EINVAL, L4_EINVAL },      /* kernel half */
		{ 0xffff800000000000UL, pa, 1, L4_R, L4_EINVAL, L4_EINVAL },
		{ 0x0000800000000000UL, pa, 1, L4_R, L4_EINVAL, L4_EINVAL },      /* non-canonical */
		{ L4_USER_TOP, pa, 1, L4_R, L4_EINVAL, L4_EINVAL },
		{ L4_UTCB_AREA, pa, 1, L4_R, L4_EINVAL, L4_EINVAL },              /* UTCB area */
		{ L4_UTCB_AREA - 4096, pa, 2, L4_R, L4_EINVAL, L4_EINVAL },       /* runs into it */
		{ 0xfffffffffffff000UL, pa, 2, L4_R, L4_EINVAL, L4_EINVAL },      /* wraps */
		{ 0x58000000UL, pa, 0, L4_R, L4_EINVAL, L4_EINVAL },              /* no pages */
		{ 0x58000000UL, pa, (1UL << L4_MAP_MAXORDER) + 1, L4_R, L4_EINVAL, L4_EINVAL },
		{ 0x58000000UL, pa, 1UL << 52, L4_R, L4_EINVAL, L4_EINVAL },     /* n * 4096 wraps */
		{ 0x58000000UL, pa, ~0UL, L4_R, L4_EINVAL, L4_EINVAL },
		{ 0x58000000UL, pa + 8, 1, L4_R, L4_EINVAL, L4_EINVAL },          /* unaligned pa */
		{ 0x58000000UL, pa, 1, 0, L4_EINVAL, L4_EINVAL },                 /* no rights */
		{ 0x58000000UL, pa, 1, 8, L4_EINVAL, L4_EINVAL },                 /* unknown right */
		{ 0x58000000UL, 0x100000, 1, L4_R, L4_EPERM, L4_EINVAL },         /* the kernel image */
		{ 0x58000000UL, 0, 1, L4_R, L4_EPERM, L4_EINVAL },
		{ 0x58000000UL, 0xfee00000UL, 1, L4_R, L4_EPERM, L4_EINVAL },     /* local APIC */
		{ 0x58000000UL, 0x100000000UL, 1, L4_R, L4_EPERM, L4_EINVAL },    /* above RAM */
		{ 0x58000000UL, start - 4096, 1, L4_R, L4_EPERM, L4_EINVAL },     /* just below */
		{ 0x58000000UL, end, 1, L4_R, L4_EPERM, L4_EINVAL },              /* just above */
		{ 0x58000000UL, end - 4096, 2, L4_R, L4_EPERM, L4_EINVAL },       /* runs past the end */
		{ 0x58000000UL, start, 1UL << L4_MAP_MAXORDER, L4_R, L4_EPERM, L4_EINVAL },
		{ 0x58000000UL, 0xfffffffffffff000UL, 2, L4_R, L4_EPERM, L4_EINVAL },
	};
	l4_word got[sizeof(c) / sizeof(c[0])];
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		got[i] = l4_map_phys(s, c[i].va, c[i].pa, c[i].n, c[i].rights);
	l4_word e_bad_space = l4_map_phys(0xdeadbeef, 0x58000000UL, pa, 1, L4_R);
	l4_word e_nil_space = l4_map_phys(0, 0x58000000UL, pa, 1, L4_R);
	l4_word n1 = NODES(), f1 = FRAMES();
	/* A good one still works afterwards. */
	l4_word e_good = l4_map_phys(s, 0x58000000UL, pa, 1, L4_R);
	l4_word n2 = NODES();
	l4_space_destroy(s);
	CHECK(s != 0);
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (got[i] != c[i].want && got[i] != c[i].alt)
			printf("    case %u: va %lx pa %lx n %lx rights %lx -> %lu\n",
			       i, c[i].va, c[i].pa, c[i].n, c[i].rights, got[i]);
		CHECK(got[i] == c[i].want || got[i] == c[i].alt);
	}
	CHECK_EQ(e_bad_space, L4_ENOSPACE);
	CHECK_EQ(e_nil_space, L4_ENOSPACE);
	CHECK_EQ(n1, n0);
	CHECK_EQ(f1, f0);
	CHECK_EQ(e_good, L4_OK);
	CHECK_EQ(n2, n0 + 1);
}

KTEST(unmap_bad_args, "unmap of kernel, UTCB, unaligned or wrapping ranges, 0 pages or unknown flags gets EINVAL")
{
	l4_word n0 = NODES();
	struct { l4_word va, n, flags; } c[] = {
		{ 0xffffffff80000000UL, 1, L4_RWX },          /* the kernel image */
		{ 0xffffffff80100000UL, 16, L4_RWX | L4_UNMAP_SELF },
		{ 0xffff800000000000UL, 1, L4_RWX },
		{ 0x0000800000000000UL, 1, L4_RWX },
		{ L4_UTCB_AREA, 1, L4_RWX | L4_UNMAP_SELF },   /* the root's own UTCB */
		{ L4_UTCB_AREA - 4096, 2, L4_RWX | L4_UNMAP_SELF },
		{ 0x400001UL, 1, L4_RWX },
		{ 0x400000UL, 0, L4_RWX },
		{ 0x400000UL, (1UL << L4_MAP_MAXORDER) + 1, L4_RWX },
		{ 0x400000UL, 1UL << 52, L4_RWX },
		{ 0xfffffffffffff000UL, 2, L4_RWX },
		{ 0x400000UL, 1, 0x10 },                       /* unknown flag */
		{ 0x400000UL, 1, ~0UL },
	};
	l4_word got[sizeof(c) / sizeof(c[0])];
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		got[i] = l4_unmap(c[i].va, c[i].n, c[i].flags);
	/* Nothing mapped there: a no-op that succeeds. */
	l4_word e_empty = l4_unmap(0x5f000000UL, 4, L4_RWX | L4_UNMAP_SELF);
	l4_word n1 = NODES();
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (got[i] != L4_EINVAL)
			printf("    case %u: va %lx n %lx flags %lx -> %lu\n", i, c[i].va, c[i].n, c[i].flags, got[i]);
		CHECK_EQ(got[i], L4_EINVAL);
	}
	CHECK_EQ(e_empty, L4_OK);
	CHECK_EQ(n1, n0);
	CHECK_EQ(mytid(), root_tid);                       /* our UTCB is still there */
}

KTEST(thread_create_bad_utcb, "thread_create with an unaligned or out-of-area UTCB gets EINVAL, a used slot EBUSY, and leaks nothing")
{
	l4_word s = space_new();
	l4_word th0 = THREADS(), f0 = FRAMES(), t = 0, x = 0;
	l4_word slot = L4_UTCB_AREA + CHILD_SLOT * 4096UL;
	struct { l4_word space, prio, utcb, want; } c[] = {
		{ s, 10, slot + 0x800, L4_EINVAL },
		{ s, 10, slot + 8, L4_EINVAL },
		{ s, 10, 0x58000000UL, L4_EINVAL },
		{ s, 10, 0, L4_EINVAL },
		{ s, 10, L4_UTCB_AREA - 4096, L4_EINVAL },
		{ s, 10, L4_UTCB_AREA + L4_UTCB_AREA_SIZE, L4_EINVAL },
		{ s, 10, L4_USER_TOP, L4_EINVAL },
		{ s, 10, 0xffffffff80000000UL, L4_EINVAL },
		{ s, 256, slot, L4_EINVAL },                        /* no such priority */
		{ root_space, 10, L4_UTCB_AREA, L4_EBUSY },         /* the root thread's UTCB */
		{ 0xdeadbeef, 10, slot, L4_ENOSPACE },
	};
	l4_word got[sizeof(c) / sizeof(c[0])];
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		x = 0;
		got[i] = l4_thread_create(c[i].space, c[i].prio, 0, 0, c[i].utcb, &x);
		if (got[i] == L4_OK)
			l4_thread_destroy(x);
	}
	l4_word th1 = THREADS(), f1 = FRAMES();
	l4_word e_ok = l4_thread_create(s, 10, 0, 0, slot, &t);
	x = 0;
	l4_word e_busy = l4_thread_create(s, 10, 0, 0, slot, &x);
	if (e_busy == L4_OK)
		l4_thread_destroy(x);
	l4_word th2 = THREADS();
	/* The slot is free again once its thread is gone. */
	l4_word e_destroy = l4_thread_destroy(t);
	x = 0;
	l4_word e_again = l4_thread_create(s, 10, 0, 0, slot, &x);
	l4_space_destroy(s);
	l4_word th3 = THREADS();
	CHECK(s != 0);
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (got[i] != c[i].want)
			printf("    case %u: space %lx prio %lu utcb %lx -> %lu\n", i, c[i].space, c[i].prio,
			       c[i].utcb, got[i]);
		CHECK_EQ(got[i], c[i].want);
	}
	CHECK_EQ(th1, th0);
	CHECK_EQ(f1, f0);
	CHECK_EQ(e_ok, L4_OK);
	CHECK_EQ(e_busy, L4_EBUSY);
	CHECK_EQ(th2, th0 + 1);
	CHECK_EQ(e_destroy, L4_OK);
	CHECK_EQ(e_again, L4_OK);
	CHECK_EQ(th3, th0);
}

KTEST(invalid_ids, "bogus, nil or stale thread and space ids get ENOTHREAD / ENOSPACE from every call")
{
	l4_word s = space_new(), t = 0, gone = 0, x = 0;
	l4_thread_create(s, 10, 0, 0, L4_UTCB_AREA + CHILD_SLOT * 4096UL, &t);
	l4_thread_create(s, 10, 0, 0, L4_UTCB_AREA + (CHILD_SLOT + 1) * 4096UL, &gone);
	l4_word e_gone = l4_thread_destroy(gone);
	/* t's index with another version: not t. */
	l4_word wrong = L4_TID_INDEX(t) | ((t >> 16) + 0x1234) << 16;
	l4_word th0 = THREADS();
	l4_word bad[] = { 0xdeadbeef, L4_NILTHREAD, gone, wrong, 0xffff, L4_ANYTHREAD - 2 };
	int n = sizeof(bad) / sizeof(bad[0]);
	l4_word got[6][5];
	for (int i = 0; i < n; i++) {
		struct l4_exregs r = { 0 };
		struct l4_msg m = { 0 };
		got[i][0] = l4_thread_destroy(bad[i]);
		got[i][1] = l4_exregs(bad[i], L4_EX_STOP, &r);
		got[i][2] = l4_notify(bad[i], 1);
		got[i][3] = l4_fpu(bad[i], L4_FPU_READ, &x);
		got[i][4] = bad[i] ? l4_send(bad[i], 0, &m) : L4_ENOTHREAD;   /* to nil: no send */
	}
	l4_word th1 = THREADS();
	struct l4_exregs r = { 0 };
	l4_word e_t = l4_exregs(t, 0, &r);                 /* t is unharmed */
	/* Spaces: bogus, nil, another version of a live one, a destroyed one. */
	l4_word s2 = space_new();
	l4_word e_s2 = l4_space_destroy(s2);
	l4_word sbad[] = { 0xdeadbeef, 0, (s & 0xffff) | (((s >> 16) + 0x77) << 16), s2, 0x1ffff };
	l4_word sgot[5][3];
	for (int i = 0; i < 5; i++) {
		sgot[i][0] = l4_space_destroy(sbad[i]);
		sgot[i][1] = l4_space_ctrl(sbad[i], L4_SC_ALLOW_ALL, 1);
		sgot[i][2] = l4_thread_create(sbad[i], 10, 0, 0, L4_UTCB_AREA + 400 * 4096UL, &x);
	}
	l4_word e_self = l4_space_destroy(root_space);       /* not the caller's own */
	l4_word e_s = l4_space_ctrl(s, L4_SC_ALLOW_ALL, 0);  /* s is unharmed */
	l4_space_destroy(s);
	CHECK(s && t && gone && s2);
	CHECK_EQ(e_gone, L4_OK);
	for (int i = 0; i < n; i++) {
		CHECK_EQ(got[i][0], L4_ENOTHREAD);
		CHECK_EQ(got[i][1], L4_ENOTHREAD);
		CHECK_EQ(got[i][2], L4_ENOTHREAD);
		CHECK_EQ(got[i][3], L4_ENOTHREAD);
		CHECK_EQ(got[i][4], L4_ENOTHREAD);
	}
	CHECK_EQ(th1, th0);
	CHECK_EQ(e_t, L4_OK);
	CHECK_EQ(e_s2, L4_OK);
	for (int i = 0; i < 5; i++) {
		CHECK_EQ(sgot[i][0], L4_ENOSPACE);
		CHECK_EQ(sgot[i][1], L4_ENOSPACE);
		CHECK_EQ(sgot[i][2], L4_ENOSPACE);
	}
	CHECK_EQ(e_self, L4_EINVAL);
	CHECK_EQ(e_s, L4_OK);
}

/* --- destroying a space gives everything back ----------------------------------------------- */
#define SD_CVA 0x58000000UL
static volatile struct { int stage[2]; l4_word sum; } sd;

static void sd_worker(l4_word i)
{
	l4_word sum = 0;
	for (int p = 0; p < 8; p++)
		sum += *(volatile l4_word *)(SD_CVA + p * 4096UL);
	*(volatile l4_word *)(SD_CVA + 8 * 4096UL - 8) = 0x77;
	sd.sum = sum;
	sd.stage[i] = 1;
	for (;;)
		sleep_us(100000);
}

KTEST(space_destroy_returns_all, "destroying a space with running threads and mappings returns kernel frames, threads and map nodes")
{
	memset((void *)&sd, 0, sizeof(sd));
	pool_base();
	l4_word f0 = FRAMES(), t0 = THREADS(), n0 = NODES(), s0 = SPACES();
	l4_word s = space_new();
	l4_word e_map = l4_map_phys(s, SD_CVA, fresh_pa(8), 8, L4_R | L4_W);
	l4_word e_map2 = l4_map_phys(s, SD_CVA + 0x40000000UL, fresh_pa(8), 8, L4_R);  /* new tables */
	l4_word a = spawn(s, 0, 50, sd_worker, 0);
	l4_word b = spawn(s, 1, 50, sd_worker, 1);
	bool up = wait_for(&sd.stage[0], 1, 1000) && wait_for(&sd.stage[1], 1, 1000);
	l4_word f1 = FRAMES(), t1 = THREADS(), n1 = NODES(), s1 = SPACES();
	l4_word e_destroy = l4_space_destroy(s);
	l4_word f2 = FRAMES(), t2 = THREADS(), n2 = NODES(), s2 = SPACES();
	struct l4_exregs r = { 0 };
	l4_word e_a = l4_exregs(a, 0, &r);
	CHECK_EQ(e_map, L4_OK);
	CHECK_EQ(e_map2, L4_OK);
	CHECK(s && a && b && up);
	CHECK(f1 < f0);
	CHECK_EQ(t1, t0 + 2);
	CHECK(n1 >= n0 + 16);
	CHECK_EQ(s1, s0 + 1);
	CHECK_EQ(e_destroy, L4_OK);
	CHECK_EQ(f2, f0);
	CHECK_EQ(t2, t0);
	CHECK_EQ(n2, n0);
	CHECK_EQ(s2, s0);
	CHECK_EQ(e_a, L4_ENOTHREAD);
}

/* --- kinfo -------------------------------------------------------------------------------------- */
KTEST(kinfo_wallclock, "l4_kinfo(L4_KI_WALLCLOCK) plus the clock is the board RTC's time: after 2024, before 2100 (QEMU's RTC starts at the host's time)")
{
	l4_word w = l4_kinfo(L4_KI_WALLCLOCK), now = w + l4_clock();
	printf("    real time %lu s since 1970\n", now / 1000000000UL);
	CHECK(now > 1704067200UL * 1000000000UL);     /* 2024-01-01 */
	CHECK(now < 4102444800UL * 1000000000UL);     /* 2100-01-01 */
}

KTEST(kinfo_user_clock, "l4_kinfo(L4_KI_CLOCK_BASE/MULT) turn the counter user code reads into L4_SYS_CLOCK's ns: between two system-call readings, 1000 times")
{
	l4_word base = l4_kinfo(L4_KI_CLOCK_BASE), mult = l4_kinfo(L4_KI_CLOCK_MULT), bad = 0;

	CHECK(mult > 0);
	for (int i = 0; i < 1000; i++) {
		l4_word before = l4_clock();
		l4_word ns = (l4_word)(((unsigned __int128)(kt_cycles() - base) * mult) >> 32);
		l4_word after = l4_clock();
		bad += ns < before || ns > after;
	}
	CHECK_EQ(bad, 0);
}

KTEST(kinfo_basics, "l4_kinfo: the FPU size is the boot info's, TLB tagging is 0 or 1, an unknown query is EINVAL")
{
	CHECK_EQ(l4_kinfo(L4_KI_FPU_SIZE), bootinfo->fpu_size);
	CHECK(bootinfo->fpu_size > 0 && bootinfo->fpu_size <= sizeof(((struct l4_vcpu_state *)0)->fpu));
	CHECK(l4_kinfo(L4_KI_TAGGED_TLB) <= 1);
	l4_word v = 0;
	CHECK_EQ(l4_syscall2(L4_SYS_KINFO, 12345, 0, &v), L4_EINVAL);
}
