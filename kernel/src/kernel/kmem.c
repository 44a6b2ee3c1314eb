/* Kernel memory: 4 KiB frames from the pool reserved at boot, and the
 * accounts they are charged to.
 *
 * Every frame the kernel takes for a space's sake (its page tables, the
 * pages of its mapping nodes, its threads' TCBs, kernel stacks and UTCBs,
 * vCPU state pages) is charged to that space's payer: the space itself,
 * or the space that pays for it (Iguana makes a domain pay for its child
 * domains, Wombat for its Linux processes). An account holds at most its
 * limit; the root server gives the limits out of the pool so that their
 * sum fits, and no space can then take frames another one was promised.
 *
 * kalloc() hands out zeroed frames in constant time: freed frames go to a
 * dirty list and are zeroed with interrupts on, by the idle thread
 * (kmem_scrub) or by kmem_ready() at the preemption points of the calls
 * that allocate, a piece at a time, so a high-priority thread's interrupt
 * never waits for a page to be zeroed. Only when no clean frame is left
 * does kalloc zero one itself. */
#include <kernel.h>
#include <arch.h>

struct free_frame { struct free_frame *next; };
static struct free_frame *clean, *dirty;
static u64 nfree, nclean, ntotal;
static u8 *scrubbing;            /* a dirty frame being zeroed in pieces */
static u32 scrubbed;             /* ...bytes of it done */
/* One word per frame of the pool, below it: for a page table in the frame,
 * which groups of 8 entries may hold one (bit g: entries 8g..8g+7), set
 * as the walk adds a table below (kmem_pt_added), so freeing a space's
 * tables looks only there (vspace.c); 0 while the frame is free. */
static u64 *pt_groups, pool_pa;

static void push(struct free_frame **list, void *page)
{
	struct free_frame *f = page;
	f->next = *list;
	*list = f;
}

static void *pop(struct free_frame **list)
{
	struct free_frame *f = *list;
	if (f)
		*list = f->next;
	return f;
}

void kmem_init(u64 start, u64 end)
{
	start = ALIGN_UP(start, PAGE_SIZE);
	u64 words = end > start ? (end - start) / PAGE_SIZE : 0;
	pt_groups = phys_to_virt(start);
	arch_zero_bytes(pt_groups, ALIGN_UP(words * sizeof(u64), PAGE_SIZE), false);
	start += ALIGN_UP(words * sizeof(u64), PAGE_SIZE);
	pool_pa = start;
	for (u64 pa = start; pa + PAGE_SIZE <= end; pa += PAGE_SIZE) {
		void *p = phys_to_virt(pa);
		arch_zero_bytes(p, PAGE_SIZE, false);
		push(&clean, p);
		nfree++;
		nclean++;
	}
	ntotal = nfree;
}

void *kalloc(void)
{
	u64 *p = pop(&clean);
	if (p) {
		p[0] = 0;                  /* the list link */
		nclean--;
	} else if ((p = pop(&dirty))) {
		arch_zero_bytes(p, PAGE_SIZE, false);
	} else {
		return NULL;
	}
	nfree--;
	return p;
}

static u64 *groups_of(void *table)
{
	u64 i = (virt_to_phys(table) - pool_pa) / PAGE_SIZE;
	assert(i < ntotal);
	return &pt_groups[i];
}

void kmem_pt_added(void *table, unsigned index) { *groups_of(table) |= 1ULL << (index / 8); }
u64 kmem_pt_groups(void *table) { return *groups_of(table); }
void kmem_pt_group_done(void *table, unsigned group) { *groups_of(table) &= ~(1ULL << group); }

void kfree(void *page)
{
	*groups_of(page) = 0;
	push(&dirty, page);
	nfree++;
}

static struct space *account(struct space *s) { return s->payer ? s->payer : s; }

bool kmem_charge(struct space *s, u64 n)
{
	struct space *a = account(s);
	if (a->kmem_charged + n > a->kmem_limit || a->kmem_charged + n < n)
		return false;
	a->kmem_charged += n;
	s->kmem_own += n;
	return true;
}

void kmem_uncharge(struct space *s, u64 n)
{
	struct space *a = account(s);
	assert(s->kmem_own >= n && a->kmem_charged >= n);
	a->kmem_charged -= n;
	s->kmem_own -= n;
}

/* A frame for cause's sake: zeroed, or with zero false as it comes (the
 * caller initialises all of it). */
void *kmem_alloc(struct space *s, bool zero)
{
	if (!nfree || !kmem_charge(s, 1))
		return NULL;
	void *p = zero ? kalloc() : pop(&dirty);
	if (!zero && p)
		nfree--;
	else if (!zero)
		p = kalloc();
	if (!p)
		kmem_uncharge(s, 1);
	return p;
}

void kmem_free(struct space *s, void *page)
{
	kmem_uncharge(s, 1);
	kfree(page);
}

/* From now on s's frames are charged to payer's account (NULL: its own);
 * what it holds moves with it. Payers do not chain: a payer's own payer
 * is used. */
void kmem_set_payer(struct space *s, struct space *payer)
{
	if (payer)
		payer = account(payer);
	if (payer == s)
		payer = NULL;
	struct space *old = account(s);
	old->kmem_charged -= s->kmem_own;
	if (s->payer)
		s->payer->npayees--;
	s->payer = payer;
	if (payer)
		payer->npayees++;
	account(s)->kmem_charged += s->kmem_own;
}

/* Zero dirty frames until `frames` clean ones are ready, 512 bytes at a
 * time; false when a timer event fell due first (the caller's preemption
 * point: it restarts, and the work done is kept). At least one piece is
 * done per call, so a timer due all the time cannot stall the caller. */
bool kmem_ready(u64 frames)
{
	bool progressed = false;
	while (nclean < frames) {
		if (!scrubbing) {
			if (!(scrubbing = pop(&dirty)))
				return true;       /* nothing to zero: kalloc will find none either */
			scrubbed = 0;
		}
		while (scrubbed < PAGE_SIZE) {
			if (progressed && preempt_due())
				return false;
			arch_zero_bytes(scrubbing + scrubbed, 512, false);
			scrubbed += 512;
			progressed = true;
		}
		push(&clean, scrubbing);
		nclean++;
		scrubbing = NULL;
	}
	return true;
}

/* Idle work: zero one dirty frame with interrupts on. True if there may be more. */
bool kmem_scrub(void)
{
	if (!dirty && !scrubbing)
		return false;
	if (!scrubbing) {
		scrubbing = pop(&dirty);
		scrubbed = 0;
	}
	u8 *p = scrubbing;
	scrubbing = NULL;              /* an interrupt's kernel work may not take it meanwhile */
	arch_zero_bytes(p + scrubbed, PAGE_SIZE - scrubbed, true);
	push(&clean, p);
	nclean++;
	return true;
}

u64 kmem_free_count(void) { return nfree; }
u64 kmem_total(void) { return ntotal; }
