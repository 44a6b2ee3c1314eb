/* Configured domains: their lifecycle (started from the boot configuration,
 * ended by exit, fault or exception, restarted) and the requests about them:
 * the caller's own (exit, info, IRQs) and the admin's (list, stop, start,
 * restart, power off). */
#include "server.h"

/* Start a stopped or failed boot-config domain again, in a fresh space. */
int domain_restart(struct pd *q)
{
	l4_word sid;
	/* What is left once the old instance is reclaimed: the same before
	 * every restart unless reclaiming leaks (tests compare them). */
	printf("iguana: domain '%s' reclaimed: %lu frames free, %lu capabilities, %lu sections; "
	       "kernel: %lu frames free, %lu mapping nodes, %lu threads, %lu spaces\n", q->cfg.name,
	       frames_free_count(), cap_count(), ms_count(), l4_kinfo(L4_KI_FREE_FRAMES),
	       l4_kinfo(L4_KI_MAPNODES), l4_kinfo(L4_KI_THREADS), l4_kinfo(L4_KI_SPACES));
	if (l4_space_create(&sid) != L4_OK)
		return IG_ENOMEM;
	q->space = sid;
	q->restarts++;
	q->utcb_next = 1;
	int err = domain_start(q);
	if (err != IG_OK) {
		pd_stop(q, "failed to start", IG_DS_FAILED);
		domain_ended(q, 1);
		return err;
	}
	printf("iguana: domain '%s' started (restart %lu)\n", q->cfg.name, q->restarts);
	return IG_OK;
}

/* The domains of the boot configuration (the module whose name ends in .cfg), in order. */
void boot_domains(void)
{
	struct module *cfgmod = NULL;
	for (int i = 0; i < nmodules; i++) {
		size_t n = strlen(modules[i].name);
		if (n > 4 && !strcmp(modules[i].name + n - 4, ".cfg"))
			cfgmod = &modules[i];
	}
	if (!cfgmod) {
		printf("iguana: no boot configuration module (*.cfg): nothing to start\n");
		return;
	}
	static struct dom_cfg cfg[CFG_MAX_DOMAINS];
	static char errs[1024];
	int n = config_parse((const char *)cfgmod->va, cfgmod->size, cfg, CFG_MAX_DOMAINS, errs, sizeof errs);
	if (errs[0])
		printf("%s", errs);
	/* Kernel memory: each domain's share planned first; kmem=rest domains
	 * (Wombat) split what is left. */
	l4_word fixed = 0, nrest = 0;
	for (int i = 0; i < n; i++) {
		fixed += domain_plan(&cfg[i]);
		nrest += (cfg[i].flags & CFG_KMEM_REST) != 0;
	}
	l4_word share = kmem_budget_share(fixed, nrest);
	for (int i = 0; i < n; i++)
		if (cfg[i].flags & CFG_KMEM_REST)
			cfg[i].kmem = (unsigned)share;
	for (int i = 0; i < n; i++) {
		struct pd *p = pd_new(cfg[i].name, cfg[i].quota, NULL, false);
		if (!p) {
			printf("iguana: no room for domain '%s'\n", cfg[i].name);
			continue;
		}
		p->cfg = cfg[i];
		int err = domain_start(p);
		if (err != IG_OK) {
			pd_stop(p, "failed to start", IG_DS_FAILED);
			domain_ended(p, 1);
		} else
			printf("iguana: domain '%s' started (prio %u, quota %u pages)\n", p->cfg.name,
			       p->cfg.prio, p->cfg.quota);
	}
}

/* A configured domain ended by itself (exit, fault, exception): what its
 * boot-config line asked for (onexit=poweroff or onexit=restart; a failure,
 * code != 0, with onfail=restart: a restart first), or a restart where it
 * exited with IG_EXIT_RESTART. */
void domain_ended(struct pd *p, l4_word code)
{
	if (code == IG_EXIT_RESTART) {
		printf("iguana: domain '%s' asked to be started again\n", p->cfg.name);
		domain_restart(p);
		return;
	}
	if (code && (p->cfg.flags & CFG_RESTART_FAIL)) {
		printf("iguana: domain '%s' failed (%ld): starting it again (onfail=restart)\n", p->cfg.name, (long)code);
		domain_restart(p);
		return;
	}
	if (p->cfg.flags & CFG_POWEROFF) {
		printf("iguana: domain '%s' ended (%ld): powering off\n", p->cfg.name, (long)code);
		stdio_flush();
		l4_shutdown(code ? 2 : 0);
	}
	if (p->cfg.flags & CFG_RESTART)
		domain_restart(p);
}

/* Requests. */

static bool admin(struct pd *p) { return p && (p->cfg.flags & CFG_ADMIN); }

/* (code): the calling domain ends; no reply, the caller is gone. */
int req_exit(struct request *rq)
{
	struct pd *p = rq->pd;
	printf("iguana: domain '%s' exited with %ld\n", p->cfg.name, (long)rq->arg[0]);
	pd_stop(p, NULL, rq->arg[0] ? IG_DS_FAILED : IG_DS_STOPPED);
	domain_ended(p, rq->arg[0]);
	return REQ_NO_REPLY;
}

/* -> (free frames, live caps, sections, own pages, own quota, kernel frames charged, kernel limit) */
int req_info(struct request *rq)
{
	struct pd *p = rq->pd;
	rq->out[0] = frames_free_count();
	rq->out[1] = cap_count();
	rq->out[2] = ms_count();
	rq->out[3] = p->pages_used;
	rq->out[4] = p->cfg.quota;
	rq->out[5] = l4_space_ctrl_out(p->space, L4_SC_KMEM_USED);
	rq->out[6] = p->kmem;
	rq->nout = 7;
	return IG_OK;
}

/* (irq, bit): an IRQ the boot config gave the domain (irq=N, or a device='s line), to the calling thread. */
int req_irq_attach(struct request *rq)
{
	l4_word irq = rq->arg[0], bit = rq->arg[1];
	bool given = (irq <= CFG_MAX_IRQ && (rq->pd->cfg.irqs & (1u << irq))) || pd_device_irq(rq->pd, irq);
	if (!given || bit >= 64)
		return IG_EPERM;
	return l4_irq_bind(irq, rq->from, bit) == L4_OK ? IG_OK : IG_EBUSY;
}

/* (index) -> (state, name words x4, restarts, pages used, pages held for its
 * device): the index-th boot-config domain. */
int req_domain_list(struct request *rq)
{
	if (!admin(rq->pd))
		return IG_EPERM;
	for (int i = 0, k = 0; i < MAX_PDS; i++) {
		if (!pds[i].used || pds[i].parent || k++ != (int)rq->arg[0])
			continue;
		rq->out[0] = (l4_word)pds[i].state;
		memcpy(&rq->out[1], pds[i].cfg.name, 32);
		rq->out[5] = pds[i].restarts;
		rq->out[6] = pds[i].pages_used;
		rq->out[7] = ms_held_pages(&pds[i]);
		rq->nout = 8;
		return IG_OK;
	}
	return IG_ENOENT;
}

/* IG_DOMAIN_STOP, _START, _RESTART (name words x4): any boot-config domain but the caller. */
int req_domain_control(struct request *rq)
{
	char name[IG_NAME_WORDS * 8];
	struct pd *q;
	if (!admin(rq->pd))
		return IG_EPERM;
	name_from_words(rq->arg, name);
	if (!(q = pd_by_name(name)))
		return IG_ENOENT;
	if (q == rq->pd)
		return IG_EINVAL;
	if (rq->op != IG_DOMAIN_START && q->state == IG_DS_RUNNING)
		pd_stop(q, "stopped on request", IG_DS_STOPPED);
	if (rq->op == IG_DOMAIN_STOP)
		return IG_OK;
	if (q->state == IG_DS_RUNNING)
		return IG_EBUSY;
	return domain_restart(q);
}

/* (code): power the machine off. */
int req_shutdown(struct request *rq)
{
	if (!admin(rq->pd))
		return IG_EPERM;
	printf("iguana: power off requested by '%s'\n", rq->pd->cfg.name);
	stdio_flush();
	l4_shutdown(rq->arg[0]);
	return IG_EINVAL;
}
