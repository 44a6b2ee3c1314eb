/* Mapping, remapping and recursive revocation: the mdb kept in step with page tables. */
#include <kernel.h>
#include <arch.h>

static void drop_pte(struct mnode *n) { arch_pt_unmap(n->space, n->va); }
/* Page tables get a mapping's rights with its memory attribute (L4_DEVICE or 0). */
static void reprotect(struct mnode *n) { arch_pt_protect(n->space, n->va, n->rights | n->attr); }

bool user_range_ok(u64 va, u64 len)
{
	return !(va & (PAGE_SIZE - 1)) && len && va < L4_UTCB_AREA && len <= L4_UTCB_AREA - va;
}

static bool is_ancestor(struct mnode *a, struct mnode *n)
{
	for (; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

static int install(struct space *s, u64 va, u64 pa, unsigned rights, unsigned attr, struct mnode *parent)
{
	struct mnode *n = mdb_insert(s, va, pa, rights, parent);
	if (!n)
		return L4_ENOMEM;
	n->attr = (u8)attr;
	if (arch_pt_map(s, va, pa, rights | attr) != L4_OK) {
		mdb_remove_tree(n, true, NULL);
		return L4_ENOMEM;
	}
	return L4_OK;
}

/* A root mapping of physical memory (the root task's privilege); rights
 * may carry L4_DEVICE, which every mapping derived from it keeps. */
int map_root(struct space *s, u64 va, u64 pa, unsigned rights)
{
	struct mnode *old = mdb_lookup(s, va);
	if (old)
		mdb_remove_tree(old, true, drop_pte);
	return install(s, va, pa, rights & L4_RWX, rights & L4_DEVICE, NULL);
}

/* Map from's page at sva to `to` at dva, derived from it; an unmapped
 * source page is skipped, as in L4. Not from a mapping already
 * MDB_MAX_DEPTH deep: is_ancestor() below must stay short (a thread could
 * otherwise build a chain of 100,000 aliases and make every page of one
 * map walk it, for seconds, with interrupts off). */
int map_page(struct space *from, u64 sva, struct space *to, u64 dva, unsigned rights)
{
	struct mnode *src = mdb_lookup(from, sva);
	if (!src)
		return L4_OK;
	rights &= src->rights;
	if (!rights)
		return L4_OK;
	if (src->depth >= MDB_MAX_DEPTH)
		return L4_EMAP;
	struct mnode *old = mdb_lookup(to, dva);
	if (old == src)
		return L4_OK;
	if (old && old->parent == src && old->pa == src->pa) {
		old->rights = (u8)rights;
		arch_pt_protect(to, dva, rights | old->attr);
		mdb_restrict_tree(old, rights, reprotect);
		return L4_OK;
	}
	if (old) {
		if (is_ancestor(old, src))
			return L4_EMAP;        /* would revoke the source itself */
		mdb_remove_tree(old, true, drop_pte);
	}
	return install(to, dva, src->pa, rights, src->attr, src);
}

/* Revoke `revoke` rights from every mapping derived from s:va; with self
 * from the mapping itself too. Revoking read removes the mappings. */
void unmap_page(struct space *s, u64 va, unsigned revoke, bool self)
{
	struct mnode *n = mdb_lookup(s, va);
	if (!n)
		return;
	if (revoke & L4_R) {
		mdb_remove_tree(n, self, drop_pte);
		return;
	}
	mdb_restrict_tree(n, ~revoke & L4_RWX, reprotect);
	if (self) {
		n->rights &= (u8)~revoke;
		arch_pt_protect(s, va, n->rights | n->attr);
	}
}

/* Set the rights of s's mapping at va to `rights` (at most its parent's);
 * mappings derived from it lose what it lost. No rights removes it. */
bool protect_page(struct space *s, u64 va, unsigned rights)
{
	struct mnode *n = mdb_lookup(s, va);
	if (!n)
		return false;
	if (n->parent)
		rights &= n->parent->rights;
	if (!(rights & L4_R)) {
		mdb_remove_tree(n, true, drop_pte);
		return true;
	}
	mdb_restrict_tree(n, rights, reprotect);
	n->rights = (u8)rights;
	arch_pt_protect(s, va, rights | n->attr);
	return true;
}

/* Free the tables below entries [0, n) of a page table at `level` (the
 * root's is the architecture's; at 2 the entries point to leaf tables,
 * which go unscanned), bottom-up, each entry cleared as its table goes.
 * Only the groups of 8 entries the walk put tables in are looked at
 * (kmem_pt_added): a whole table scanned was 64 groups, and a process's
 * end scanned 4-6 of them (6,300-8,000 instructions of each fork+exit).
 * False when a timer event falls due first (called again, it goes on from
 * what is left: a group is marked done only when all of it went). */
bool pt_free_below(struct space *s, u64 *table, int level, unsigned n)
{
	s->walk_leaf = NULL;            /* its tables may go */
	for (u64 m = kmem_pt_groups(table); m; ) {
		unsigned g = 0;
		while (!((m >> g) & 1))
			g++;
		for (unsigned k = g * 8; k < g * 8 + 8 && k < n; k++) {
			u64 *child = table[k] ? arch_pt_child(table[k]) : NULL;
			if (!child)
				continue;
			if (level > 2 && !pt_free_below(s, child, level - 1, 512))
				return false;
			table[k] = 0;
			kmem_free(s, child);
			if (preempt_due())
				return false;
		}
		kmem_pt_group_done(table, g);
		m &= ~(1ULL << g);
	}
	return true;
}

/* The first va in [va, end) at which s maps a page, or end: from the root
 * once per leaf table, that table's entries then in turn (a hole in a 2 MiB
 * region was a walk from the root per page), the leaf table found last
 * first (the walk cache): UNMAP_IN's protect and unmap loops over a sparse
 * range (a fork's writable ranges, a stack). */
u64 pt_next(struct space *s, u64 va, u64 end)
{
	if (!s->pt_root)
		return end;
	u64 lim = end < ARCH_PT_USER_END ? end : ARCH_PT_USER_END;
	u64 *c = walk_cached(s, va);
	if (c && va < lim && (*c & ARCH_PTE_VALID))
		return va;
	while (va < lim) {
		u64 *t = s->pt_root;
		int shift;
		for (shift = 12 + 9 * (ARCH_PT_LEVELS - 1); shift > 12; shift -= 9) {
			u64 *n = arch_pt_child(t[(va >> shift) & 511]);
			if (!n)
				break;
			t = n;
		}
		if (shift == 12) {              /* t: va's leaf table */
			do {
				if (t[(va >> 12) & 511] & ARCH_PTE_VALID) {
					walk_remember(s, va, t);
					return va;
				}
				va += PAGE_SIZE;
			} while (va < lim && (va & ((1ULL << 21) - 1)));
			continue;
		}
		u64 next = (va | ((1ULL << shift) - 1)) + 1;
		if (next <= va)
			break;
		va = next;
	}
	return end;
}

/* Remove s's mappings (with what derives from them) until none is left,
 * true, or a timer event is due after at least one, false. */
bool space_unmap_preemptible(struct space *s)
{
	struct mnode *n;
	while ((n = mdb_find_any(s))) {
		mdb_remove_tree(n, true, drop_pte);
		if (preempt_due())
			return s->nmaps == 0;
	}
	return true;
}

/* Remove s's mappings in [va, end): through the space's own list when it
 * is shorter than the range (exec unmaps a task's whole user range).
 * Returns end, or where to go on when a timer event fell due. */
u64 unmap_range(struct space *s, u64 va, u64 end)
{
	if ((end - va) / PAGE_SIZE > s->nmaps) {
		struct mnode *n = s->maps, *next;
		while (n) {
			next = n->snext;
			if (n->va >= va && n->va < end) {
				bool has_children = n->child != NULL;
				mdb_remove_tree(n, true, drop_pte);
				if (has_children)
					next = s->maps;       /* derived nodes of s may have gone too */
				if (next && preempt_due())
					return va;            /* one went: the same range again */
			}
			n = next;
		}
		return end;
	}
	for (u64 a = va; (a = pt_next(s, a, end)) < end; a += PAGE_SIZE) {
		unmap_page(s, a, L4_RWX, true);
		if (a + PAGE_SIZE < end && preempt_due())
			return a + PAGE_SIZE;
	}
	return end;
}
