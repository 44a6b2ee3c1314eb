/* Host tests of the mapping database: trees, revocation order, restriction, no leaks. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "kernel.h"

/* The kernel pool, stubbed: frames charged per space, refused over a limit. */
static struct space sp[4];
static long charged[4], limit[4] = { 1000, 1000, 1000, 1000 };
void *phys_to_virt(u64 pa) { return (void *)pa; }
void *kmem_alloc(struct space *s, bool zero)
{
	long i = s - sp;
	if (charged[i] >= limit[i])
		return NULL;
	charged[i]++;
	void *p = aligned_alloc(4096, 4096);
	return zero ? memset(p, 0, 4096) : p;
}
void kmem_free(struct space *s, void *p) { charged[s - sp]--; free(p); }
static int removed;
static void count(struct mnode *n) { (void)n; removed++; }
static unsigned seen_rights[64];
static int nseen;
static void note(struct mnode *n) { seen_rights[nseen++] = n->rights; }

static void insert_lookup(void)
{
	static struct mnode *buckets[8 * 64];
	mdb_init((u64)buckets, 64);
	struct mnode *r = mdb_insert(&sp[0], 0x1000, 0x5000, L4_RWX, NULL);
	CHECK(r && mdb_lookup(&sp[0], 0x1000) == r);
	CHECK(mdb_lookup(&sp[1], 0x1000) == NULL);
	CHECK(mdb_lookup(&sp[0], 0x2000) == NULL);
	removed = 0;
	mdb_remove_tree(r, true, count);
	CHECK(removed == 1 && mdb_count() == 0 && mdb_lookup(&sp[0], 0x1000) == NULL);
}

/* root -> a -> (b -> c, d): removing a's subtree removes b, c, d and keeps a. */
static void revoke_transitive(void)
{
	u64 before = mdb_count();
	struct mnode *root = mdb_insert(&sp[0], 0x1000, 0x5000, L4_RWX, NULL);
	struct mnode *a = mdb_insert(&sp[1], 0x2000, 0x5000, L4_RWX, root);
	struct mnode *b = mdb_insert(&sp[2], 0x3000, 0x5000, (L4_R | L4_W), a);
	mdb_insert(&sp[3], 0x4000, 0x5000, L4_R, b);
	mdb_insert(&sp[3], 0x8000, 0x5000, L4_R, a);
	CHECK(mdb_count() == before + 5);
	removed = 0;
	mdb_remove_tree(a, false, count);
	CHECK(removed == 3);
	CHECK(mdb_lookup(&sp[1], 0x2000) == a && a->child == NULL);
	CHECK(mdb_lookup(&sp[2], 0x3000) == NULL && mdb_lookup(&sp[3], 0x4000) == NULL);
	removed = 0;
	mdb_remove_tree(root, true, count);
	CHECK(removed == 2 && mdb_count() == before);
}

static void restrict_rights(void)
{
	struct mnode *root = mdb_insert(&sp[0], 0x1000, 0x5000, L4_RWX, NULL);
	struct mnode *a = mdb_insert(&sp[1], 0x2000, 0x5000, L4_RWX, root);
	mdb_insert(&sp[2], 0x3000, 0x5000, L4_R | L4_W, a);
	mdb_insert(&sp[3], 0x3000, 0x5000, L4_R | L4_X, root);
	nseen = 0;
	mdb_restrict_tree(root, L4_R, note);
	CHECK(nseen == 3);
	for (int i = 0; i < nseen; i++)
		CHECK(seen_rights[i] == L4_R);
	CHECK(root->rights == L4_RWX);
	mdb_remove_tree(root, true, NULL);
	CHECK(mdb_count() == 0);
}

/* A subtree whose top already has no more than the rights kept is not walked. */
static void restrict_skips_unchanged(void)
{
	struct mnode *root = mdb_insert(&sp[0], 0x1000, 0x5000, L4_RWX, NULL), *prev = root;
	for (int i = 0; i < 50; i++)
		prev = mdb_insert(&sp[1], 0x10000 + 0x1000 * (u64)i, 0x5000, L4_RWX, prev);
	nseen = 0;
	mdb_restrict_tree(root, L4_R | L4_X, note);
	CHECK(nseen == 50 && prev->rights == (L4_R | L4_X));
	nseen = 0;
	mdb_restrict_tree(root, L4_R | L4_X, note);      /* nothing left to take */
	CHECK(nseen == 0);
	nseen = 0;
	mdb_restrict_tree(root->child, L4_R, note);      /* the 49 below the first */
	CHECK(nseen == 49 && prev->rights == L4_R && root->child->rights == (L4_R | L4_X));
	mdb_remove_tree(root, true, NULL);
	CHECK(mdb_count() == 0);
}

static void deep_chain_and_exhaustion(void)
{
	struct mnode *prev = NULL, *first = NULL;
	int n = 0;
	for (int i = 0; i < 4; i++)
		limit[i] = charged[i] + 2;           /* 8 pages in all */
	for (;; n++) {
		struct mnode *m = mdb_insert(&sp[n % 4], 0x1000 * (u64)(n + 1), 0x9000, L4_RWX, prev);
		if (!m)
			break;
		if (!first)
			first = m;
		prev = m;
	}
	CHECK(n > 100);                          /* pool of 8 pages */
	removed = 0;
	mdb_remove_tree(first, true, count);     /* iterative: no deep recursion */
	CHECK(removed == n && mdb_count() == 0);
	CHECK(mdb_find_any(&sp[0]) == NULL);
	for (int i = 0; i < 4; i++) {
		CHECK(charged[i] == 0);
		limit[i] = 1000;
	}
}

/* Nodes cost their own space's account, a page at a time; the page goes
 * back when its last node goes; over the limit an insert fails cleanly. */
static void slab_accounting(void)
{
	u64 per = mdb_slab_nodes(), before = mdb_count();
	CHECK(per >= 32 && charged[2] == 0);
	struct mnode *root = mdb_insert(&sp[0], 0x1000, 0x5000, L4_RWX, NULL);
	long base0 = charged[0];
	for (u64 i = 0; i < per + 1; i++)
		CHECK(mdb_insert(&sp[2], 0x100000 + i * 4096, 0x5000, L4_R, root) != NULL);
	CHECK(charged[2] == 2 && charged[0] == base0);
	limit[2] = 2;
	u64 extra = 0;
	while (mdb_insert(&sp[2], 0x900000 + extra * 4096, 0x5000, L4_R, root))
		extra++;
	CHECK(extra == per - 1 && charged[2] == 2);
	mdb_remove_tree(root, false, NULL);
	CHECK(charged[2] == 0 && sp[2].slabs == NULL);
	mdb_remove_tree(root, true, NULL);
	CHECK(mdb_count() == before);
	limit[2] = 1000;
}

int main(void)
{
	RUN("mdb", insert_lookup);
	RUN("mdb", revoke_transitive);
	RUN("mdb", restrict_rights);
	RUN("mdb", restrict_skips_unchanged);
	RUN("mdb", deep_chain_and_exhaustion);
	RUN("mdb", slab_accounting);
	return check_total_failed;
}
