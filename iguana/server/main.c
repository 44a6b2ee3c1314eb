/* Iguana: the root task. Takes memory and boot modules, starts the configured domains, serves. */
#include "server.h"
#include <stdlib.h>

l4_word iguana_tid, iguana_space;
struct device_range devices[L4_BI_MAXDEV];
int ndevices;
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

int main(struct l4_bootinfo *bi)
{
	iguana_tid = l4_utcb()->tid;
	iguana_space = l4_kinfo(L4_KI_MYSPACE);
	arch_entropy_seed(bi->seed, 4);
	frames_init(bi);
	printf("iguana: root server, %lu MiB of memory, %lu boot modules\n", frames_total() >> 8, bi->nmods);
	/* The devices the board lets drivers have (boot-config device=, mmio=). */
	for (l4_word i = 0; i < bi->ndev && i < L4_BI_MAXDEV; i++) {
		struct device_range *d = &devices[ndevices++];
		d->start = bi->dev[i].start;
		d->size = bi->dev[i].size;
		d->irq = bi->dev[i].irq;
		memcpy(d->name, bi->dev[i].name, sizeof(d->name));
		d->name[sizeof(d->name) - 1] = 0;
		printf("iguana: device '%s': ", d->name);
		if (d->size && d->size % PAGE)
			printf("%lx, %lu bytes, ", d->start, d->size);
		else if (d->size)
			printf("%lx, %lu pages, ", d->start, d->size / PAGE);
		if (d->irq != L4_BI_NOIRQ)
			printf("irq %lu, ", d->irq);
		printf("for drivers (device=%s)\n", d->name);
	}
	map_own_memory(bi);
	printf("iguana: %lu MiB free for domains\n", frames_free_count() >> 8);
	kmem_budget_init();
	l4_schedule(iguana_tid, 200, 0);     /* above Linux, below drivers and real time */
	boot_domains();
	serve();
}
