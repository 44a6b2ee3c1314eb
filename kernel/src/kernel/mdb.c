/* The mapping database: a derivation tree per physical page, found by (space, va). */
#include <kernel.h>

#define HBITS 15
static struct mnode *htab[1 << HBITS];
static struct mnode *free_nodes;
static u64 nused;

/* Carve the node pool out of `pages` kernel pages, once at boot. */
void mdb_init_pool(u64 pages)
{
	for (u64 i = 0; i < pages; i++) {
		struct mnode *n = kalloc();
		if (!n)
			break;
		for (size_t j = 0; j < PAGE_SIZE / sizeof(*n); j++) {
			n[j].hnext = free_nodes;
			free_nodes = &n[j];
		}
	}
}

static unsigned hash(struct space *s, u64 va)
{
	u64 k = ((u64)s >> 6) ^ ((va >> 12) * 0x9E3779B97F4A7C15ULL);
	return (unsigned)((k ^ (k >> 29)) & ((1 << HBITS) - 1));
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
	struct mnode *n = free_nodes;
	if (!n)
		return NULL;
	free_nodes = n->hnext;
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
	n->hnext = free_nodes;
	free_nodes = n;
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
