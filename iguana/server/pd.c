/* Protection domains: an L4 space, the sections attached to it, its threads and quota. */
#include "server.h"

struct pd pds[MAX_PDS];
#define TIDX 4096                     /* thread index -> domain, for every message Iguana serves */
static struct pd *by_tidx[TIDX];
static unsigned pd_hint;

struct pd *pd_new(const char *name, unsigned quota, struct pd *parent, bool private_space)
{
	for (unsigned k = 0; k < MAX_PDS; k++) {
		struct pd *p = &pds[(pd_hint + k) % MAX_PDS];
		if (p->used)
			continue;
		pd_hint = (unsigned)(p - pds) + 1;
		l4_word sid;
		if (l4_space_create(&sid) != L4_OK)
			return NULL;
		l4_word restarts = p->restarts;
		memset(p, 0, sizeof(*p));
		p->used = true;
		p->space = sid;
		p->parent = parent;
		if (parent)
			parent->nchildren++;
		p->private_space = private_space;
		p->restarts = restarts;
		p->cfg.quota = quota;
		p->utcb_next = 1;
		strncpy(p->cfg.name, name, sizeof(p->cfg.name) - 1);
		p->state = IG_DS_RUNNING;
		return p;
	}
	return NULL;
}

/*
 * A native-mode Linux process runs on Wombat's vCPU: its page faults go to
 * Wombat, which knows nothing of Iguana's sections. So every page of a
 * section attached to it is mapped at once (frames allocated now), derived
 * from Iguana's own mapping, so that deleting or detaching the section
 * still revokes it; and only sections inside the shared window, which its
 * Linux side keeps free, may be attached to it.
 */
static int native_map(struct pd *p, struct ms *m, unsigned rights)
{
	if (m->base < IG_SHARED_BASE || m->base + m->pages * PAGE > IG_SHARED_TOP)
		return IG_EINVAL;
	for (l4_word k = 0; k < m->pages; k++) {
		l4_word va = ms_page(m, m->base + k * PAGE);
		if (!va)
			return IG_ENOMEM;
		if (l4_map_to(p->space, va, va, 1, rights & 7) != L4_OK)
			return IG_ENOMEM;
	}
	return IG_OK;
}

int pd_attach(struct pd *p, struct ms *m, unsigned rights)
{
	for (int i = 0; i < MAX_ATTACH; i++)
		if (p->att[i].ms == m) {
			p->att[i].rights = rights;
			return p->native ? native_map(p, m, rights) : IG_OK;
		}
	for (int i = 0; i < MAX_ATTACH; i++)
		if (!p->att[i].ms) {
			int err = p->native ? native_map(p, m, rights) : IG_OK;
			if (err != IG_OK) {
				l4_unmap_in(p->space, m->base, m->pages);
				return err;
			}
			p->att[i] = (struct attach){ m, rights };
			return IG_OK;
		}
	return IG_ENOMEM;
}

/* Detach and take back every page the domain got from the section. */
void pd_detach(struct pd *p, struct ms *m)
{
	for (int i = 0; i < MAX_ATTACH; i++) {
		if (p->att[i].ms != m)
			continue;
		p->att[i].ms = NULL;
		for (l4_word k = 0; k < m->pages; k++)
			if (m->frames[k])
				l4_unmap(m->base + k * PAGE, 1, L4_RWX);   /* revokes all derived mappings */
		/* Domains still attached fault the pages back in on their next
		 * touch; native ones cannot (their faults go to Wombat): mapped again. */
		for (int d = 0; d < MAX_PDS; d++)
			for (int j = 0; pds[d].used && pds[d].native && j < MAX_ATTACH; j++)
				if (pds[d].att[j].ms == m)
					native_map(&pds[d], m, pds[d].att[j].rights);
	}
}

struct attach *pd_attached(struct pd *p, l4_word addr)
{
	for (int i = 0; i < MAX_ATTACH; i++) {
		struct ms *m = p->att[i].ms;
		if (m && addr >= m->base && addr < m->base + m->pages * PAGE)
			return &p->att[i];
	}
	return NULL;
}

struct pd *pd_of_thread(l4_word tid)
{
	struct pd *p = by_tidx[L4_TID_INDEX(tid) % TIDX];
	for (int k = 0; p && p->used && k < MAX_THREADS_PER_PD; k++)
		if (p->threads[k] == tid)
			return p;
	for (int i = 0; i < MAX_PDS; i++)     /* an index beyond TIDX */
		for (int k = 0; L4_TID_INDEX(tid) >= TIDX && pds[i].used && k < MAX_THREADS_PER_PD; k++)
			if (pds[i].threads[k] == tid)
				return &pds[i];
	return NULL;
}

struct pd *pd_by_name(const char *name)
{
	for (int i = 0; i < MAX_PDS; i++)
		if (pds[i].used && !pds[i].parent && !strcmp(pds[i].cfg.name, name))
			return &pds[i];
	return NULL;
}

/* A thread in p, paged by Iguana (or by the parent domain for private spaces). */
int pd_thread_new(struct pd *p, l4_word ip, l4_word sp, unsigned prio, l4_word arg, l4_word *tid)
{
	int slot = -1;
	for (int k = 0; k < MAX_THREADS_PER_PD; k++)
		if (!p->threads[k]) {
			slot = k;
			break;
		}
	if (slot < 0)
		return IG_ENOMEM;
	l4_word pager = iguana_tid;
	if (p->private_space && p->parent && !p->native)    /* a native process's own threads: Iguana's */
		pager = p->parent->threads[0];
	l4_word utcb = L4_UTCB_AREA + (p->utcb_next++) * PAGE;
	if (l4_thread_create(p->space, prio, pager, pager, utcb, tid) != L4_OK)
		return IG_ENOMEM;
	p->threads[slot] = *tid;
	by_tidx[L4_TID_INDEX(*tid) % TIDX] = p;
	struct l4_exregs r = { .ip = ip, .sp = sp };
	l4_exregs(*tid, L4_EX_IP | L4_EX_SP, &r);
	(void)arg;     /* the start info address travels on the stack (see loader.c) */
	l4_exregs(*tid, L4_EX_RESUME, &r);
	return IG_OK;
}

void pd_thread_delete(struct pd *p, l4_word tid)
{
	for (int k = 0; k < MAX_THREADS_PER_PD; k++)
		if (p->threads[k] == tid) {
			l4_thread_destroy(tid);
			p->threads[k] = 0;
		}
}

/* A counted number: Wombat creates and deletes a child domain per Linux
 * process, and two scans of the 4,096 domains were a tenth of a fork. */
unsigned pd_children(struct pd *parent)
{
	return parent->nchildren;
}

/* A child domain's slot free again (reclaimed before). */
static void pd_release(struct pd *q)
{
	if (q->parent)
		q->parent->nchildren--;
	q->used = false;
}

static void delete_children(struct pd *parent)
{
	for (int i = 0; i < MAX_PDS && parent->nchildren; i++)
		if (pds[i].used && pds[i].parent == parent) {
			pd_reclaim(&pds[i]);
			pd_release(&pds[i]);
		}
}

/* Everything the domain holds goes back: threads (with its space), sections it
 * owns, attachments, capabilities it holds or that name it, its names, child domains. */
void pd_reclaim(struct pd *p)
{
	delete_children(p);
	/* Threads stop first; then the sections go page by page (each unmap a
	 * short kernel call, so the real-time task preempts in between), which
	 * leaves the space almost empty when it is destroyed. */
	for (int k = 0; k < MAX_THREADS_PER_PD; k++)
		if (p->threads[k]) {
			l4_thread_destroy(p->threads[k]);
			if (p->parent)          /* its creator's capability to it (a native process's agent) */
				cap_drop_object((void *)p->threads[k]);
		}
	memset(p->threads, 0, sizeof(p->threads));
	ms_release_lent(p);
	ms_delete_owned(p);
	if (p->space) {
		l4_space_destroy(p->space);
		p->space = 0;
	}
	memset(p->att, 0, sizeof(p->att));
	names_drop(p);
	cap_drop_holder(p);
	cap_drop_object(p);
	p->startinfo = NULL;
	p->pages_used = 0;
}

void pd_stop(struct pd *p, const char *why, int state)
{
	if (why)
		printf("iguana: domain '%s' %s: stopped\n", p->cfg.name, why);
	pd_reclaim(p);
	p->state = state;
	if (p->parent)
		pd_release(p);
}

/* Requests on domains and threads (IG_PD_*, IG_THREAD_*). */

/* (quota pages, flags) -> (pd cap, space id): a child domain of the caller. */
int req_pd_create(struct request *rq)
{
	struct pd *p = rq->pd, *q;
	if (rq->arg[1] & ~(l4_word)(IG_PD_PRIVATE | IG_PD_FOREIGN))
		return IG_EINVAL;
	/* The domain quota: a domain (Wombat: one per Linux process) has
	 * at most cfg.domains children at once, so it cannot take every
	 * domain Iguana has from the others. */
	if (pd_children(p) >= p->cfg.domains)
		return IG_EQUOTA;
	if (!(q = pd_new("child", (unsigned)rq->arg[0], p, rq->arg[1] & IG_PD_PRIVATE)))
		return IG_ENOMEM;
	q->cfg.domains = CFG_CHILD_DOMAINS;
	/* The parent pays for the kernel memory of its children (Wombat
	 * for its Linux processes' page tables and mappings). */
	l4_space_ctrl(q->space, L4_SC_KMEM_PAYER, p->space);
	if (q->private_space) {
		l4_space_ctrl(q->space, L4_SC_ALLOW, p->space);
		l4_space_ctrl(q->space, L4_SC_OWNER, p->space);
		if (rq->arg[1] & IG_PD_FOREIGN)
			l4_space_ctrl(q->space, L4_SC_FOREIGN, 1);
	} else
		l4_space_ctrl(q->space, L4_SC_ALLOW, iguana_space);
	rq->out[0] = cap_new(CAP_PD, q, p);
	rq->out[1] = q->space;
	rq->nout = 2;
	return IG_OK;
}

/* A native process's domain may use (look up, register) only the names its
 * parent's boot config lists (native=); every other domain any name. */
bool pd_native_may_use(struct pd *p, const char *name)
{
	if (!p->native)
		return true;
	const char *l = p->parent ? p->parent->cfg.native : "";
	size_t n = strlen(name);
	while (*l) {
		const char *e = strchr(l, ',');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		if (len == n && !strncmp(l, name, n))
			return true;
		l += len + (e ? 1 : 0);
	}
	return false;
}

/*
 * (pd cap, image pages) -> (image base): one of the caller's private
 * children (a Linux process of Wombat's) becomes native. Its system calls
 * and faults still go to its owner (it runs on the owner's vCPU), but
 * threads of its own may call Iguana and the servers the caller's native=
 * list names, and the sections attached to it are mapped there at once. A
 * fresh range of the shared layout is reserved for its program's image
 * (the owner backs it with its own memory: Linux's, so that Linux's system
 * calls can read and write it). It may own at most IG_NATIVE_QUOTA pages of
 * sections, have no child domains and no thread above its parent's priority.
 */
int req_pd_native(struct request *rq)
{
	struct pd *p = rq->pd, *q;
	if (!p->cfg.native[0])
		return IG_EPERM;
	if (!(q = cap_check(rq->arg[0], CAP_PD, p)) || q->parent != p)
		return IG_ECAP;
	if (!q->private_space || q->native || !rq->arg[1] || rq->arg[1] > IG_NATIVE_QUOTA)
		return IG_EINVAL;
	l4_word base = va_alloc(rq->arg[1]);
	if (base + rq->arg[1] * PAGE > IG_SHARED_TOP)
		return IG_ENOMEM;
	q->cfg.quota = IG_NATIVE_QUOTA;
	q->cfg.prio = p->cfg.prio;
	q->cfg.domains = 0;
	q->native = true;
	l4_space_ctrl(q->space, L4_SC_FOREIGN, 0);
	l4_space_ctrl(q->space, L4_SC_ALLOW, iguana_space);
	l4_space_ctrl(p->space, L4_SC_ALLOW, q->space);     /* the parent wakes its agent */
	rq->out[0] = base;
	rq->nout = 1;
	return IG_OK;
}

/* (pd cap): not the caller itself. */
int req_pd_delete(struct request *rq)
{
	struct pd *q = cap_check(rq->arg[0], CAP_PD, rq->pd);
	if (!q || q == rq->pd)
		return IG_ECAP;
	pd_reclaim(q);
	pd_release(q);
	return IG_OK;
}

/* (pd cap, ip, sp, prio) -> (tid, thread cap) */
int req_thread_create(struct request *rq)
{
	struct pd *p = rq->pd, *q;
	l4_word tid;
	int err;
	if (!(q = cap_check(rq->arg[0], CAP_PD, p)))
		return IG_ECAP;
	l4_word prio = rq->arg[3] == IG_PRIO_CREATOR ? p->cfg.prio : rq->arg[3];
	if (prio > p->cfg.prio && p->cfg.prio)
		return IG_EPERM;          /* no thread above the creator's own priority */
	if ((err = pd_thread_new(q, rq->arg[1], rq->arg[2], (unsigned)prio, 0, &tid)) != IG_OK)
		return err;
	rq->out[0] = tid;
	rq->out[1] = cap_new(CAP_THREAD, (void *)tid, p);
	rq->nout = 2;
	return IG_OK;
}

/* (tid, below) -> (prio): one of the caller's own threads a little below
 * the domain's priority (never above it, so no domain gains by it). */
int req_thread_prio(struct request *rq)
{
	struct pd *p = rq->pd;
	if (!rq->arg[0] || pd_of_thread(rq->arg[0]) != p)
		return IG_EPERM;
	if (rq->arg[1] > p->cfg.prio)
		return IG_EINVAL;
	l4_word prio = p->cfg.prio - rq->arg[1];
	if (l4_schedule(rq->arg[0], prio, 0) != L4_OK)
		return IG_EINVAL;
	rq->out[0] = prio;
	rq->nout = 1;
	return IG_OK;
}

/* (thread cap) */
int req_thread_delete(struct request *rq)
{
	struct pd *q;
	l4_word tid = (l4_word)cap_check(rq->arg[0], CAP_THREAD, rq->pd);
	if (!tid || !(q = pd_of_thread(tid)))
		return IG_ECAP;
	pd_thread_delete(q, tid);
	cap_drop_object((void *)tid);
	return IG_OK;
}

/* (tid) -> (flags, name words x4): which boot-config domain a thread acts
 * for, so that a server can apply its configured policy to a client (the
 * block driver's regions). A child domain answers with its boot-config
 * ancestor's name and IG_WHO_CHILD. */
int req_pd_who(struct request *rq)
{
	struct pd *q = pd_of_thread(rq->arg[0]);
	if (!rq->arg[0] || !q)
		return IG_ENOENT;
	rq->out[0] = q->parent ? IG_WHO_CHILD : 0;
	while (q->parent)
		q = q->parent;
	memset(&rq->out[1], 0, IG_NAME_WORDS * 8);
	strncpy((char *)&rq->out[1], q->cfg.name, IG_NAME_WORDS * 8 - 1);
	rq->nout = 1 + IG_NAME_WORDS;
	return IG_OK;
}
