/* Address-space objects: ids, creation, destruction, IPC permissions. */
#include <kernel.h>
#include <arch.h>

struct space space_table[MAX_SPACES];
static u32 versions[MAX_SPACES];
struct space *kernel_space;

struct space *space_lookup(u64 sid)
{
	u64 i = sid & 0xffff;
	if (i >= MAX_SPACES || !sid)
		return NULL;
	struct space *s = &space_table[i];
	return s->sid == sid ? s : NULL;
}

struct space *space_create(int *err)
{
	static int hint = 1;              /* a scan from 1 cost 4 us with 1,000 spaces */
	for (int k = 0; k < MAX_SPACES - 1; k++) {
		int i = 1 + (hint - 1 + k) % (MAX_SPACES - 1);
		struct space *s = &space_table[i];
		if (s->sid)
			continue;
		hint = i + 1 < MAX_SPACES ? i + 1 : 1;
		*s = (struct space){ .kmem_limit = KMEM_UNLIMITED };
		if ((*err = arch_pt_create(s)) != L4_OK)
			return NULL;
		versions[i] = (versions[i] + 1) & 0x7fff;   /* ids stay positive ints (Linux keeps them as pids) */
		if (!versions[i])
			versions[i] = 1;
		s->sid = (u64)i | ((u64)versions[i] << 16);
		return s;
	}
	*err = L4_ENOMEM;
	return NULL;
}

/* Nothing runs in s or maps into it any more: vCPUs visiting it go home,
 * its threads go, its owner loses it, it loses what it owned. */
void space_quiesce(struct space *s)
{
	vcpu_evict_space(s);
	for (int i = 0; i < MAX_SPACES && s->nowned; i++)
		if (space_table[i].owner == s)
			space_set_owner(&space_table[i], NULL);
	space_set_owner(s, NULL);
	while (s->threads)
		thread_destroy(s->threads);
}

void space_set_owner(struct space *s, struct space *owner)
{
	if (s->owner)
		s->owner->nowned--;
	s->owner = owner;
	if (owner)
		owner->nowned++;
}

/* Threads first (they may be blocked on others), then mappings, then
 * tables. A big space goes in steps (preempt_due): false when the caller
 * must call again; each step quiesces again (cheap when nothing is left),
 * so nothing made in s between steps survives it. */
bool space_destroy(struct space *s)
{
	space_quiesce(s);
	if (!space_unmap_preemptible(s) || !arch_pt_destroy(s))
		return false;
	for (int i = 0; i < MAX_SPACES && s->npayees; i++)     /* payees pay for themselves */
		if (space_table[i].payer == s) {
			kmem_set_payer(&space_table[i], NULL);
			space_table[i].kmem_limit = 0;    /* orphans get no more */
		}
	kmem_set_payer(s, NULL);
	assert(s->kmem_own == 0 && s->kmem_charged == 0 && !s->slabs);
	s->sid = 0;
	return true;
}

bool space_may_send(struct space *from, struct space *to)
{
	int i = space_index(to);
	return from == to || (from->flags & SP_ALLOW_ALL) || (from->allow[i / 64] >> (i % 64)) & 1;
}
