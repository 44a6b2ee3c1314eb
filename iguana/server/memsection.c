/* Memory sections: ranges of the one shared layout, backed by frames on first touch. */
#include "iguana.h"
#include <stdlib.h>

static struct ms sections[MAX_MS];
#define VA_BASE 0x100000000UL          /* sections Iguana places itself */
#define VA_TOP  0x7f0000000000UL
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
		if (m->used && addr >= m->base && addr < m->base + m->pages * PAGE)
			return m;
	}
	return NULL;
}

static bool overlaps(l4_word base, l4_word pages)
{
	for (int i = 0; i < MAX_MS; i++) {
		struct ms *m = &sections[i];
		if (m->used && base < m->base + m->pages * PAGE && m->base < base + pages * PAGE)
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

/* Unmapping Iguana's own copy revokes every domain's mapping derived from it. */
void ms_delete(struct ms *m)
{
	for (l4_word i = 0; i < m->pages; i++) {
		if (!m->frames[i])
			continue;
		l4_unmap(m->base + i * PAGE, 1, L4_RWX | L4_UNMAP_SELF);
		frame_free(m->frames[i]);
	}
	for (int i = 0; i < MAX_PDS; i++)
		if (pds[i].used)
			pd_detach(&pds[i], m);
	if (m->owner)
		m->owner->pages_used -= m->pages;
	cap_drop_object(m);
	free(m->frames);
	memset(m, 0, sizeof(*m));
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
	for (int i = 0; i < MAX_MS; i++)
		if (sections[i].used && sections[i].owner == p)
			ms_delete(&sections[i]);
}

l4_word ms_count(void)
{
	l4_word n = 0;
	for (int i = 0; i < MAX_MS; i++)
		n += sections[i].used;
	return n;
}
