/* The mapping database: a derivation tree per physical page, found by (space, va). */
#include <kernel.h>

/* The hash table is sized from the kernel pool at boot (about one bucket
 * per eight nodes the pool could hold when full of nodes). Nodes live in
 * slab pages charged to their space's account (kmem.c): a page holds the
 * nodes of one space only and goes back to the pool when its last node
 * goes, so a space's mappings cost its own payer and no one else. */
struct mslab {
	struct mslab *next, *prev;   /* the space's pages that have free nodes */
	struct space *space;
	struct mnode *free;
	u64 nfree;
};
#define SLAB_NODES ((PAGE_SIZE - sizeof(struct mslab)) / sizeof(struct mnode))
_Static_assert(SLAB_NODES >= 32, "mapping nodes per page");

static struct mnode **htab;
static u64 hmask, pool_end;
static u64 nused;

/* Take the hash table from the start of the pool [start, start + frames pages). */
void mdb_init(u64 start, u64 frames)
{
	u64 buckets = 1;
	while (buckets < frames * 8)
		buckets <<= 1;
	htab = phys_to_virt(start);
	hmask = buckets - 1;
	for (u64 i = 0; i < buckets; i++)
		htab[i] = NULL;
	pool_end = ALIGN_UP(start + buckets * sizeof(*htab), PAGE_SIZE);
}

u64 mdb_pool_end(void) { return pool_end; }
u64 mdb_slab_nodes(void) { return SLAB_NODES; }

static struct mnode *node_alloc(struct space *s)
{
	struct mslab *sl = s->slabs;
	if (!sl) {
		if (!(sl = kmem_alloc(s, false)))
			return NULL;
		*sl = (struct mslab){ .space = s, .nfree = SLAB_NODES };
		struct mnode *n = (struct mnode *)(sl + 1);
		for (u64 j = 0; j < SLAB_NODES; j++) {
			n[j].hnext = sl->free;
			sl->free = &n[j];
		}
		s->slabs = sl;
	}
	struct mnode *n = sl->free;
	sl->free = n->hnext;
	if (--sl->nfree == 0) {               /* full: off the list */
		s->slabs = sl->next;
		if (sl->next)
			sl->next->prev = NULL;
		sl->next = NULL;
	}
	return n;
}

static void node_free(struct mnode *n)
{
	struct mslab *sl = (struct mslab *)((u64)n & ~(u64)(PAGE_SIZE - 1));
	struct space *s = sl->space;
	n->hnext = sl->free;
	sl->free = n;
	if (++sl->nfree == 1) {               /* was full: back on the list */
		sl->prev = NULL;
		sl->next = s->slabs;
		if (sl->next)
			sl->next->prev = sl;
		s->slabs = sl;
	} else if (sl->nfree == SLAB_NODES) { /* empty: back to the pool */
		if (sl->prev)
			sl->prev->next = sl->next;
		else
			s->slabs = sl->next;
		if (sl->next)
			sl->next->prev = sl->prev;
		kmem_free(s, sl);
	}
}

static unsigned hash(struct space *s, u64 va)
{
	u64 k = ((u64)s >> 6) ^ ((va >> 12) * 0x9E3779B97F4A7C15ULL);
	return (unsigned)((k ^ (k >> 29)) & hmask);
}

struct mnode *mdb_lookup(struct space *s, u64 va)
{
	for (struct mnode *n = htab[hash(s, va)]; n; n = n->hnext)
		if (n->space == s && n->va == va)
			return n;
	return NULL;
}

struct mnode *mdb_insert(struct space *s, u64 va, u64 pa, unsigned rights, struct mnode *parent)
{
	struct mnode *n = node_alloc(s);
	if (!n)
		return NULL;
	nused++;
	s->nmaps++;
	*n = (struct mnode){ .space = s, .va = va, .pa = pa, .rights = (u8)rights,
			     .depth = parent ? parent->depth + 1 : 0, .parent = parent };
	unsigned h = hash(s, va);
	n->hnext = htab[h];
	htab[h] = n;
	n->snext = s->maps;
	if (n->snext)
		n->snext->sprev = n;
	s->maps = n;
	if (parent) {
		n->next = parent->child;
		if (n->next)
			n->next->prev = n;
		parent->child = n;
	}
	return n;
}

static void release(struct mnode *n, mdb_visit cb)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->child = n->next;
	if (n->next)
		n->next->prev = n->prev;
	for (struct mnode **pp = &htab[hash(n->space, n->va)]; *pp; pp = &(*pp)->hnext)
		if (*pp == n) {
			*pp = n->hnext;
			break;
		}
	if (cb)
		cb(n);
	if (n->sprev)
		n->sprev->snext = n->snext;
	else
		n->space->maps = n->snext;
	if (n->snext)
		n->snext->sprev = n->sprev;
	n->space->nmaps--;
	n->space = NULL;
	node_free(n);
	nused--;
}

/* Remove every mapping derived from n (post-order, no recursion); n too if self. */
void mdb_remove_tree(struct mnode *n, bool self, mdb_visit cb)
{
	struct mnode *c = n->child;
	while (c) {
		while (c->child)
			c = c->child;
		struct mnode *up = c->parent;
		release(c, cb);
		c = (up == n) ? n->child : up;
	}
	if (self)
		release(n, cb);
}

/* Reduce the rights of every mapping derived from n to `keep` (pre-order).
 * A mapping never has rights its parent lacks, so a subtree whose top has
 * nothing beyond `keep` is skipped: revoking page by page down a deep
 * derivation chain would otherwise walk the chain again for every page. */
void mdb_restrict_tree(struct mnode *n, unsigned keep, mdb_visit cb)
{
	struct mnode *c = n->child;
	while (c) {
		bool shrinks = c->rights & ~keep;
		if (shrinks) {
			c->rights &= (u8)keep;
			if (cb)
				cb(c);
		}
		if (shrinks && c->child) {
			c = c->child;
			continue;
		}
		while (c != n && !c->next)
			c = c->parent;
		c = (c == n) ? NULL : c->next;
	}
}

u64 mdb_count(void) { return nused; }

/* Some node of space s, or NULL: used when a whole space goes away. */
struct mnode *mdb_find_any(struct space *s)
{
	return s->maps;
}
