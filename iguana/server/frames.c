/* Physical frame allocator: a bitmap over the memory ranges the kernel handed to the root task. */
#include "server.h"

#define MAX_FRAMES (1UL << 22)   /* 16 GiB */
#define ALIGN64(n) (((n) + 63) & ~63UL)
static uint64_t used[MAX_FRAMES / 64];
static struct { l4_word pa, first, n; } range[L4_BI_MAXMEM];
static int nrange;
static l4_word nframes, nfree, hint;

void frames_init(struct l4_bootinfo *bi)
{
	for (l4_word i = 0; i < bi->nmem && i < L4_BI_MAXMEM; i++) {
		l4_word pa = (bi->mem[i].start + PAGE - 1) & ~(PAGE - 1);
		l4_word end = (bi->mem[i].start + bi->mem[i].size) & ~(PAGE - 1);
		if (end <= pa)
			continue;
		l4_word n = (end - pa) / PAGE;
		if (nframes + n > MAX_FRAMES)
			n = MAX_FRAMES - nframes;
		range[nrange].pa = pa;
		range[nrange].first = nframes;
		range[nrange++].n = n;
		nframes += n;
	}
	/* Bits past the last frame stay set: the word scan never hands them out. */
	for (l4_word i = nframes; i < ALIGN64(nframes); i++)
		used[i / 64] |= 1UL << (i % 64);
	nfree = nframes;
}

static l4_word pa_of(l4_word i)
{
	for (int r = nrange - 1; r >= 0; r--)
		if (i >= range[r].first)
			return range[r].pa + (i - range[r].first) * PAGE;
	return 0;
}

/* Reserve the first n frames (of the first range) for Iguana's own use. */
l4_word frames_reserve(l4_word n)
{
	if (!nrange || n > range[0].n)
		return 0;
	for (l4_word i = 0; i < n; i++)
		used[i / 64] |= 1UL << (i % 64);
	nfree -= n;
	hint = n;
	return range[0].pa;
}

l4_word frame_alloc(void)
{
	l4_word words = ALIGN64(nframes) / 64;
	if (!nfree)
		return 0;
	for (l4_word k = 0; k <= words; k++) {
		l4_word w = (hint / 64 + k) % words;
		if (used[w] == ~0UL)
			continue;
		l4_word bit = (l4_word)__builtin_ctzl(~used[w]);
		used[w] |= 1UL << bit;
		nfree--;
		hint = w * 64 + bit + 1;
		return pa_of(w * 64 + bit);
	}
	return 0;
}

static bool frame_used(l4_word i) { return used[i / 64] & (1UL << (i % 64)); }

/* n free frames at consecutive physical addresses (one range): the first's
 * address, or 0. For sections a device reads and writes by DMA. */
l4_word frames_alloc_contig(l4_word n)
{
	for (int r = 0; r < nrange; r++) {
		l4_word end = range[r].first + range[r].n;
		for (l4_word i = range[r].first; n && i + n <= end; i++) {
			l4_word k = 0;
			while (k < n && !frame_used(i + k))
				k++;
			if (k < n) {
				i += k;          /* the frame at i + k is taken: look past it */
				continue;
			}
			for (k = 0; k < n; k++)
				used[(i + k) / 64] |= 1UL << ((i + k) % 64);
			nfree -= n;
			return pa_of(i);
		}
	}
	return 0;
}

void frame_free(l4_word pa)
{
	for (int r = 0; r < nrange; r++) {
		if (pa < range[r].pa || pa >= range[r].pa + range[r].n * PAGE || (pa & (PAGE - 1)))
			continue;
		l4_word i = range[r].first + (pa - range[r].pa) / PAGE;
		if (!(used[i / 64] & (1UL << (i % 64))))
			break;
		used[i / 64] &= ~(1UL << (i % 64));
		nfree++;
		return;
	}
	printf("iguana: BUG: freeing bad frame %lx\n", pa);
}

l4_word frames_free_count(void) { return nfree; }
l4_word frames_total(void) { return nframes; }
