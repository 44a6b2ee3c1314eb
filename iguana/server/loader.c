/* Loading a domain from its boot module: ELF segments become sections, plus heap, stack, start info. */
#include "iguana.h"
#include <elf.h>

struct module modules[L4_BI_MAXMODS];
int nmodules;

static struct module *module_find(const char *name)
{
	for (int i = 0; i < nmodules; i++) {
		const char *base = modules[i].name, *s;
		for (s = base; *s; s++)
			if (*s == '/')
				base = s + 1;
		if (!strcmp(base, name) || !strcmp(modules[i].name, name))
			return &modules[i];
	}
	return NULL;
}

static struct ms *section_for(struct pd *p, l4_word base, l4_word pages, unsigned rights, int *err)
{
	struct ms *m = ms_create(p, base, pages, rights, err);
	if (m && (*err = pd_attach(p, m, rights)) != IG_OK) {
		ms_delete(m);
		return NULL;
	}
	return m;
}

static int copy_into(struct ms *m, l4_word va, const unsigned char *src, l4_word n)
{
	for (l4_word k = 0; k < n;) {
		l4_word page = ms_page(m, va + k);
		if (!page)
			return IG_ENOMEM;
		l4_word off = (va + k) & (PAGE - 1), chunk = PAGE - off;
		if (chunk > n - k)
			chunk = n - k;
		memcpy((void *)(page + off), src + k, chunk);
		k += chunk;
	}
	return IG_OK;
}

/* Iguana owns every domain's space: it can map all of it at once (boot-config `eager`). */
static int map_eagerly(struct pd *p)
{
	for (int i = 0; i < MAX_ATTACH; i++) {
		struct ms *m = p->att[i].ms;
		for (l4_word k = 0; m && k < m->pages; k++) {
			l4_word va = ms_page(m, m->base + k * PAGE);
			if (!va || l4_map_to(p->space, va, va, 1, p->att[i].rights & 7) != L4_OK)
				return IG_ENOMEM;
		}
	}
	return IG_OK;
}

static int load_segments(struct pd *p, struct module *mod, l4_word *entry, struct ms **segs)
{
	struct elf_seg seg[8];
	int n = elf_parse((void *)mod->va, mod->size, 0x7f0000000000UL, seg, 8, entry);
	if (n < 0) {
		printf("iguana: domain '%s': module '%s': %s\n", p->cfg.name, p->cfg.module, elf_strerror(n));
		return IG_EINVAL;
	}
	for (int i = 0; i < n; i++) {
		l4_word start = seg[i].vaddr & ~(PAGE - 1);
		l4_word pages = (seg[i].vaddr + seg[i].memsz - start + PAGE - 1) / PAGE;
		unsigned rights = IG_MS_R | ((seg[i].flags & 2) ? IG_MS_W : 0) | ((seg[i].flags & 1) ? IG_MS_X : 0);
		int err;
		struct ms *m = section_for(p, start, pages, rights, &err);
		if (!m) {
			printf("iguana: domain '%s': segment at %lx (%lu pages) refused (%s)\n", p->cfg.name,
			       start, pages, err == IG_EQUOTA ? "over quota" : "address taken or invalid");
			return err;
		}
		if (i < 4)
			segs[i] = m;
		const unsigned char *img = (const unsigned char *)mod->va;
		if ((err = copy_into(m, seg[i].vaddr, img + seg[i].offset, seg[i].filesz)) != IG_OK)
			return err;
	}
	return IG_OK;
}

int domain_start(struct pd *p)
{
	struct module *mod = module_find(p->cfg.module);
	if (!mod) {
		printf("iguana: domain '%s': no boot module '%s'\n", p->cfg.name, p->cfg.module);
		return IG_ENOENT;
	}
	l4_word entry;
	struct ms *segs[4] = { 0 };
	int err = load_segments(p, mod, &entry, segs);
	struct ms *heap = NULL, *stack = NULL, *si = NULL, *ram = NULL;
	if (err == IG_OK && p->cfg.ram) {
		l4_word end = 0;
		for (int i = 0; i < 4 && segs[i]; i++)
			if (segs[i]->base + segs[i]->pages * PAGE > end)
				end = segs[i]->base + segs[i]->pages * PAGE;
		if (!(ram = section_for(p, end, p->cfg.ram, IG_MS_R | IG_MS_W | IG_MS_X, &err)))
			printf("iguana: domain '%s': no room for %u pages of RAM after %lx\n", p->cfg.name, p->cfg.ram, end);
	}
	if (err == IG_OK && !(heap = section_for(p, 0, p->cfg.heap, IG_MS_R | IG_MS_W, &err)))
		printf("iguana: domain '%s': no heap (%d)\n", p->cfg.name, err);
	if (err == IG_OK && !(stack = section_for(p, 0, 16, IG_MS_R | IG_MS_W, &err)))
		printf("iguana: domain '%s': no stack (%d)\n", p->cfg.name, err);
	if (err == IG_OK && !(si = section_for(p, 0, 1, IG_MS_R, &err)))
		printf("iguana: domain '%s': no start info (%d)\n", p->cfg.name, err);
	if (err != IG_OK)
		return err;
	if (p->cfg.flags & CFG_IO)
		l4_space_ctrl(p->space, L4_SC_IO, 1);
	l4_space_ctrl(p->space, L4_SC_OWNER, iguana_space);
	l4_space_ctrl(p->space, L4_SC_ALLOW, iguana_space);
	struct ig_startinfo *s = (struct ig_startinfo *)ms_page(si, si->base);
	l4_word *top = (l4_word *)(ms_page(stack, stack->base + 15 * PAGE) + PAGE - 64);
	if (!s || !top)
		return IG_ENOMEM;
	p->startinfo = si;
	p->cap = cap_new(CAP_PD, p, p);
	*s = (struct ig_startinfo){ .magic = IG_START_MAGIC, .iguana_tid = iguana_tid, .pd_cap = p->cap,
		.heap_base = heap->base, .heap_pages = heap->pages, .stack_base = stack->base,
		.stack_pages = stack->pages, .utcb_next = 8,
		.flags = (p->cfg.flags & CFG_ADMIN) ? IG_SI_ADMIN : 0 };
	for (int i = 0; i < 4 && segs[i]; i++) {
		s->seg_caps[i] = cap_new(CAP_MS, segs[i], p);
		s->seg_base[i] = segs[i]->base;
	}
	if (ram) {
		s->ram_base = ram->base;
		s->ram_pages = ram->pages;
	}
	strcpy(s->name, p->cfg.name);
	strcpy(s->args, p->cfg.args);
	p->utcb_next = 1;
	top[0] = si->base;
	if ((p->cfg.flags & CFG_EAGER) && (err = map_eagerly(p)) != IG_OK) {
		printf("iguana: domain '%s': out of memory mapping it eagerly\n", p->cfg.name);
		return err;
	}
	l4_word tid, sp = stack->base + 16 * PAGE - 64;
	if ((err = pd_thread_new(p, entry, sp, p->cfg.prio, 0, &tid)) != IG_OK)
		return err;
	p->state = IG_DS_RUNNING;
	return IG_OK;
}
