/* Iguana's server loop: page faults, exceptions and requests, one at a time. */
#include "iguana.h"

static void name_from(const l4_word *w, char *out)
{
	memcpy(out, w, IG_NAME_WORDS * 8);
	out[IG_NAME_WORDS * 8 - 1] = 0;
}

/* A configured domain ended by itself (exit, fault, exception): what its
 * boot-config line asked for (onexit=poweroff or onexit=restart). */
void ended(struct pd *p, l4_word code)
{
	if (p->cfg.flags & CFG_POWEROFF) {
		printf("iguana: domain '%s' ended (%ld): powering off\n", p->cfg.name, (long)code);
		stdio_flush();
		l4_shutdown(code ? 2 : 0);
	}
	if (p->cfg.flags & CFG_RESTART) {
		extern int domain_restart(struct pd *q);
		domain_restart(p);
	}
}

/* A fault in a domain: map the page if the domain has it attached with the
 * rights the access needs, else stop the domain. Returns 1 to reply. */
static int page_fault(struct pd *p, l4_word *mr, struct l4_msg *m)
{
	l4_word addr = mr[0], access = mr[1];
	struct attach *a = p ? pd_attached(p, addr) : NULL;
	unsigned need = (access & L4_PF_WRITE) ? IG_MS_W : (access & L4_PF_EXEC) ? IG_MS_X : IG_MS_R;
	if (!a || !(a->rights & need)) {
		if (p) {
			char why[96];
			snprintf(why, sizeof why, "%s %lx at ip %lx (%s)", (access & L4_PF_WRITE) ? "wrote" : "touched",
				 addr, mr[2], a ? "no right for this access" : "not attached");
			pd_stop(p, why, IG_DS_FAILED);
			ended(p, 1);
		}
		return 0;
	}
	l4_word page = ms_page(a->ms, addr);
	if (!page) {
		pd_stop(p, "out of memory on a fault", IG_DS_FAILED);
		ended(p, 1);
		return 0;
	}
	m->tag = L4_TAG(0, 0, 1);
	m->mr[0] = L4_MAPITEM0(page, 0, a->rights & 7);
	m->mr[1] = page;
	return 1;
}

static int exception(struct pd *p, l4_word *mr)
{
	if (p) {
		char why[96];
		snprintf(why, sizeof why, "exception %lu at ip %lx", mr[L4_EXC_TRAPNO], mr[L4_FR_RIP]);
		pd_stop(p, why, IG_DS_FAILED);
		ended(p, 1);
	}
	return 0;
}

static bool admin(struct pd *p) { return p && (p->cfg.flags & CFG_ADMIN); }

/* Requests: r[] are the arguments, out[] the results after the status. */
static int request(struct pd *p, l4_word from, l4_word op, l4_word *r, l4_word *out, int *nout)
{
	struct ms *m;
	struct pd *q;
	int err;
	char name[IG_NAME_WORDS * 8];
	switch (op) {
	case IG_MS_CREATE:
		if (r[1] & ~7UL || !r[1])
			return IG_EINVAL;
		if (!(m = ms_create(p, 0, r[0], (unsigned)r[1], &err)))
			return err;
		pd_attach(p, m, (unsigned)r[1]);
		out[0] = m->base;
		out[1] = cap_new(CAP_MS, m, p);
		*nout = 2;
		return IG_OK;
	case IG_MS_DELETE:
		if (!(m = cap_check(r[0], CAP_MS, p)))
			return IG_ECAP;
		if (m->owner != p)
			return IG_EPERM;
		ms_delete(m);
		return IG_OK;
	case IG_MS_INFO:
		if (!(m = cap_check(r[0], CAP_MS, p)))
			return IG_ECAP;
		out[0] = m->base;
		out[1] = m->pages;
		*nout = 2;
		return IG_OK;
	case IG_MS_ATTACH:
		if (!(q = cap_check(r[0], CAP_PD, p)) || !(m = cap_check(r[1], CAP_MS, p)))
			return IG_ECAP;
		if (r[2] & ~(l4_word)m->rights || !r[2])
			return IG_EPERM;
		return pd_attach(q, m, (unsigned)r[2]);
	case IG_MS_DETACH:
		if (!(q = cap_check(r[0], CAP_PD, p)) || !(m = cap_check(r[1], CAP_MS, p)))
			return IG_ECAP;
		pd_detach(q, m);
		return IG_OK;
	case IG_MS_GRANT:
		if (!(m = cap_check(r[0], CAP_MS, p)) || !(q = cap_check(r[1], CAP_PD, p)))
			return IG_ECAP;
		out[0] = cap_new(CAP_MS, m, q);
		*nout = 1;
		return out[0] ? IG_OK : IG_ENOMEM;
	case IG_PD_CREATE:
		if (r[1] & ~(l4_word)(IG_PD_PRIVATE | IG_PD_FOREIGN))
			return IG_EINVAL;
		/* The domain quota: a domain (Wombat: one per Linux process) has
		 * at most cfg.domains children at once, so it cannot take every
		 * domain Iguana has from the others. */
		if (pd_children(p) >= p->cfg.domains)
			return IG_EQUOTA;
		if (!(q = pd_new("child", (unsigned)r[0], p, r[1] & IG_PD_PRIVATE)))
			return IG_ENOMEM;
		q->cfg.domains = CFG_CHILD_DOMAINS;
		/* The parent pays for the kernel memory of its children (Wombat
		 * for its Linux processes' page tables and mappings). */
		l4_space_ctrl(q->space, L4_SC_KMEM_PAYER, p->space);
		if (q->private_space) {
			l4_space_ctrl(q->space, L4_SC_ALLOW, p->space);
			l4_space_ctrl(q->space, L4_SC_OWNER, p->space);
			if (r[1] & IG_PD_FOREIGN)
				l4_space_ctrl(q->space, L4_SC_FOREIGN, 1);
		} else
			l4_space_ctrl(q->space, L4_SC_ALLOW, iguana_space);
		out[0] = cap_new(CAP_PD, q, p);
		out[1] = q->space;
		*nout = 2;
		return IG_OK;
	case IG_PD_DELETE:
		if (!(q = cap_check(r[0], CAP_PD, p)) || q == p)
			return IG_ECAP;
		pd_reclaim(q);
		q->used = false;
		return IG_OK;
	case IG_THREAD_CREATE: {
		l4_word tid;
		if (!(q = cap_check(r[0], CAP_PD, p)))
			return IG_ECAP;
		if (r[3] > p->cfg.prio && p->cfg.prio)
			return IG_EPERM;          /* no thread above the creator's own priority */
		if ((err = pd_thread_new(q, r[1], r[2], (unsigned)r[3], 0, &tid)) != IG_OK)
			return err;
		out[0] = tid;
		out[1] = cap_new(CAP_THREAD, (void *)tid, p);
		*nout = 2;
		return IG_OK;
	}
	case IG_THREAD_DELETE: {
		l4_word tid = (l4_word)cap_check(r[0], CAP_THREAD, p);
		if (!tid || !(q = pd_of_thread(tid)))
			return IG_ECAP;
		pd_thread_delete(q, tid);
		cap_drop_object((void *)tid);
		return IG_OK;
	}
	case IG_NAME_REGISTER:
		name_from(r, name);
		return name_register(name, from, p);
	case IG_NAME_LOOKUP: {
		name_from(r, name);
		l4_word tid = name_lookup(name);
		struct pd *srv = pd_of_thread(tid);
		if (!tid || !srv)
			return IG_ENOENT;
		l4_space_ctrl(p->space, L4_SC_ALLOW, srv->space);
		l4_space_ctrl(srv->space, L4_SC_ALLOW, p->space);   /* notifications back */
		out[0] = tid;
		*nout = 1;
		return IG_OK;
	}
	case IG_EXIT:
		printf("iguana: domain '%s' exited with %ld\n", p->cfg.name, (long)r[0]);
		pd_stop(p, NULL, r[0] ? IG_DS_FAILED : IG_DS_STOPPED);
		ended(p, r[0]);
		return -1;                      /* no reply: the caller is gone */
	case IG_INFO:
		out[0] = frames_free_count();
		out[1] = cap_count();
		out[2] = ms_count();
		out[3] = p->pages_used;
		out[4] = p->cfg.quota;
		out[5] = l4_space_ctrl_out(p->space, L4_SC_KMEM_USED);
		out[6] = p->kmem;
		*nout = 7;
		return IG_OK;
	case IG_IRQ_ATTACH:
		if (r[0] >= 16 || !(p->cfg.irqs & (1u << r[0])) || r[1] >= 64)
			return IG_EPERM;
		return l4_irq_bind(r[0], from, r[1]) == L4_OK ? IG_OK : IG_EBUSY;
	case IG_DOMAIN_LIST:
		if (!admin(p))
			return IG_EPERM;
		for (int i = 0, k = 0; i < MAX_PDS; i++) {
			if (!pds[i].used || pds[i].parent || k++ != (int)r[0])
				continue;
			out[0] = (l4_word)pds[i].state;
			memcpy(&out[1], pds[i].cfg.name, 32);
			out[5] = pds[i].restarts;
			out[6] = pds[i].pages_used;
			*nout = 7;
			return IG_OK;
		}
		return IG_ENOENT;
	case IG_DOMAIN_STOP:
	case IG_DOMAIN_START:
	case IG_DOMAIN_RESTART:
		if (!admin(p))
			return IG_EPERM;
		name_from(r, name);
		if (!(q = pd_by_name(name)))
			return IG_ENOENT;
		if (q == p)
			return IG_EINVAL;
		if (op != IG_DOMAIN_START && q->state == IG_DS_RUNNING)
			pd_stop(q, "stopped on request", IG_DS_STOPPED);
		if (op == IG_DOMAIN_STOP)
			return IG_OK;
		if (q->state == IG_DS_RUNNING)
			return IG_EBUSY;
		extern int domain_restart(struct pd *q);
		return domain_restart(q);
	case IG_SHUTDOWN:
		if (!admin(p))
			return IG_EPERM;
		printf("iguana: power off requested by '%s'\n", p->cfg.name);
		stdio_flush();
		l4_shutdown(r[0]);
		return IG_EINVAL;
	default:
		return IG_EINVAL;
	}
}

void serve(void)
{
	struct l4_msg m = { 0 };
	l4_word *mr = l4_utcb()->mr;
	l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
	for (;;) {
		l4_word from = m.from, label = L4_TAG_LABEL(m.tag);
		struct pd *p = pd_of_thread(from);
		int reply = 0;
		mr[0] = m.mr[0]; mr[1] = m.mr[1]; mr[2] = m.mr[2]; mr[3] = m.mr[3];
		if (label == L4_LABEL_PAGEFAULT) {
			reply = page_fault(p, mr, &m);
		} else if (label == L4_LABEL_EXCEPTION) {
			reply = exception(p, mr);
		} else if (p && label != L4_LABEL_NOTIFY) {
			l4_word args[8], out[8] = { 0 };
			int nout = 0;
			for (int i = 0; i < 8; i++)
				args[i] = mr[i];
			int st = request(p, from, label, args, out, &nout);
			if (st >= 0) {
				mr[0] = (l4_word)st;
				for (int i = 0; i < nout; i++)
					mr[1 + i] = out[i];
				m.tag = L4_TAG(0, 1 + nout, 0);
				m.mr[0] = mr[0]; m.mr[1] = mr[1]; m.mr[2] = mr[2]; m.mr[3] = mr[3];
				reply = 1;
			}
		}
		if (reply)
			l4_ipc(from, L4_ANYTHREAD, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER), &m);
		else
			l4_receive(L4_ANYTHREAD, L4_TIMEOUT_NEVER, &m);
	}
}
