/* Address-space objects: ids, creation, destruction, IPC permissions. */
#include <kernel.h>
#include <arch.h>

struct space space_table[MAX_SPACES];
static u32 versions[MAX_SPACES];
struct space *kernel_space;
u64 spaces_live;
u64 space_epoch = 1;

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
		spaces_live++;
		return s;
	}
	*err = L4_ENOMEM;
	return NULL;
}

/* s gives up the spaces it owns (payees false) or pays for (true). The
 * table is 4,096 slots 640 bytes apart: walked end to end, about 20,000
 * instructions with interrupts off, which delayed the real-time task by
 * up to 17 us when Wombat was reclaimed. So the walk stops at a preemption
 * point every 64 slots (false: call again) and goes on from s->scan_at. A
 * space made meanwhile below the cursor is found by starting over.
 * preemptible false: the whole walk now (it cannot fail). */
static bool space_release_all(struct space *s, bool payees, bool preemptible)
{
	u32 *left = payees ? &s->npayees : &s->nowned;
	if (!*left)
		return true;                 /* the cursor may be the other walk's */
	for (int n = 0; *left && n < MAX_SPACES; n++) {   /* n: in case a count were wrong */
		if (s->scan_at >= MAX_SPACES)
			s->scan_at = 0;
		struct space *o = &space_table[s->scan_at++];
		if (!payees && o->owner == s) {
			space_set_owner(o, NULL);
		} else if (payees && o->payer == s) {
			kmem_set_payer(o, NULL);
			o->kmem_limit = 0;        /* orphans get no more */
		}
		if (preemptible && !(s->scan_at & 63) && *left && preempt_due())
			return false;
	}
	s->scan_at = 0;
	return true;
}

/* Nothing runs in s or maps into it any more: vCPUs visiting it go home,
 * its threads go, its owner loses it, it loses what it owned. False:
 * preempted, call again. */
static bool space_quiesce(struct space *s)
{
	vcpu_evict_space(s);
	if (!space_release_all(s, false, true))
		return false;
	space_set_owner(s, NULL);
	while (s->threads)
		thread_destroy(s->threads);
	return true;
}

void space_set_owner(struct space *s, struct space *owner)
{
	if (s->owner)
		s->owner->nowned--;
	s->owner = owner;
	space_epoch++;
	if (owner)
		owner->nowned++;
}

/* Threads first (they may be blocked on others), then mappings, then
 * tables. A big space goes in steps (preempt_due): false when the caller
 * must call again; each step quiesces again (cheap when nothing is left),
 * so nothing made in s between steps survives it. */
bool space_destroy(struct space *s)
{
	if (!space_quiesce(s) || !space_release_all(s, true, true) ||    /* payees pay for themselves */
	    !space_unmap_preemptible(s) || !arch_pt_destroy(s))
		return false;
	/* The tables are gone: no more steps. A payee given to s meanwhile (by
	 * a privileged thread, while it was being destroyed) is let go now. */
	space_release_all(s, true, false);
	kmem_set_payer(s, NULL);
	assert(s->kmem_own == 0 && s->kmem_charged == 0 && !s->slabs);
	s->sid = 0;
	space_epoch++;
	spaces_live--;
	return true;
}

bool space_may_send(struct space *from, struct space *to)
{
	int i = space_index(to);
	return from == to || (from->flags & SP_ALLOW_ALL) || (from->allow[i / 64] >> (i % 64)) & 1;
}
