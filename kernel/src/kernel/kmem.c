/* Kernel memory: a free list of 4 KiB frames from the pool reserved at boot. */
#include <kernel.h>

struct free_frame { struct free_frame *next; };
static struct free_frame *free_list;
static u64 nfree;

void kmem_init(u64 start, u64 end)
{
	for (u64 pa = ALIGN_UP(start, PAGE_SIZE); pa + PAGE_SIZE <= end; pa += PAGE_SIZE)
		kfree(phys_to_virt(pa));
}

void *kalloc(void)
{
	struct free_frame *f = free_list;
	if (!f)
		return NULL;
	free_list = f->next;
	nfree--;
	u64 *p = (u64 *)f;
	for (size_t i = 0; i < PAGE_SIZE / 8; i++)
		p[i] = 0;
	return p;
}

void kfree(void *page)
{
	struct free_frame *f = page;
	f->next = free_list;
	free_list = f;
	nfree++;
}

u64 kmem_free_count(void) { return nfree; }
