/* Kernel-memory accounts: what a space causes is charged to its payer, a
 * limit holds, others are unaffected, everything comes back. */
#include "ktest.h"
#include <ktest_arch.h>           /* KT_PT_FIRST */

#define GIB (1UL << 30)
static l4_word used(l4_word s) { return l4_space_ctrl_out(s, L4_SC_KMEM_USED); }
static l4_word own(l4_word s) { return l4_space_ctrl_out(s, L4_SC_KMEM_OWN); }
static l4_word free_frames(void) { return l4_kinfo(L4_KI_FREE_FRAMES); }

/* A space the root owns (so it may MAP_TO into it). */
static l4_word owned_space(void)
{
	l4_word s = space_new();
	if (s)
		l4_space_ctrl(s, L4_SC_OWNER, root_space);
	return s;
}

/* Map the root's page src into s at `n` places 1 GiB apart from `base`
 * (each needs page tables of its own); how many went in before an error. */
static l4_word scatter(l4_word s, l4_word src, l4_word base, l4_word n, l4_word *err)
{
	l4_word i;
	*err = L4_OK;
	for (i = 0; i < n; i++)
		if ((*err = l4_map_to(s, src, base + i * GIB, 1, L4_R)) != L4_OK)
			break;
	return i;
}

KTEST(kmem_charged_to_space, "a space's page tables and mapping nodes are charged to it, exactly what the pool lost; unmapping it whole gives them back")
{
	l4_word *page = page_alloc(1);
	l4_word s = owned_space();
	CHECK(s && page);
	l4_word f0 = free_frames(), u0 = used(s), o0 = own(s), r0 = used(root_space), e;
	CHECK_EQ(u0, 1);                             /* its top-level table */
	CHECK_EQ(o0, 1);
	l4_word n = scatter(s, (l4_word)page, 0x10000000UL, 8, &e);
	CHECK_EQ(e, L4_OK);
	CHECK_EQ(n, 8);
	l4_word u1 = used(s), f1 = free_frames();
	/* first place: its tables + 1 page of nodes (KT_PT_FIRST); each next
	 * one (another 1 GiB entry): 2 tables */
	CHECK_EQ(u1, 1 + KT_PT_FIRST + 7 * 2);
	CHECK_EQ(f0 - f1, u1 - u0);
	CHECK_EQ(used(root_space), r0);
	CHECK_EQ(l4_unmap_in(s, 0, L4_UTCB_AREA / 4096), L4_OK);
	CHECK_EQ(used(s), 1);                        /* tables trimmed, nodes freed */
	CHECK_EQ(free_frames(), f0);
	CHECK_EQ(l4_space_destroy(s), L4_OK);
	CHECK_EQ(free_frames(), f0 + 1);
}

KTEST(kmem_limit_holds, "over its limit a space's maps fail with L4_ENOMEM and its charge stays at the limit; another space maps meanwhile; a higher limit lets it go on")
{
	l4_word *page = page_alloc(1);
	l4_word s = owned_space(), other = owned_space(), e;
	CHECK(s && other && page);
	l4_word limit = used(s) + KT_PT_FIRST + 5;
	CHECK_EQ(l4_space_ctrl(s, L4_SC_KMEM_LIMIT, limit), L4_OK);
	l4_word n = scatter(s, (l4_word)page, 0x10000000UL, 64, &e);
	CHECK_EQ(e, L4_ENOMEM);
	CHECK_EQ(n, 3);                              /* KT_PT_FIRST + 2 + 2 frames; the next needs 2 */
	CHECK(used(s) <= limit);
	l4_word f = free_frames();
	CHECK_EQ(scatter(other, (l4_word)page, 0x10000000UL, 4, &e), 4);
	CHECK_EQ(e, L4_OK);
	CHECK(free_frames() < f);
	CHECK_EQ(l4_space_ctrl(s, L4_SC_KMEM_LIMIT, L4_KMEM_UNLIMITED), L4_OK);
	CHECK_EQ(scatter(s, (l4_word)page, 0x10000000UL + 3 * GIB, 4, &e), 4);
	CHECK_EQ(l4_space_destroy(s), L4_OK);
	CHECK_EQ(l4_space_destroy(other), L4_OK);
}

KTEST(kmem_payer, "a space paying into another: its frames count in the payer's account and limit, its own shows them; destroying it returns them")
{
	l4_word *page = page_alloc(1);
	l4_word p = owned_space(), c = owned_space(), e;
	CHECK(p && c && page);
	l4_word f0 = free_frames();
	CHECK_EQ(l4_space_ctrl(c, L4_SC_KMEM_PAYER, p), L4_OK);
	CHECK_EQ(used(p), 2);                        /* both top-level tables */
	CHECK_EQ(used(c), 0);
	CHECK_EQ(own(c), 1);
	CHECK_EQ(l4_space_ctrl(p, L4_SC_KMEM_PAYER, c), L4_EINVAL);   /* a payer keeps paying itself */
	CHECK_EQ(l4_space_ctrl(p, L4_SC_KMEM_LIMIT, 2 + 4 + 2), L4_OK);
	CHECK_EQ(scatter(c, (l4_word)page, 0x10000000UL, 8, &e), 2);
	CHECK_EQ(e, L4_ENOMEM);
	CHECK_EQ(used(p), 8);
	CHECK_EQ(own(c), 7);
	CHECK_EQ(scatter(p, (l4_word)page, 0x10000000UL, 1, &e), 0);  /* the payer is full too */
	CHECK_EQ(e, L4_ENOMEM);
	CHECK_EQ(l4_space_destroy(c), L4_OK);
	CHECK_EQ(used(p), 1);
	CHECK_EQ(l4_space_destroy(p), L4_OK);
	CHECK_EQ(free_frames(), f0 + 2);
}

KTEST(kmem_threads, "a thread costs its space three frames (TCB, kernel stack, UTCB); over the limit thread creation fails with L4_ENOMEM")
{
	l4_word s = space_new(), tid = 0;
	CHECK(s);
	l4_word u0 = used(s);
	CHECK_EQ(l4_thread_create(s, 10, 0, 0, L4_UTCB_AREA, &tid), L4_OK);
	l4_word u1 = used(s);
	CHECK(u1 >= u0 + 3);                         /* and the UTCB's page tables */
	CHECK_EQ(l4_space_ctrl(s, L4_SC_KMEM_LIMIT, u1 + 2), L4_OK);
	CHECK_EQ(l4_thread_create(s, 10, 0, 0, L4_UTCB_AREA + 4096, &tid), L4_ENOMEM);
	CHECK_EQ(used(s), u1);
	CHECK_EQ(l4_space_ctrl(s, L4_SC_KMEM_LIMIT, u1 + 3), L4_OK);
	CHECK_EQ(l4_thread_create(s, 10, 0, 0, L4_UTCB_AREA + 4096, &tid), L4_OK);
	CHECK_EQ(used(s), u1 + 3);
	CHECK_EQ(l4_thread_destroy(tid), L4_OK);
	CHECK_EQ(used(s), u1);
	CHECK_EQ(l4_space_destroy(s), L4_OK);
}

KTEST(kmem_pool_info, "the pool's size is reported and free frames never exceed it")
{
	l4_word total = l4_kinfo(L4_KI_KMEM_TOTAL), nodes = l4_kinfo(L4_KI_KMEM_NODES);
	CHECK(total > 1000);
	CHECK(free_frames() <= total);
	CHECK(nodes >= 32 && nodes <= 64);
	CHECK_EQ(l4_space_ctrl_out(root_space, L4_SC_KMEM_USED), l4_space_ctrl_out(root_space, L4_SC_KMEM_OWN));
}

/* A 5 us periodic timer on this thread: timer events fall due inside a long
 * call, which must stop at its preemption points and restart itself. */
static void quick_timer(bool on)
{
	l4_timer(on ? l4_clock() + 5000 : 0, on ? 5000 : 0, on ? 11 : 0);
	struct l4_msg m = { 0 };
	while (!on && l4_receive(L4_NOTIFYONLY, L4_TIMEOUT_ZERO, &m) == L4_OK)
		;
}

/* Destroying a space walks the space table (4,096 slots) for the spaces it
 * owns and those it pays for. Each kept space here follows 400 made and
 * destroyed (the slot hint rotates), so they lie all over the table and
 * the walks are long: they must stop at preemption points, go on where
 * they stopped and still release every one. */
KTEST(kmem_destroy_releases_in_steps, "destroying a space that owns 5 spaces and pays for 5 others spread over the whole space table restarts at preemption points; every one is released (its own account, no more kernel memory for payees) and the space count comes back")
{
	l4_word spaces0 = l4_kinfo(L4_KI_SPACES), threads0 = l4_kinfo(L4_KI_THREADS);
	l4_word p = owned_space(), kept[10], n = 0, set = 0;
	CHECK(p);
	for (int k = 0; k < 10; k++) {
		for (int j = 0; j < 400; j++) {
			l4_word x = 0;
			if (l4_space_create(&x) == L4_OK)
				l4_space_destroy(x);
		}
		l4_word x = space_new();
		if (!x)
			break;
		kept[n++] = x;
		set += l4_space_ctrl(x, k & 1 ? L4_SC_KMEM_PAYER : L4_SC_OWNER, p) == L4_OK;
	}
	CHECK_EQ(n, 10);
	CHECK_EQ(set, 10);
	CHECK_EQ(l4_kinfo(L4_KI_SPACES), spaces0 + 11);
	CHECK_EQ(used(p), 1 + 5);                    /* its table and its payees' */
	quick_timer(true);
	l4_word e0 = l4_kinfo(L4_KI_KENTRIES);
	l4_word d = l4_space_destroy(p);
	l4_word e1 = l4_kinfo(L4_KI_KENTRIES);
	quick_timer(false);
	printf("    kernel entries for the destroy: %lu\n", e1 - e0 - 1);
	CHECK_EQ(d, L4_OK);
	CHECK(e1 - e0 >= 3);                         /* restarted */
	CHECK_EQ(l4_kinfo(L4_KI_SPACES), spaces0 + 10);
	l4_word alone = 0, refused = 0, tid = 0;
	for (l4_word i = 0; i < n; i++) {
		alone += used(kept[i]) == 1 && own(kept[i]) == 1;
		if (i & 1)
			refused += l4_thread_create(kept[i], 10, 0, 0, L4_UTCB_AREA, &tid) == L4_ENOMEM;
		l4_space_destroy(kept[i]);
	}
	CHECK_EQ(alone, 10);
	CHECK_EQ(refused, 5);                        /* orphaned payees get no more */
	CHECK_EQ(l4_kinfo(L4_KI_SPACES), spaces0);
	CHECK_EQ(l4_kinfo(L4_KI_THREADS), threads0);
}
