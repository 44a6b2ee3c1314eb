/* Virtqueues in the legacy layout (virtio_dev.h): descriptors, available
 * ring, then the used ring at the next page boundary; the driver's extra
 * pages follow. All in one section of consecutive frames (IG_MS_CONTIG),
 * whose physical address only this domain learns (boot config `dma`). */
#include "virtio_dev.h"
#include <stdio.h>

#define PAGE 4096UL
static l4_word round_page(l4_word n) { return (n + PAGE - 1) & ~(PAGE - 1); }

/* Called by the transport once the device is reset (vdev_init), before it
 * learns any address of ours: whatever an earlier instance of this driver
 * gave the device (the sections Iguana kept when it ended) may go now. */
void vdev_reset_done(const char *who)
{
	l4_word freed = 0;
	if (ig_dev_reset(&freed) != IG_OK)
		printf("%s: Iguana refused IG_DEV_RESET (boot config: dma)\n", who);
	else if (freed)
		printf("%s: device reset: %lu pages kept for it since the last instance freed\n", who, freed);
}

bool vq_create(struct vq *q, unsigned index, unsigned max, l4_word extra_pages, const char *who)
{
	unsigned n = vdev_queue_max(index);
	if (n > max)
		n = max;
	if (!n || (n & (n - 1))) {
		printf("%s: queue %u: unusable size %u\n", who, index, n);
		return false;
	}
	l4_word ring1 = round_page(16UL * n + 6 + 2UL * n), ring2 = round_page(6 + 8UL * n);
	l4_word pages = (ring1 + ring2) / PAGE + extra_pages, base, cap, pa;
	if (ig_ms_create(pages, IG_MS_R | IG_MS_W | IG_MS_CONTIG, &base, &cap) != IG_OK ||
	    ig_ms_phys(cap, 0, &pa) != IG_OK) {
		printf("%s: no DMA memory for queue %u (boot config: dma, quota)\n", who, index);
		return false;
	}
	*q = (struct vq){ .index = index, .n = n };
	q->desc = (volatile struct vq_desc *)base;
	q->avail = (volatile uint16_t *)(base + 16UL * n);
	q->used_hdr = (volatile uint16_t *)(base + ring1);
	q->used = (volatile struct vq_used *)(base + ring1 + 4);
	q->extra = base + ring1 + ring2;
	q->extra_pa = pa + ring1 + ring2;
	if (!vdev_queue_start(index, n, pa)) {
		printf("%s: queue %u: the device refused it\n", who, index);
		return false;
	}
	return true;
}

void vq_push(struct vq *q, unsigned head)
{
	q->avail[2 + q->avail_idx % q->n] = (uint16_t)head;
	vq_fence();
	q->avail[1] = ++q->avail_idx;
	vq_fence();
}

bool vq_pop(struct vq *q, unsigned *head, uint32_t *len)
{
	vq_fence();
	if (q->used_seen == q->used_hdr[1])
		return false;
	volatile struct vq_used *u = &q->used[q->used_seen % q->n];
	*head = u->id;
	*len = u->len;
	q->used_seen++;
	return true;
}
