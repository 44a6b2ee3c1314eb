/* Kernel memory: 4 KiB frames from the pool reserved at boot.
 *
 * kalloc() hands out zeroed frames in constant time: freed frames go to a
 * dirty list and the idle thread zeroes them with interrupts on
 * (kmem_scrub). Zeroing a frame in the allocating call (512 stores) would
 * lengthen thread and space creation, and every page-table allocation, by
 * that much with interrupts off. When no clean frame is left, kalloc zeroes
 * one itself. */
#include <kernel.h>
#include <arch.h>

struct free_frame { struct free_frame *next; };
static struct free_frame *clean, *dirty;
static u64 nfree;

static void push(struct free_frame **list, void *page)
{
	struct free_frame *f = page;
	f->next = *list;
	*list = f;
}

static void *pop(struct free_frame **list)
{
	struct free_frame *f = *list;
	if (f)
		*list = f->next;
	return f;
}

void kmem_init(u64 start, u64 end)
{
	for (u64 pa = ALIGN_UP(start, PAGE_SIZE); pa + PAGE_SIZE <= end; pa += PAGE_SIZE) {
		void *p = phys_to_virt(pa);
		arch_zero_page(p, false);
		push(&clean, p);
		nfree++;
	}
}

void *kalloc(void)
{
	u64 *p = pop(&clean);
	if (p)
		p[0] = 0;                  /* the list link */
	else if ((p = pop(&dirty)))
		arch_zero_page(p, false);
	else
		return NULL;
	nfree--;
	return p;
}

void kfree(void *page)
{
	push(&dirty, page);
	nfree++;
}

/* Idle work: zero one dirty frame with interrupts on (the frame is off both
 * lists meanwhile but still counted free). True if there may be more. */
bool kmem_scrub(void)
{
	void *p = pop(&dirty);
	if (!p)
		return false;
	arch_zero_page(p, true);
	push(&clean, p);
	return true;
}

u64 kmem_free_count(void) { return nfree; }
