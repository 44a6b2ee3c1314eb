/* Physical frame allocator: a bitmap over the memory the kernel handed to the root task. */
#include "iguana.h"

#define MAX_FRAMES (1UL << 18)   /* 1 GiB */
static uint8_t used[MAX_FRAMES / 8];
static l4_word base, nframes, nfree, hint;

void frames_init(struct l4_bootinfo *bi)
{
	base = bi->mem[0].start;
	nframes = bi->mem[0].size / PAGE;
	if (nframes > MAX_FRAMES)
		nframes = MAX_FRAMES;
	nfree = nframes;
}

/* Reserve frames [0, n) for Iguana's own use (heap, module window). */
l4_word frames_reserve(l4_word n)
{
	for (l4_word i = 0; i < n; i++)
		used[i / 8] |= (uint8_t)(1 << (i % 8));
	nfree -= n;
	hint = n;
	return base;
}

l4_word frame_alloc(void)
{
	for (l4_word k = 0; k < nframes; k++) {
		l4_word i = (hint + k) % nframes;
		if (!(used[i / 8] & (1 << (i % 8)))) {
			used[i / 8] |= (uint8_t)(1 << (i % 8));
			nfree--;
			hint = i + 1;
			return base + i * PAGE;
		}
	}
	return 0;
}

void frame_free(l4_word pa)
{
	l4_word i = (pa - base) / PAGE;
	if (pa < base || i >= nframes || !(used[i / 8] & (1 << (i % 8)))) {
		printf("iguana: BUG: freeing bad frame %lx\n", pa);
		return;
	}
	used[i / 8] &= (uint8_t)~(1 << (i % 8));
	nfree++;
}

l4_word frames_free_count(void) { return nfree; }
