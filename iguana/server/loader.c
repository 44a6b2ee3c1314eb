/* Loading a domain from its boot module: ELF segments become sections, plus heap, stack, start info. */
#include "server.h"
#include <elf.h>
#include <stdlib.h>

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

/* The board's device a device=NAME names, or NULL. */
static struct device_range *device_named(const char *name)
{
	for (int k = 0; k < ndevices; k++)
		if (!strcmp(devices[k].name, name))
			return &devices[k];
	return NULL;
}

bool pd_device_irq(struct pd *p, l4_word irq)
{
	for (unsigned i = 0; i < p->cfg.ndev; i++) {
		struct device_range *d = device_named(p->cfg.dev[i]);
		if (d && d->irq != L4_BI_NOIRQ && d->irq == irq)
			return true;
	}
	return false;
}

/* The boot config's device= names and mmio= ranges: only devices the board
 * declares (the kernel checks too); checked before anything is loaded. */
static int devices_declared(struct pd *p)
{
	for (unsigned i = 0; i < p->cfg.ndev; i++) {
		if (!device_named(p->cfg.dev[i])) {
			printf("iguana: domain '%s': device=%s: this board has no such device (it has",
			       p->cfg.name, p->cfg.dev[i]);
			for (int k = 0; k < ndevices; k++)
				printf(" %s", devices[k].name);
			printf("%s)\n", ndevices ? "" : " none");
			return IG_EPERM;
		}
	}
	for (unsigned i = 0; i < p->cfg.nmmio; i++) {
		l4_word pa = p->cfg.mmio[i].pa, n = p->cfg.mmio[i].pages;
		int k = 0;
		while (k < ndevices && !(pa >= devices[k].start && pa - devices[k].start < devices[k].size &&
					 n * PAGE <= devices[k].size - (pa - devices[k].start)))
			k++;
		if (k == ndevices) {
			printf("iguana: domain '%s': mmio=%lx:%lu is not a device range of this board\n",
			       p->cfg.name, pa, n);
			return IG_EPERM;
		}
	}
	return IG_OK;
}

/* They are device memory (L4_DEVICE) mapped straight into the domain's
 * space at fresh addresses of the shared layout, given in the start info;
 * they go with the space when the domain stops. */
static int map_devices(struct pd *p, struct ig_startinfo *s)
{
	for (unsigned i = 0; i < p->cfg.nmmio; i++) {
		l4_word pa = p->cfg.mmio[i].pa, n = p->cfg.mmio[i].pages, va;
		if (l4_map_phys(p->space, va = va_alloc(n), pa, n, L4_R | L4_W | L4_DEVICE) != L4_OK) {
			printf("iguana: domain '%s': cannot map mmio=%lx:%lu\n", p->cfg.name, pa, n);
			return IG_ENOMEM;
		}
		s->mmio[i] = va;
	}
	for (unsigned i = 0; i < p->cfg.ndev; i++) {
		/* A device smaller than a page (a virtio-mmio transport): its
		 * page, and regs where the device starts in it. */
		struct device_range *d = device_named(p->cfg.dev[i]);
		l4_word first = d->start & ~(PAGE - 1), off = d->start - first, va = 0;
		l4_word n = d->size ? (off + d->size + PAGE - 1) / PAGE : 0;
		if (n && l4_map_phys(p->space, va = va_alloc(n), first, n, L4_R | L4_W | L4_DEVICE) != L4_OK) {
			printf("iguana: domain '%s': cannot map device %s\n", p->cfg.name, d->name);
			return IG_ENOMEM;
		}
		s->dev[i].regs = va ? va + off : 0;
		s->dev[i].irq = d->irq;
	}
	return IG_OK;
}

static int load_segments(struct pd *p, struct module *mod, l4_word *entry, struct ms **segs, l4_word *end)
{
	struct elf_seg seg[8];
	int n = elf_parse((void *)mod->va, mod->size, VA_TOP, seg, 8, entry);
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
		if (start + pages * PAGE > *end)
			*end = start + pages * PAGE;
		const unsigned char *img = (const unsigned char *)mod->va;
		if ((err = copy_into(m, seg[i].vaddr, img + seg[i].offset, seg[i].filesz)) != IG_OK)
			return err;
	}
	return IG_OK;
}

/* Pages of the module's loadable segments, or 0 if it is no good ELF. */
static l4_word image_pages(struct module *mod)
{
	struct elf_seg seg[8];
	l4_word entry, pages = 0;
	int n = elf_parse((void *)mod->va, mod->size, VA_TOP, seg, 8, &entry);
	for (int i = 0; i < n; i++) {
		l4_word start = seg[i].vaddr & ~(PAGE - 1);
		pages += (seg[i].vaddr + seg[i].memsz - start + PAGE - 1) / PAGE;
	}
	return n > 0 ? pages : 0;
}

/* What a domain's quota must hold: image, RAM, heap, stack, start info;
 * a quota not given in the boot configuration is this and 256 pages for
 * the sections the domain creates itself. */
static l4_word pages_needed(const struct dom_cfg *c, struct module *mod)
{
	return image_pages(mod) + c->ram + c->heap + 16 + 1;
}

/*
 * Kernel memory. Iguana gives every domain a limit on the kernel frames
 * it may cause (page tables, mapping nodes, threads; its child domains
 * pay into it), out of the kernel pool, and never promises more than the
 * pool holds beyond Iguana's own worst case (mapping every frame it has
 * once). A domain therefore never finds the pool emptied by another.
 */
static l4_word kmem_left, nodes_per_frame = 1;

void kmem_budget_init(void)
{
	nodes_per_frame = l4_kinfo(L4_KI_KMEM_NODES);
	if (!nodes_per_frame)
		nodes_per_frame = 1;
	l4_word n = frames_total(), own = n / nodes_per_frame + n / 512 + 64;
	own += own / 4;                    /* slack for partly used node pages */
	l4_word free = l4_kinfo(L4_KI_FREE_FRAMES);
	kmem_left = free > own ? free - own : 0;
	printf("iguana: kernel pool %lu frames, %lu free, %lu kept for Iguana's own mappings, %lu to promise\n",
	       l4_kinfo(L4_KI_KMEM_TOTAL), free, own, kmem_left);
}

/* What each of n kmem=rest domains gets once `fixed` frames are promised to the others. */
l4_word kmem_budget_share(l4_word fixed, l4_word n)
{
	return n && kmem_left > fixed ? (kmem_left - fixed) / n : 0;
}

l4_word kmem_budget_take(l4_word frames)
{
	if (frames > kmem_left)
		return 0;
	kmem_left -= frames;
	return frames;
}

/* Frames a domain of `pages` pages needs: its page tables (sections lie
 * apart in the shared layout: up to three tables each), one node per page
 * mapped, its threads (three frames each, a vCPU page), and a share for
 * each child domain it may have. */
static l4_word kmem_derived(const struct dom_cfg *c, l4_word pages)
{
	return 3 * MAX_ATTACH + 8 + pages / 512 + 2 * (pages / nodes_per_frame + 1) +
	       MAX_THREADS_PER_PD * 4 + c->domains * 8;
}

/* The pages and kernel frames of a configured domain, planned before any starts. */
l4_word domain_plan(struct dom_cfg *c)
{
	struct module *mod = module_find(c->module);
	l4_word pages = mod ? pages_needed(c, mod) : 0;
	if (!c->quota_set)
		c->quota = (unsigned)(pages + 256);
	return (c->flags & CFG_KMEM_REST) ? 0 : c->kmem ? c->kmem : kmem_derived(c, c->quota);
}

static int kmem_limit(struct pd *p)
{
	if (!p->kmem) {
		l4_word want = p->cfg.kmem ? p->cfg.kmem : kmem_derived(&p->cfg, p->cfg.quota);
		if (!(p->kmem = kmem_budget_take(want))) {
			printf("iguana: domain '%s': needs %lu kernel frames, only %lu left to promise "
			       "(give it less kmem=, quota= or domains=, or QEMU more memory)\n",
			       p->cfg.name, want, kmem_left);
			return IG_ENOMEM;
		}
	}
	l4_space_ctrl(p->space, L4_SC_KMEM_LIMIT, p->kmem);
	return IG_OK;
}

int domain_start(struct pd *p)
{
	struct module *mod = module_find(p->cfg.module);
	if (!mod) {
		printf("iguana: domain '%s': no boot module '%s'\n", p->cfg.name, p->cfg.module);
		return IG_ENOENT;
	}
	l4_word need = pages_needed(&p->cfg, mod);
	if (need > p->cfg.quota) {
		printf("iguana: domain '%s': needs %lu pages (image %lu, RAM %u, heap %u, stack 16, start info 1) "
		       "but its quota is %u\n", p->cfg.name, need, image_pages(mod), p->cfg.ram, p->cfg.heap,
		       p->cfg.quota);
		return IG_EQUOTA;
	}
	if ((p->cfg.flags & CFG_EAGER) && need > frames_free_count()) {
		printf("iguana: domain '%s': needs %lu pages at start (image %lu, RAM %u), Iguana has %lu free\n",
		       p->cfg.name, need, image_pages(mod), p->cfg.ram, frames_free_count());
		return IG_ENOMEM;
	}
	int kerr = devices_declared(p);
	if (kerr == IG_OK)
		kerr = kmem_limit(p);
	if (kerr != IG_OK)
		return kerr;
	l4_word entry;
	struct ms *segs[4] = { 0 };
	l4_word end = 0;
	int err = load_segments(p, mod, &entry, segs, &end);
	struct ms *heap = NULL, *stack = NULL, *si = NULL, *ram = NULL;
	if (err == IG_OK && p->cfg.ram) {
		if (!(ram = section_for(p, end, p->cfg.ram, IG_MS_R | IG_MS_W | IG_MS_X, &err)))
			printf("iguana: domain '%s': no room for %u pages of RAM after %lx (%s)\n", p->cfg.name,
			       p->cfg.ram, end, err == IG_EQUOTA ? "over quota" : "address range taken or invalid");
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
		.flags = ((p->cfg.flags & CFG_ADMIN) ? IG_SI_ADMIN : 0) | (arch_entropy_seeded() ? IG_SI_SEEDED : 0) };
	for (int i = 0; i < 4 && segs[i]; i++) {
		s->seg_caps[i] = cap_new(CAP_MS, segs[i], p);
		s->seg_base[i] = segs[i]->base;
	}
	for (int i = 0; i < 4; i++) {
		s->seed[i] = arch_entropy();
		s->boot_seed[i] = arch_entropy();
	}
	if ((err = map_devices(p, s)) != IG_OK)
		return err;
	if (ram) {
		s->ram_base = ram->base;
		s->ram_pages = ram->pages;
		s->ram_cap = cap_new(CAP_MS, ram, p);
	}
	strcpy(s->name, p->cfg.name);
	strcpy(s->args, p->cfg.args ? p->cfg.args : "");
	p->utcb_next = 1;
	top[0] = si->base;
	if ((p->cfg.flags & CFG_EAGER) && (err = map_eagerly(p)) != IG_OK) {
		printf("iguana: domain '%s': out of memory mapping it eagerly (%lu frames free, kernel: %lu of %lu "
		       "frames charged)\n", p->cfg.name, frames_free_count(), l4_space_ctrl_out(p->space, L4_SC_KMEM_USED),
		       p->kmem);
		return err;
	}
	l4_word tid, sp = stack->base + 16 * PAGE - 64;
	if ((err = pd_thread_new(p, entry, sp, p->cfg.prio, 0, &tid)) != IG_OK)
		return err;
	p->state = IG_DS_RUNNING;
	return IG_OK;
}
