/* Iguana's server loop: page faults, exceptions and requests, one at a time. */
#include "server.h"

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
			domain_ended(p, 1);
		}
		return 0;
	}
	l4_word page = ms_page(a->ms, addr);
	if (!page) {
		pd_stop(p, "out of memory on a fault", IG_DS_FAILED);
		domain_ended(p, 1);
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
		snprintf(why, sizeof why, "exception %lu at ip %lx", mr[L4_EXC_TRAPNO], mr[L4_FR_IP]);
		pd_stop(p, why, IG_DS_FAILED);
		domain_ended(p, 1);
	}
	return 0;
}

/* Every request's handler, by its label (abi: enum ig_op); each lives beside
 * its object. A label without one gets IG_EINVAL. */
static request_fn *const handlers[] = {
	[IG_MS_CREATE]      = req_ms_create,        /* memsection.c */
	[IG_MS_DELETE]      = req_ms_delete,
	[IG_MS_ATTACH]      = req_ms_attach,
	[IG_MS_DETACH]      = req_ms_detach,
	[IG_MS_GRANT]       = req_ms_grant,
	[IG_MS_INFO]        = req_ms_info,
	[IG_MS_SHARE]       = req_ms_share,
	[IG_MS_PHYS]        = req_ms_phys,
	[IG_MS_LEND]        = req_ms_lend,
	[IG_MS_WATCH]       = req_ms_watch,
	[IG_DEV_RESET]      = req_dev_reset,
	[IG_PD_CREATE]      = req_pd_create,        /* pd.c */
	[IG_PD_DELETE]      = req_pd_delete,
	[IG_THREAD_CREATE]  = req_thread_create,
	[IG_THREAD_DELETE]  = req_thread_delete,
	[IG_THREAD_PRIO]    = req_thread_prio,
	[IG_PD_WHO]         = req_pd_who,
	[IG_PD_NATIVE]      = req_pd_native,
	[IG_NAME_REGISTER]  = req_name_register,    /* naming.c */
	[IG_NAME_LOOKUP]    = req_name_lookup,
	[IG_EXIT]           = req_exit,             /* domain.c */
	[IG_INFO]           = req_info,
	[IG_IRQ_ATTACH]     = req_irq_attach,
	[IG_DOMAIN_LIST]    = req_domain_list,
	[IG_DOMAIN_STOP]    = req_domain_control,
	[IG_DOMAIN_START]   = req_domain_control,
	[IG_DOMAIN_RESTART] = req_domain_control,
	[IG_SHUTDOWN]       = req_shutdown,
};

/* The IG_* status to reply with, or REQ_NO_REPLY. */
static int request(struct request *rq)
{
	if (rq->op >= sizeof handlers / sizeof handlers[0] || !handlers[rq->op])
		return IG_EINVAL;
	return handlers[rq->op](rq);
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
			struct request rq = { .pd = p, .from = from, .op = label };
			for (int i = 0; i < 8; i++)
				rq.arg[i] = mr[i];
			int st = request(&rq);
			if (st != REQ_NO_REPLY) {
				mr[0] = (l4_word)st;
				for (int i = 0; i < rq.nout; i++)
					mr[1 + i] = rq.out[i];
				m.tag = L4_TAG(0, 1 + rq.nout, 0);
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
