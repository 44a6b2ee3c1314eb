/* Iguana: the root task. Takes memory and boot modules, starts the configured domains, serves. */
#include "iguana.h"
#include <stdlib.h>

l4_word iguana_tid, iguana_space;
l4_word frames_reserve(l4_word n);
#define HEAP_VA    0x10000000UL
#define HEAP_PAGES (512 + frames_total() / 400)   /* sections keep a word per page */
#define MODULE_VA  0x40000000UL

void exit(int code)
{
	printf("iguana: exit %d\n", code);
	stdio_flush();
	l4_shutdown(code ? 2 : 0);
	for (;;)
		;
}

/* Iguana's own heap and a window onto every boot module. */
static void map_own_memory(struct l4_bootinfo *bi)
{
	l4_word pa = frames_reserve(HEAP_PAGES);
	if (l4_map_phys(iguana_space, HEAP_VA, pa, HEAP_PAGES, L4_R | L4_W) != L4_OK)
		exit(1);
	heap_init((void *)HEAP_VA, HEAP_PAGES * PAGE);
	l4_word va = MODULE_VA;
	for (l4_word i = 0; i < bi->nmods && i < L4_BI_MAXMODS; i++) {
		l4_word start = bi->mods[i].start & ~(PAGE - 1);
		l4_word pages = (bi->mods[i].start + bi->mods[i].size - start + PAGE - 1) / PAGE;
		if (!pages || l4_map_phys(iguana_space, va, start, pages, L4_R) != L4_OK) {
			printf("iguana: cannot map module %lu\n", i);
			continue;
		}
		modules[nmodules].va = va + (bi->mods[i].start - start);
		modules[nmodules].size = bi->mods[i].size;
		strncpy(modules[nmodules].name, bi->mods[i].cmdline, sizeof(modules[0].name) - 1);
		for (char *s = modules[nmodules].name; *s; s++)
			if (*s == ' ')
				*s = 0;
		nmodules++;
		va += (pages + 1) * PAGE;
	}
}

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
		extern void ended(struct pd *p, l4_word code);
		ended(q, 1);
		return err;
	}
	printf("iguana: domain '%s' started (restart %lu)\n", q->cfg.name, q->restarts);
	return IG_OK;
}

static void start_domains(void)
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
			extern void ended(struct pd *p, l4_word code);
			ended(p, 1);
		} else
			printf("iguana: domain '%s' started (prio %u, quota %u pages)\n", p->cfg.name,
			       p->cfg.prio, p->cfg.quota);
	}
}

int main(struct l4_bootinfo *bi)
{
	iguana_tid = l4_utcb()->tid;
	iguana_space = l4_kinfo(L4_KI_MYSPACE);
	frames_init(bi);
	printf("iguana: root server, %lu MiB of memory, %lu boot modules\n", frames_total() >> 8, bi->nmods);
	map_own_memory(bi);
	printf("iguana: %lu MiB free for domains\n", frames_free_count() >> 8);
	kmem_budget_init();
	l4_schedule(iguana_tid, 200, 0);     /* above Linux, below drivers and real time */
	start_domains();
	serve();
}
