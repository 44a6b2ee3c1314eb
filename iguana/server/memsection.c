/* Memory sections: ranges of the one shared layout, backed by frames on first touch. */
#include "server.h"
#include <stdlib.h>

static struct ms sections[MAX_MS];
#define VA_BASE IG_SHARED_BASE         /* sections Iguana places itself (abi: the shared window) */
static l4_word va_next = VA_BASE;

/* A fresh range of the shared layout, with a guard page between sections. */
l4_word va_alloc(l4_word pages)
{
	l4_word va = va_next;
	va_next += (pages + 1) * PAGE;
	return va;
}

struct ms *ms_find(l4_word addr)
{
	for (int i = 0; i < MAX_MS; i++) {
		struct ms *m = &sections[i];
		if (m->used && !m->dying && addr >= m->base && addr < m->base + m->pages * PAGE)
			return m;
	}
	return NULL;
}

static bool overlaps(l4_word base, l4_word pages)
{
	for (int i = 0; i < MAX_MS; i++) {
		struct ms *m = &sections[i];
		if (m->used && !m->dying && base < m->base + m->pages * PAGE && m->base < base + pages * PAGE)
			return true;
	}
	return false;
}

/* base 0: Iguana picks the address. Counts against the owner's quota. */
struct ms *ms_create(struct pd *owner, l4_word base, l4_word pages, unsigned rights, int *err)
{
	*err = IG_EINVAL;
	if (!pages || pages > (1UL << 22) || (base & (PAGE - 1)))
		return NULL;
	if (owner && owner->pages_used + pages > owner->cfg.quota) {
		*err = IG_EQUOTA;
		return NULL;
	}
	if (!base)
		base = va_alloc(pages);
	if (base < 0x1000 || base + pages * PAGE > VA_TOP || overlaps(base, pages) ||
	    (base < 0x400000 + 0x400000 && base + pages * PAGE > 0x400000))   /* Iguana's own image */
		return NULL;
	for (int i = 0; i < MAX_MS; i++) {
		struct ms *m = &sections[i];
		if (m->used)
			continue;
		m->frames = calloc(pages, sizeof(l4_word));
		if (!m->frames) {
			*err = IG_ENOMEM;
			return NULL;
		}
		m->used = true;
		m->base = base;
		m->pages = pages;
		m->owner = owner;
		m->rights = rights;
		if (owner)
			owner->pages_used += pages;
		*err = IG_OK;
		return m;
	}
	*err = IG_ENOMEM;
	return NULL;
}

static void ms_free(struct ms *m)
{
	for (l4_word i = 0; i < m->pages; i++)
		if (m->frames[i])
			frame_free(m->frames[i]);
	cap_drop_object(m);
	free(m->frames);
	memset(m, 0, sizeof(*m));
}

/* The borrower's in-flight record (IG_MS_WATCH), read and written through
 * Iguana's own mapping of its section, found afresh each time: NULL if
 * the borrower named none or no longer owns that page. */
static volatile struct ig_dma_watch *watch_of(struct ms *m)
{
	struct ms *w = m->watch ? ms_find(m->watch) : NULL;
	if (!w || w->owner != m->dma || !ms_page(w, m->watch))
		return NULL;
	return (volatile struct ig_dma_watch *)m->watch;
}

/* Unmapping Iguana's own copy revokes every domain's mapping derived from
 * it; the owner's quota gets its pages back. */
static void ms_withdraw(struct ms *m)
{
	for (l4_word i = 0; i < m->pages; i++)
		if (m->frames[i])
			l4_unmap(m->base + i * PAGE, 1, L4_RWX | L4_UNMAP_SELF);
	for (int i = 0; i < MAX_PDS; i++)
		if (pds[i].used)
			pd_detach(&pds[i], m);
	if (m->owner)
		m->owner->pages_used -= m->pages;
	m->owner = NULL;
}

/*
 * A section lent to a dma domain (IG_MS_LEND: Wombat's RAM, which the
 * block driver's device reads and writes) keeps its frames while the
 * device may still be using them: Iguana raises `revoked` in the
 * borrower's record and then reads `inflight`, the borrower counts a
 * request in before it checks `revoked` (ig_dma_watch, abi). Nothing in
 * flight: freed now. Otherwise the section is dying, unreachable and
 * unmapped, its frames nobody's, until the borrower gives it back
 * (IG_MS_DELETE on its capability) or, once it ended, its next instance
 * has reset the device (ms_hold).
 */
void ms_delete(struct ms *m)
{
	ms_withdraw(m);
	if (m->dma) {
		volatile struct ig_dma_watch *w = watch_of(m);
		if (w) {
			w->revoked = 1;
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
		}
		if (w && w->inflight) {
			m->dying = true;
			cap_drop_object_but(m, m->dma);
			return;
		}
	}
	ms_free(m);
}

/*
 * A dma domain p ended, and its device may still be writing m (a section
 * of p's whose frames it learned, or a dying one lent to it): nothing
 * stops a device but its driver. So m stays dying, its frames nobody's,
 * until p's next instance says it has reset the device (IG_DEV_RESET);
 * a driver never started again keeps them (at most its own quota's).
 */
static void ms_hold(struct ms *m, struct pd *p)
{
	if (!m->dying)
		ms_withdraw(m);
	cap_drop_object(m);
	m->dying = true;
	m->held_for = p;
	m->dma = NULL;
	m->watch = 0;
}

/* A borrowed section goes back: a dying one is freed (its borrower's
 * device is done with it). */
static void ms_unlend(struct ms *m)
{
	struct pd *b = m->dma;
	m->dma = NULL;
	m->watch = 0;
	if (m->dying)
		ms_free(m);
	else
		cap_drop_held(m, b);
}

/* p ends: what it borrowed goes back, but a dying section its device may
 * still be using is held (ms_hold). Sections lent to p that their owner
 * still uses stay theirs (docs/virtio.md: the window this leaves). */
void ms_release_lent(struct pd *p)
{
	if (!(p->cfg.flags & CFG_DMA))       /* only dma domains borrow (and a Linux process's end stays cheap) */
		return;
	for (int i = 0; i < MAX_MS; i++)
		if (sections[i].used && sections[i].dma == p) {
			if (sections[i].dying)
				ms_hold(&sections[i], p);
			else
				ms_unlend(&sections[i]);
		}
}

/* The page at addr, in Iguana's own space at the same address; allocated and zeroed on first use. */
l4_word ms_page(struct ms *m, l4_word addr)
{
	l4_word i = (addr - m->base) / PAGE, va = m->base + i * PAGE;
	if (!m->frames[i]) {
		l4_word pa = frame_alloc();
		if (!pa)
			return 0;
		if (l4_map_phys(iguana_space, va, pa, 1, L4_RWX) != L4_OK) {
			frame_free(pa);
			return 0;
		}
		memset((void *)va, 0, PAGE);
		m->frames[i] = pa;
	}
	return va;
}

void ms_delete_owned(struct pd *p)
{
	/* pages_used is the pages of the sections p owns (ms_create adds,
	 * ms_withdraw takes back; none is empty): a Linux process's domain
	 * owns none, and its end skips the walk of every section (2,600
	 * instructions of each fork+exit). */
	if (!p->pages_used)
		return;
	for (int i = 0; i < MAX_MS; i++) {
		struct ms *m = &sections[i];
		if (!m->used || m->owner != p)
			continue;
		if (m->dev_known)
			ms_hold(m, p);
		else
			ms_delete(m);
	}
}

l4_word ms_held_pages(struct pd *p)
{
	l4_word n = 0;
	for (int i = 0; i < MAX_MS; i++)
		if (sections[i].used && sections[i].held_for == p)
			n += sections[i].pages;
	return n;
}

/* () -> (pages freed): the caller's device is reset, so what Iguana held
 * for it since its earlier instances ended may go. */
int req_dev_reset(struct request *rq)
{
	if (!(rq->pd->cfg.flags & CFG_DMA))
		return IG_EPERM;
	l4_word n = 0;
	for (int i = 0; i < MAX_MS; i++)
		if (sections[i].used && sections[i].held_for == rq->pd) {
			n += sections[i].pages;
			ms_free(&sections[i]);
		}
	rq->out[0] = n;
	rq->nout = 1;
	return IG_OK;
}

l4_word ms_count(void)
{
	l4_word n = 0;
	for (int i = 0; i < MAX_MS; i++)
		n += sections[i].used;
	return n;
}

/* Requests on sections (IG_MS_*). */

/* Back every page of m with consecutive frames now, mapped in Iguana's space and zeroed. */
static int ms_contig(struct ms *m)
{
	l4_word pa = frames_alloc_contig(m->pages);
	if (!pa)
		return IG_ENOMEM;
	for (l4_word i = 0; i < m->pages; i++) {
		if (l4_map_phys(iguana_space, m->base + i * PAGE, pa + i * PAGE, 1, L4_RWX) != L4_OK) {
			for (l4_word k = i; k < m->pages; k++)
				frame_free(pa + k * PAGE);
			return IG_ENOMEM;        /* ms_delete frees the pages mapped so far */
		}
		memset((void *)(m->base + i * PAGE), 0, PAGE);
		m->frames[i] = pa + i * PAGE;
	}
	return IG_OK;
}

/* (pages, rights) -> (base, cap): a section at a fresh address, attached to the
 * caller. IG_MS_CONTIG (dma domains): consecutive frames, allocated at once. */
int req_ms_create(struct request *rq)
{
	struct ms *m;
	int err;
	l4_word rights = rq->arg[1] & 7;
	if (rq->arg[1] & ~(7UL | IG_MS_CONTIG) || !rights)
		return IG_EINVAL;
	if ((rq->arg[1] & IG_MS_CONTIG) && !(rq->pd->cfg.flags & CFG_DMA))
		return IG_EPERM;
	if (!(m = ms_create(rq->pd, 0, rq->arg[0], (unsigned)rights, &err)))
		return err;
	if ((rq->arg[1] & IG_MS_CONTIG) && (err = ms_contig(m)) != IG_OK) {
		ms_delete(m);
		return err;
	}
	m->dev_known = rq->arg[1] & IG_MS_CONTIG;
	rq->arg[1] = rights;
	if ((err = pd_attach(rq->pd, m, (unsigned)rq->arg[1])) != IG_OK) {
		ms_delete(m);
		return err;
	}
	rq->out[0] = m->base;
	rq->out[1] = cap_new(CAP_MS, m, rq->pd);
	rq->nout = 2;
	return IG_OK;
}

/* (ms cap): only the owner deletes; the domain it is lent to gives it back. */
int req_ms_delete(struct request *rq)
{
	struct ms *m = cap_check(rq->arg[0], CAP_MS, rq->pd);
	if (!m)
		return IG_ECAP;
	if (m->dma == rq->pd) {
		ms_unlend(m);
		return IG_OK;
	}
	if (m->owner != rq->pd)
		return IG_EPERM;
	ms_delete(m);
	return IG_OK;
}

/* (ms cap) -> (base, pages) */
int req_ms_info(struct request *rq)
{
	struct ms *m = cap_check(rq->arg[0], CAP_MS, rq->pd);
	if (!m)
		return IG_ECAP;
	rq->out[0] = m->base;
	rq->out[1] = m->pages;
	rq->nout = 2;
	return IG_OK;
}

/* (pd cap, ms cap, rights): no more rights than the section has. */
int req_ms_attach(struct request *rq)
{
	struct pd *q;
	struct ms *m;
	if (!(q = cap_check(rq->arg[0], CAP_PD, rq->pd)) || !(m = cap_check(rq->arg[1], CAP_MS, rq->pd)))
		return IG_ECAP;
	if (rq->arg[2] & ~(l4_word)m->rights || !rq->arg[2])
		return IG_EPERM;
	return pd_attach(q, m, (unsigned)rq->arg[2]);
}

/* (pd cap, ms cap) */
int req_ms_detach(struct request *rq)
{
	struct pd *q;
	struct ms *m;
	if (!(q = cap_check(rq->arg[0], CAP_PD, rq->pd)) || !(m = cap_check(rq->arg[1], CAP_MS, rq->pd)))
		return IG_ECAP;
	pd_detach(q, m);
	return IG_OK;
}

/* (ms cap, pd cap) -> (new cap): the other domain's own capability to the section. */
int req_ms_grant(struct request *rq)
{
	struct pd *q;
	struct ms *m;
	if (!(m = cap_check(rq->arg[0], CAP_MS, rq->pd)) || !(q = cap_check(rq->arg[1], CAP_PD, rq->pd)))
		return IG_ECAP;
	rq->out[0] = cap_new(CAP_MS, m, q);
	rq->nout = 1;
	return rq->out[0] ? IG_OK : IG_ENOMEM;
}

/* IG_MS_SHARE's and IG_MS_LEND's start: the section of capability arg[0],
 * which the caller must own, and the domain of thread arg[1] (NULL if none). */
static int owned_and_other(struct request *rq, struct ms **m, struct pd **q)
{
	*m = cap_check(rq->arg[0], CAP_MS, rq->pd);
	*q = rq->arg[1] ? pd_of_thread(rq->arg[1]) : NULL;
	if (!*m)
		return IG_ECAP;
	return (*m)->owner == rq->pd ? IG_OK : IG_EPERM;
}

/* (ms cap, tid, rights) -> (new cap): the owner lends its section to the
 * domain of a thread it serves (a driver's buffer to its client): attached
 * there with no more rights than the section has, and a capability for it.
 * The owner keeps the section's lifetime (and its quota's pages). */
int req_ms_share(struct request *rq)
{
	struct ms *m;
	struct pd *q;
	int err = owned_and_other(rq, &m, &q);
	if (err != IG_OK)
		return err;
	if (!q || q == rq->pd || !rq->arg[2] || rq->arg[2] & ~(l4_word)m->rights)
		return IG_EINVAL;
	/* Others' sections may fill at most a quarter of a domain's attachments. */
	int lent = 0;
	for (int i = 0; i < MAX_ATTACH; i++)
		lent += q->att[i].ms && q->att[i].ms->owner != q && q->att[i].ms != m;
	if (lent >= MAX_ATTACH / 4)
		return IG_EQUOTA;
	if ((err = pd_attach(q, m, (unsigned)rq->arg[2])) != IG_OK)
		return err;
	rq->out[0] = cap_new(CAP_MS, m, q);
	rq->nout = 1;
	return rq->out[0] ? IG_OK : IG_ENOMEM;
}

/* (ms cap, page) -> (physical address): the DMA rule. Only a domain whose
 * boot config says `dma`, and only for a section it owns, so the frames
 * stay its own until it deletes the section, or one lent to it whose
 * owner has not deleted it, after it named its in-flight record (the
 * frames then stay until it says its device is done: ms_delete); the page
 * is allocated now and never moves. */
int req_ms_phys(struct request *rq)
{
	struct ms *m = cap_check(rq->arg[0], CAP_MS, rq->pd);
	if (!m)
		return IG_ECAP;
	if (!(rq->pd->cfg.flags & CFG_DMA) || m->dying ||
	    (m->owner != rq->pd && !(m->dma == rq->pd && m->watch)))
		return IG_EPERM;
	if (rq->arg[1] >= m->pages)
		return IG_EINVAL;
	if (!ms_page(m, m->base + rq->arg[1] * PAGE))
		return IG_ENOMEM;
	m->dev_known |= m->owner == rq->pd;
	rq->out[0] = m->frames[rq->arg[1]];
	rq->nout = 1;
	return IG_OK;
}

/* (ms cap, tid) -> (new cap): the owner lends its section to the dma
 * domain of thread tid (a driver it is a client of) for that domain's
 * device to read and write by DMA: no mapping there, only a capability,
 * for IG_MS_WATCH and IG_MS_PHYS. One borrower at a time. */
int req_ms_lend(struct request *rq)
{
	struct ms *m;
	struct pd *q;
	int err = owned_and_other(rq, &m, &q);
	if (err != IG_OK)
		return err;
	if (!q || q == rq->pd || !(q->cfg.flags & CFG_DMA))
		return IG_EINVAL;
	if (m->dma && m->dma != q)
		return IG_EBUSY;
	if (!(rq->out[0] = cap_new(CAP_MS, m, q)))
		return IG_ENOMEM;
	m->dma = q;
	rq->nout = 1;
	return IG_OK;
}

/* (ms cap, address, tid): the borrower names its struct ig_dma_watch for
 * the section lent to it, in a section of its own, and the thread it
 * serves, whose domain must be the section's owner (so a client cannot
 * pass the driver a capability another client's lend gave it). Once: a
 * second record would leave the first's requests unseen. */
int req_ms_watch(struct request *rq)
{
	struct ms *m = cap_check(rq->arg[0], CAP_MS, rq->pd);
	l4_word a = rq->arg[1];
	struct ms *w = ms_find(a);
	if (!m)
		return IG_ECAP;
	if (m->dma != rq->pd || m->dying || !rq->arg[2] || pd_of_thread(rq->arg[2]) != m->owner)
		return IG_EPERM;
	if (m->watch)
		return IG_EBUSY;              /* one record: it must see every request in flight */
	if ((a & 7) || !w || w->owner != rq->pd || (a & (PAGE - 1)) > PAGE - sizeof(struct ig_dma_watch))
		return IG_EINVAL;
	m->watch = a;
	return IG_OK;
}
